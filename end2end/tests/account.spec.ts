import { expect, test } from '@playwright/test';
import { SignInPage } from './board-page';

test.describe('account', () => {
  test.skip(({ javaScriptEnabled }) => !javaScriptEnabled, 'the new token is shown by the WebAssembly');

  test('a user creates an API token, sees it once, and revokes it', async ({ page }) => {
    await new SignInPage(page).signIn('ben@throughline.example');
    await page.getByRole('link', { name: /Ben Battery/ }).click();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Your account');
    await expect(page.locator('body')).toHaveAttribute('data-hydrated', 'true');

    await page.getByLabel('Name').fill('battery test rig');
    await page.getByLabel('Record telemetry').check();
    await page.getByRole('button', { name: 'Create token' }).click();

    const shown = page.locator('.new-token code');
    await expect(shown).toHaveText(/^tl_/);
    const row = page.locator('tr[data-token="battery test rig"]');
    await expect(row).toContainText('Record telemetry');
    await expect(row.locator('.last-used')).toHaveText('never');

    await row.getByRole('button', { name: 'Revoke' }).click();
    await expect(row).toContainText('Revoked');

    await page.reload();
    await expect(page.locator('.new-token')).toHaveCount(0);
    await expect(page.locator('tr[data-token="battery test rig"]')).toContainText('Revoked');
  });
});
