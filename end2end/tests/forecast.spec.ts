import { expect, test } from '@playwright/test';
import { DEMO_VIEWER, SignInPage } from './board-page';

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
