import { expect, test } from '@playwright/test';
import { DEMO_VIEWER, SignInPage } from './board-page';

test("the dependency map shows a product's features by team with what waits on what", async ({ page }) => {
  await new SignInPage(page).signIn(DEMO_VIEWER);
  await page.getByRole('link', { name: 'Roadmap', exact: true }).first().click();
  await page.getByRole('link', { name: 'Dependencies between features' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Dependencies between features');

  await page.getByLabel('Product').selectOption({ label: 'Heavy-lift drone' });
  await page.getByRole('button', { name: 'Show' }).click();
  await expect(page).toHaveURL(/product=/);
  await expect(page.getByRole('img', { name: /^Features by team and target month/ })).toBeVisible();

  const table = page.getByRole('table', { name: 'The dependencies as a table' });
  const waiting = table.getByRole('row').filter({ hasText: 'Bigger battery' });
  await expect(waiting.getByRole('rowheader')).toHaveText('Updated flight software');
  await waiting.getByRole('link', { name: 'Bigger battery', exact: true }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Bigger battery');
});
