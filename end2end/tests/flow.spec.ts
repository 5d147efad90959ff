import { expect, test } from '@playwright/test';
import { BoardPage, SignInPage } from './board-page';

test("a team's metrics page shows every flow chart and the four keys on the demo data", async ({ page }) => {
  await new SignInPage(page).signIn('tina@throughline.example');
  await new BoardPage(page).openTeam('Software');
  await page.getByRole('link', { name: 'Flow and delivery metrics' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Software: flow and delivery');

  for (const title of [
    'Cycle time scatterplot',
    'Throughput run chart',
    'Cumulative flow',
    'Aging work in progress',
    'Work in progress at the end of each day',
  ]) {
    const chart = page.locator('figure.flow-chart svg').filter({ has: page.locator('title', { hasText: title }) });
    await expect(chart, title).toBeVisible();
  }
  const scatter = page.locator('figure.flow-chart').filter({ has: page.locator('title', { hasText: 'Cycle time scatterplot' }) });
  expect(await scatter.locator('circle.point').count()).toBeGreaterThan(0);
  await expect(scatter.locator('line.percentile')).toHaveCount(3);
  // Each chart names its axes and gives its figures as a table too.
  await expect(scatter.locator('text.axis-title')).toHaveText(['Finish date', 'Cycle time (days)']);
  await scatter.getByText('The figures as a table').click();
  await expect(scatter.locator('.chart-data tbody tr')).toHaveCount(await scatter.locator('circle.point').count());
  await expect(scatter.locator('.chart-data tbody tr').first().locator('td').nth(1)).toHaveText(/^\d{4}-\d{2}-\d{2}$/);
  expect(await page.locator('polygon.band').count()).toBeGreaterThan(3);
  await expect(page.locator('.flow-efficiency')).toHaveText(/^\d+%$/);
  await expect(page.getByRole('list', { name: 'Flow distribution' })).toContainText('%');

  for (const key of ['Deployment frequency', 'Lead time for changes', 'Change failure rate', 'Time to restore']) {
    const card = page.getByRole('article', { name: key });
    await expect(card.locator('.key-band')).toHaveText(/Elite|High|Medium|Low/);
  }

  // Another range, in the URL: the form works with or without JavaScript.
  await page.getByLabel('From', { exact: true }).fill('2026-01-01');
  await page.getByLabel('To', { exact: true }).fill('2026-01-31');
  await page.getByRole('button', { name: 'Show' }).click();
  await expect(page).toHaveURL(/from=2026-01-01&to=2026-01-31/);
  // Dates are typed and shown as ISO dates, whatever the browser's locale.
  await expect(page.getByLabel('From', { exact: true })).toHaveAttribute('placeholder', 'YYYY-MM-DD');
  await expect(page.locator('figure.flow-chart text.tick').filter({ hasText: '2026-01-01' }).first()).toBeAttached();
  await expect(page.locator('figure.flow-chart').filter({ hasText: 'Nothing finished in this range.' })).toBeVisible();
  await expect(page.getByRole('article', { name: 'Deployment frequency' }).locator('.key-value')).toHaveText('no data');
});

test("a product's flow narrows to an epic, and an epic links to the flow of the work under it", async ({ page }) => {
  const epic = 'A drone that carries heavy weights';
  await new SignInPage(page).signIn('paul@throughline.example');
  await page.goto('/');
  await page.getByRole('navigation', { name: 'Boards' }).getByRole('link', { name: 'Heavy-lift drone', exact: true }).click();
  await page.getByRole('link', { name: 'Flow and delivery metrics' }).click();
  const heading = page.getByRole('heading', { level: 1 });
  await expect(heading).toHaveText('Heavy-lift drone: flow and delivery');
  await expect(page.locator('figure.flow-chart svg').filter({ has: page.locator('title', { hasText: 'Cumulative flow' }) })).toBeVisible();
  // The product's four keys count the teams with work under its features.
  await expect(page.locator('.delivery-teams')).toContainText('Software');
  await expect(page.getByRole('article', { name: 'Deployment frequency' }).locator('.key-band')).toHaveText(/Elite|High|Medium|Low/);

  await page.getByLabel('Only under').selectOption({ label: `Epic: ${epic}` });
  await page.getByRole('button', { name: 'Show' }).click();
  await expect(page).toHaveURL(/within=epic%3A|within=epic:/);
  await expect(heading).toHaveText(`Heavy-lift drone: flow of the features under “${epic}”`);
  expect(await page.locator('polygon.band').count()).toBeGreaterThan(0);

  // From the epic, the flow of its work on a team board.
  await page.goto('/');
  await new BoardPage(page).card(epic).getByRole('link', { name: epic, exact: true }).click();
  const below = page.getByRole('navigation', { name: 'Flow of the work under it' });
  await below.getByRole('link', { name: 'Software', exact: true }).click();
  await expect(heading).toHaveText(`Software: flow of the work items under “${epic}”`);
  await expect(page.locator('figure.flow-chart svg').filter({ has: page.locator('title', { hasText: 'Aging work in progress' }) })).toBeVisible();
});
