import { expect, test } from '@playwright/test';
import { BoardPage, SignInPage } from './board-page';

const ADA = 'ada@throughline.example';

test.skip(({ javaScriptEnabled }) => !javaScriptEnabled, 'keyboard shortcuts need the WebAssembly');

test('keyboard shortcuts: ? lists them, / filters, n adds a card, g goes; none fires while typing', async ({
  page,
}) => {
  const board = new BoardPage(page);
  await new SignInPage(page).signIn(ADA);
  await board.openTeam('Engine');
  await board.waitForHydration();

  // `?` shows the list; Escape closes it.
  await page.keyboard.press('?');
  const help = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
  await expect(help).toBeVisible();
  await expect(help).toContainText('Filter the board');
  await page.keyboard.press('Escape');
  await expect(help).toBeHidden();

  // `/` goes to the filter; typed there, the keys are text, not shortcuts.
  await page.keyboard.press('/');
  const text = page.getByRole('searchbox', { name: 'Text' });
  await expect(text).toBeFocused();
  await page.keyboard.type('ng?');
  await expect(text).toHaveValue('ng?');
  await expect(help).toBeHidden();
  await expect(page).toHaveURL(/\/teams\//);
  await text.fill('');

  // `n` goes to the first column's quick add.
  await page.locator('h1').click();
  await page.keyboard.press('n');
  await expect(page.getByRole('textbox', { name: 'New work item in To Do' })).toBeFocused();

  // `g` then `s`: the strategy.
  await page.locator('h1').click();
  await page.keyboard.press('g');
  await page.keyboard.press('s');
  await expect(page).toHaveURL(/\/strategy$/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Strategy');
});
