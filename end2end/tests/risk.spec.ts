import { expect, test } from '@playwright/test';
import { SignInPage } from './board-page';

test("an executive finds why a theme is at risk on the dashboard, one click from the cause", async ({ page }) => {
  await new SignInPage(page).signIn('erin@throughline.example');
  await expect(page).toHaveURL(/\/dashboard$/);
  const theme = page
    .getByRole('list', { name: 'Strategy tree' })
    .locator('li[data-kind="theme"]')
    .filter({ hasText: 'Lead the heavy-lift segment' });
  const standing = theme.locator('.standing').first();
  await expect(standing).toHaveText('At risk: Flight time at full payload, claimed by the feature Bigger battery');

  // Needing attention shows the way down from the theme to the claiming feature.
  const attention = page.getByRole('region', { name: 'Metrics needing attention' });
  await expect(
    attention.getByRole('list', { name: 'Claimed through' }).filter({ hasText: 'Bigger battery' }),
  ).toContainText('Lead the heavy-lift segment');

  // What the forecasts say will miss its target date, or that nothing will.
  await expect(page.getByRole('region', { name: 'Forecast to miss their target date' })).toContainText(
    /85 % likely done by|Everything with a target date is forecast to make it/,
  );

  // Each metric's trend beside its value.
  await expect(
    page.getByRole('region', { name: 'Outcome metrics: their trend' }).getByRole('img', {
      name: /^Trend of Flight time at full payload: from 18 to 22\.8 over its last 7 measurements$/,
    }),
  ).toBeVisible();

  await standing.getByRole('link', { name: 'Bigger battery', exact: true }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Bigger battery');
  await expect(page.getByRole('region', { name: 'Outcome metrics' })).toContainText('Flight time at full payload');
});
