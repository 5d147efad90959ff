import { expect, test } from '@playwright/test';
import { guestPort } from '../playwright.config';
import { BoardPage } from './board-page';

const guestSite = `http://127.0.0.1:${guestPort}`;

test('a guest reads the demo portfolio without signing in, with no way to change it', async ({
  page,
}) => {
  await page.goto(`${guestSite}/`);
  const board = new BoardPage(page);

  await expect(board.heading).toHaveText('Portfolio');
  await expect(board.column('Implementing')).toContainText('A drone that carries heavy weights');
  await expect(page.getByRole('link', { name: 'Guest (read only) · Sign in' })).toBeVisible();

  await page.getByRole('navigation', { name: 'Boards' }).getByRole('link', { name: 'Software', exact: true }).click();
  await expect(board.heading).toHaveText('Software');
  await expect(page.locator('.card-move')).toHaveCount(0);
});
