import { expect, test } from '@playwright/test';
import { BoardPage, DEMO_VIEWER, SignInPage } from './board-page';

test("a feature's page forecasts when its work left is done, at its teams' pace", async ({ page }) => {
  await new SignInPage(page).signIn(DEMO_VIEWER);
  await page.goto('/');
  await page.getByRole('navigation', { name: 'Boards' }).getByRole('link', { name: 'Heavy-lift drone', exact: true }).click();
  await page.getByRole('link', { name: 'Updated flight software', exact: true }).first().click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Updated flight software');

  const forecast = page.getByRole('region', { name: 'Forecast' });
  // The teams whose boards hold its work items, Software among them.
  await expect(forecast).toContainText(
    /At the pace of [A-Za-z, ]*Software[A-Za-z, ]* over the last 90 days \(\d+ work items finished\), the \d+ work items left are done by:/,
  );
  await expect(forecast.getByRole('listitem')).toHaveText([
    /^\d{4}-\d{2}-\d{2} \(50 % likely\)$/,
    /^\d{4}-\d{2}-\d{2} \(85 % likely\)$/,
    /^\d{4}-\d{2}-\d{2} \(95 % likely\)$/,
  ]);
});

test('a team board says how many work items it finishes by a chosen date', async ({ page }) => {
  await new SignInPage(page).signIn(DEMO_VIEWER);
  await new BoardPage(page).openTeam('Software');
  await page.getByRole('link', { name: 'Flow and delivery metrics' }).click();

  const pace = page.getByRole('region', { name: 'How many by a date' });
  const inTwoMonths = new Date(Date.now() + 60 * 86_400_000).toISOString().slice(0, 10);
  await pace.getByLabel('By').fill(inTwoMonths);
  await pace.getByRole('button', { name: 'Forecast' }).click();
  await expect(page).toHaveURL(new RegExp(`by=${inTwoMonths}`));
  await expect(pace).toContainText(
    new RegExp(`From today to ${inTwoMonths} \\(61 days\\), at this board's pace over the last 90 days, it finishes:`),
  );
  await expect(pace.getByRole('listitem')).toHaveText([
    /^\d+ work items or more \(50 % likely\)$/,
    /^\d+ work items or more \(85 % likely\)$/,
    /^\d+ work items or more \(95 % likely\)$/,
  ]);
});
