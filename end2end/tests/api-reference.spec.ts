import { expect, test } from '@playwright/test';
import { SignInPage } from './board-page';

test.describe('the API reference', () => {
  test.skip(({ javaScriptEnabled }) => !javaScriptEnabled, 'the new token is shown, and the reference drawn, by scripts');

  test('a user makes a token, opens the API reference from the account page and calls the API with it', async ({ page }) => {
    // Swagger UI is a 1.5 MB script that draws the page from the served document:
    // beside another browser running the accessibility checks on two cores, its
    // first drawing took more than the usual 10 s, and the whole test more than 30 s.
    test.setTimeout(120_000);
    const drawn = { timeout: 30_000 };
    await new SignInPage(page).signIn('ben@throughline.example');
    await page.goto('/account');
    await expect(page.locator('body')).toHaveAttribute('data-hydrated', 'true');
    await page.getByLabel('Name').fill('board sync');
    await page.getByLabel('Read', { exact: true }).check();
    await page.getByRole('button', { name: 'Create token' }).click();
    const token = (await page.locator('.new-token code').textContent())!.trim();
    expect(token).toMatch(/^tl_/);

    await page.getByRole('link', { name: 'API reference' }).click();
    await expect(page).toHaveURL(/\/api\/v1\/docs\/$/);
    await expect(page.locator('.swagger-ui .title')).toContainText('Throughline API', drawn);
    // The operations are listed from the served document, by tag.
    await expect(page.locator('#operations-tag-items')).toBeVisible(drawn);

    // Try it out: authorize with the token and list the items.
    await page.getByRole('button', { name: /Authorize/ }).first().click();
    await page.locator('.auth-container input').fill(token);
    await page.getByRole('button', { name: 'Apply credentials' }).click();
    await page.locator('.auth-btn-wrapper').getByRole('button', { name: 'Close' }).click();
    const listItems = page.locator('#operations-items-list_items');
    await listItems.locator('.opblock-summary').click();
    await listItems.getByRole('button', { name: 'Try it out' }).click();
    await listItems.getByRole('button', { name: 'Execute' }).click();
    const answer = listItems.locator('.live-responses-table .response .response-col_status').first();
    await expect(answer).toHaveText('200', drawn);
    // The body, highlighted or not (Swagger UI leaves large ones plain).
    await expect(listItems.locator('.live-responses-table .response .response-col_description').first()).toContainText(
      '"next_cursor"',
      drawn,
    );
  });
});
