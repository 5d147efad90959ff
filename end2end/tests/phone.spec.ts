import { expect } from '@playwright/test';
import { PAGES, test } from './app-pages';
import { BoardPage } from './board-page';

// Runs in the `phone` project only: a 390 × 844 screen.

for (const { name, path: pathOf, signedOut } of PAGES) {
  test(`${name} does not scroll sideways on a phone`, async ({ page, admin }) => {
    if (signedOut) await page.context().clearCookies();
    await page.goto(pathOf(admin.paths));
    await page.waitForLoadState('load');
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow, `${page.url()} is ${overflow} px wider than the screen`).toBeLessThanOrEqual(0);
  });
}

test('the top bar folds into a menu, with and without JavaScript', async ({ page, browser, admin }) => {
  const plain = await browser.newContext({
    javaScriptEnabled: false,
    viewport: page.viewportSize()!,
    baseURL: test.info().project.use.baseURL,
    storageState: admin.storageState,
  });
  for (const tab of [page, await plain.newPage()]) {
    await tab.goto('/');
    const nav = tab.getByRole('navigation', { name: 'Boards' });
    const software = nav.getByRole('link', { name: 'Software', exact: true });
    await expect(software).toBeHidden();
    await nav.getByRole('button', { name: 'Menu' }).click();
    await expect(software).toBeVisible();
    await software.click();
    await expect(tab.getByRole('heading', { level: 1 })).toHaveText('Software');
  }
  await plain.close();
});

test('a card moves through the move dialog on a phone', async ({ page }) => {
  const title = 'Moved on a phone';
  const board = new BoardPage(page);
  await page.goto('/');
  await page.getByRole('button', { name: 'Menu' }).click();
  await page.getByRole('navigation', { name: 'Boards' }).getByRole('link', { name: 'Platform', exact: true }).click();
  await board.waitForHydration();
  await board.column('To Do').getByLabel('New work item in To Do').fill(title);
  await board.column('To Do').getByLabel('New work item in To Do').press('Enter');
  await expect(board.column('To Do')).toContainText(title);
  const dialog = await board.openMove(title);
  await dialog.getByLabel('Move to').selectOption({ label: 'In Progress' });
  await dialog.getByRole('button', { name: 'Move', exact: true }).click();
  await expect(board.column('In Progress')).toContainText(title);
});
