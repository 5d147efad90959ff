import { expect, test } from '@playwright/test';
import { DEMO_VIEWER, SignInPage } from './board-page';

test('the roadmap shows epics and their features with targets and forecasts, and leads to each', async ({ page }) => {
  await new SignInPage(page).signIn(DEMO_VIEWER);
  await page.getByRole('link', { name: 'Roadmap', exact: true }).first().click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Roadmap');
  await expect(page.getByRole('img', { name: /^Roadmap: epics and features/ })).toBeVisible();

  const table = page.getByRole('table', { name: 'The roadmap as a table' });
  const epic = table.getByRole('row').filter({ hasText: 'A drone that carries heavy weights' });
  await expect(epic).toContainText('Epic');
  const battery = table.getByRole('row').filter({ hasText: 'Bigger battery' });
  await expect(battery.getByRole('cell').nth(3)).toHaveText(/^\d{4}-\d{2}-\d{2}$|^No forecast/);
  await battery.getByRole('link', { name: 'Bigger battery', exact: true }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Bigger battery');
});
