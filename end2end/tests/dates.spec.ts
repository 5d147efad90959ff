import { expect, test } from '@playwright/test';
import { BoardPage, SignInPage } from './board-page';

test('fixed-date work is refused without its date, and the date shows on the item and its card', async ({
  page,
  javaScriptEnabled,
}) => {
  // The two projects share one server: each adds and dates its own card.
  const title = `Certify the larger pack (${javaScriptEnabled ? 'hydrated' : 'plain'})`;
  const board = new BoardPage(page);
  await new SignInPage(page).signIn('tina@throughline.example');
  await board.openTeam('Software');
  if (javaScriptEnabled) await board.waitForHydration();
  await board.addWorkItem('To Do', title);
  await board.openCard(title);
  await page.getByText('Edit this work item').click();
  await page.getByLabel('Class of service').selectOption('Fixed date');
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  await expect(
    page.locator('.field-error').filter({ hasText: 'fixed-date work needs the date it is due' }),
  ).toBeVisible();

  await page.getByLabel('Target date (fixed date: required)').fill('2026-12-18');
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  await expect(page.locator('.item-fields')).toContainText('Target date2026-12-18');

  // The board says when it is due, in the card's first line.
  await board.openTeam('Software');
  await expect(board.meta(title)).toContainText('due 2026-12-18');
});
