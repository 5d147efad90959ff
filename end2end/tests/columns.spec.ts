import { expect, test } from '@playwright/test';
import { BoardPage, SignInPage } from './board-page';

const BEN = 'ben@throughline.example';

test('a team adds, renames, moves and removes a column of its board', async ({
  page,
  javaScriptEnabled,
}) => {
  // The two projects share one server: each works on its own column.
  const NAME = javaScriptEnabled ? 'Bench test' : 'Field trial';
  const RENAMED = `${NAME} rig`;
  const board = new BoardPage(page);
  await new SignInPage(page).signIn(BEN);
  await board.openTeam('Battery');
  await page.getByRole('link', { name: 'Configure columns' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Columns of Battery');

  // Added just before Done.
  const add = page.locator('form').filter({ has: page.getByRole('button', { name: 'Add column' }) });
  await add.getByLabel('Name').fill(NAME);
  await add.getByLabel('Activity').selectOption('wait');
  await add.getByRole('button', { name: 'Add column' }).click();
  const row = page.getByRole('listitem', { name: NAME });
  await expect(row).toBeVisible();

  // A layout that breaks the flow is refused with the reason.
  await row.getByLabel('State').selectOption('not_started');
  await row.getByRole('button', { name: 'Save' }).click();
  await expect(page.locator('.form-error')).toContainText('cannot come after');

  await page.getByRole('listitem', { name: NAME }).getByLabel('Name').fill(RENAMED);
  await page.getByRole('listitem', { name: NAME }).getByLabel('State').selectOption('started');
  await page.getByRole('listitem', { name: NAME }).getByRole('button', { name: 'Save' }).click();
  const renamed = page.getByRole('listitem', { name: RENAMED });
  await expect(renamed).toBeVisible();
  await renamed.getByRole('button', { name: `Move ${RENAMED} left` }).click();

  // The board shows it where it was put.
  await page.getByRole('link', { name: 'Back to the board' }).click();
  await expect(board.column(RENAMED)).toBeVisible();
  const columns = await board.columnNames();
  expect(columns.indexOf(RENAMED)).toBeGreaterThan(0);
  expect(columns.indexOf(RENAMED)).toBeLessThan(columns.indexOf('Ready to Deploy'));
  await expect(board.column(RENAMED)).toHaveAttribute('data-activity', 'wait');

  // Empty, so it can go.
  await page.getByRole('link', { name: 'Configure columns' }).click();
  await page.getByRole('button', { name: `Remove ${RENAMED}` }).click();
  await expect(page.getByRole('listitem', { name: RENAMED })).toHaveCount(0);
});
