import { expect, test, type Page } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { BoardPage, SignInPage } from './board-page';

const ADA = 'ada@throughline.example';

// Tall enough that a drag never scrolls the page under the pointer.
test.use({ viewport: { width: 1400, height: 1000 } });

/** Adds a card to the team's To Do column through the API, as a script would. */
async function addCard(page: Page, baseURL: string, teamId: string, title: string) {
  const response = await page.request.post('/api/create_work_item', {
    headers: { Origin: baseURL },
    form: { team_id: teamId, 'item[title]': title },
  });
  expect(response.status()).toBe(200);
}

test('a hard limit refuses the third card; made soft, the third needs a reason the report shows', async ({
  page,
  baseURL,
  javaScriptEnabled,
}) => {
  // The two projects share one server: each takes its own team.
  const team = javaScriptEnabled ? 'Engine' : 'Platform';
  const cards = [1, 2, 3].map((n) => `Gate check ${n} (${team})`);
  const REASON = `Investor demo needs all three (${team})`;
  const board = new BoardPage(page);
  await new SignInPage(page).signIn(ADA);
  await board.openTeam(team);
  const teamId = page.url().split('/teams/')[1];
  for (const title of cards) await addCard(page, baseURL!, teamId, title);

  // A hard limit of 2 on Ready to Deploy.
  await page.getByRole('link', { name: 'WIP limits' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(`WIP limits of ${team}`);
  const add = page.locator('form').filter({ has: page.getByRole('button', { name: 'Add limit' }) });
  await add.getByLabel('Column (first of a group)').selectOption({ label: 'Ready to Deploy' });
  await add.getByLabel('Limit', { exact: true }).fill('2');
  await add.getByLabel('Enforcement').selectOption('hard');
  await add.getByRole('button', { name: 'Add limit' }).click();
  await expect(page.getByRole('listitem', { name: 'Ready to Deploy' })).toContainText('2 (hard)');
  await page.getByRole('link', { name: 'Back to the board' }).click();
  const target = board.column('Ready to Deploy');
  await expect(target.locator('.wip')).toHaveText('0 / 2');

  const boardUrl = page.url();
  const moveByForm = (title: string) => board.moveCard(title, 'Ready to Deploy');
  /** Without JavaScript: the item's own move form, which answers on the item's page. */
  const tryMoveOnItemPage = async (title: string, reason?: string) => {
    const form = page.url().includes('/work-items/')
      ? page.getByRole('region', { name: 'Move' })
      : await board.openMove(title);
    await form.getByLabel('Move to').selectOption({ label: 'Ready to Deploy' });
    if (reason) await form.getByLabel('Reason, if the move goes over a WIP limit or finishes waiting work').fill(reason);
    await form.getByRole('button', { name: 'Move', exact: true }).click();
  };
  const drag = (title: string) => board.dragCard(title, 'Ready to Deploy');

  if (javaScriptEnabled) await board.waitForHydration();
  for (const title of cards.slice(0, 2)) {
    if (javaScriptEnabled) await drag(title);
    else await moveByForm(title);
    await expect(target).toContainText(title);
  }
  await expect(target).toHaveAttribute('data-wip', 'at-limit');

  // The third is refused, with the message naming the limit and what holds it.
  if (javaScriptEnabled) {
    // Mid-drag, the drop target already says so.
    await board.holdCardOver(cards[2], 'Ready to Deploy');
    await expect(target.locator('.wip-preview')).toHaveText(
      'Refused: would exceed the hard WIP limit of Ready to Deploy (3/2)',
    );
    await page.mouse.up();
    // The refused card says why, and keeps the focus for the keyboard.
    await expect(board.card(cards[2]).locator('.move-refusal')).toContainText(
      'Not moved: “Ready to Deploy” is at its hard WIP limit of 2',
    );
    await expect(board.card(cards[2])).toBeFocused();
  } else {
    await tryMoveOnItemPage(cards[2]);
    await expect(page.locator('.form-error')).toContainText(
      '“Ready to Deploy” is at its hard WIP limit of 2',
    );
    await page.goto(boardUrl);
  }
  await expect(board.column('To Do')).toContainText(cards[2]);

  // Made soft, the third may go over with a reason.
  await page.getByRole('link', { name: 'WIP limits' }).click();
  const limit = page.getByRole('listitem', { name: 'Ready to Deploy' });
  await limit.getByText('Ready to Deploy: 2 (hard)').click();
  await limit.getByLabel('Enforcement').selectOption('soft');
  await limit.getByRole('button', { name: 'Save limit' }).click();
  await expect(page.getByRole('listitem', { name: 'Ready to Deploy' })).toContainText('2 (soft)');
  await page.getByRole('link', { name: 'Back to the board' }).click();
  if (javaScriptEnabled) {
    await board.waitForHydration();
    // The board's move dialog asks why; cancelled, nothing moves and that is said.
    const dialog = page.getByRole('dialog', { name: `Move “${cards[2]}”` });
    await drag(cards[2]);
    await expect(dialog).toContainText('would exceed the soft WIP limit of Ready to Deploy (3/2)');
    await expect(dialog.getByLabel('Reason, if the move goes over a WIP limit or finishes waiting work')).toBeFocused();
    await page.keyboard.press('Escape');
    await expect(dialog).toBeHidden();
    await expect(page.getByRole('status').filter({ hasText: 'not moved' })).toHaveText(
      `“${cards[2]}” was not moved: the move needs a reason`,
    );
    await expect(board.column('To Do')).toContainText(cards[2]);
    // Asked again, the reason given.
    await drag(cards[2]);
    await dialog.getByLabel('Reason, if the move goes over a WIP limit or finishes waiting work').fill(REASON);
    await dialog.getByRole('button', { name: 'Move', exact: true }).click();
    await expect(dialog).toBeHidden();
  } else {
    await tryMoveOnItemPage(cards[2]);
    // Named at the reason's field.
    await expect(page.getByRole('region', { name: 'Move' }).locator('#error-reason')).toContainText(
      'say why it should go over',
    );
    await tryMoveOnItemPage(cards[2], REASON);
    await expect(page.locator('.item-column')).toHaveText('Ready to Deploy');
    await page.goto(boardUrl);
  }
  await expect(target).toContainText(cards[2]);
  await expect(target).toHaveAttribute('data-wip', 'over');

  // The report has who, why and that it is still over.
  await page.goto('/reports/wip');
  const row = page.locator('table.infractions tr').filter({ hasText: REASON });
  await expect(row).toContainText('Ada Admin');
  await expect(row).toContainText(cards[2]);
  await expect(row).toContainText('still over');
  await expect(page.locator('.over-now')).toContainText(`${team}: Ready to Deploy 3 / 2 (soft)`);

  // And as a spreadsheet.
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('link', { name: 'Download as CSV' }).click(),
  ]);
  expect(download.suggestedFilename()).toBe('wip-report.csv');
  const csv = readFileSync((await download.path())!, 'utf8');
  expect(csv).toContain(`,${team},Ready to Deploy,3,2,${cards[2]},Ada Admin,${REASON},,`);
});

test("a limit's form shows only its kind's fields, and removing a limit asks first", async ({
  page,
  javaScriptEnabled,
}) => {
  // The two projects share one server: each takes its own team and person.
  const team = javaScriptEnabled ? 'Battery' : 'Software';
  const person = `Someone on call (${team})`;
  const board = new BoardPage(page);
  await new SignInPage(page).signIn(ADA);
  await board.openTeam(team);
  await page.getByRole('link', { name: 'WIP limits' }).click();
  const add = page.locator('form').filter({ has: page.getByRole('button', { name: 'Add limit' }) });

  // A column's limit asks for its column, not for a person or a lane.
  await expect(add.getByLabel('Kind')).toHaveValue('column');
  await expect(add.getByLabel('Column (first of a group)')).toBeVisible();
  for (const hidden of ['Last column of a group', 'Class of service (lane)', 'Person']) {
    await expect(add.getByLabel(hidden, { exact: true })).toBeHidden();
  }
  // A second limit on a column that has one is refused, naming it.
  await add.getByLabel('Column (first of a group)').selectOption({ label: 'In Progress' });
  await add.getByLabel('Limit', { exact: true }).fill('9');
  await add.getByRole('button', { name: 'Add limit' }).click();
  await expect(page.locator('.form-error')).toContainText(
    '“In Progress” already has a WIP limit: change that one instead',
  );
  await expect(page.getByRole('listitem', { name: 'In Progress' })).not.toContainText('9');
  // A person's, only for the person.
  await add.getByLabel('Kind').selectOption('person');
  await expect(add.getByLabel('Person', { exact: true })).toBeVisible();
  await expect(add.getByLabel('Column (first of a group)')).toBeHidden();
  await add.getByLabel('Person', { exact: true }).fill(person);
  await add.getByLabel('Limit', { exact: true }).fill('4');
  await add.getByRole('button', { name: 'Add limit' }).click();
  const row = page.getByRole('listitem', { name: person });
  await expect(row).toContainText('4 (soft)');

  // Removing asks first, saying what it means.
  await row.getByLabel(`Remove the limit of ${person}`).click();
  await expect(row).toContainText(`Remove the limit of ${person}? Moves are no longer checked against it.`);
  await row.getByRole('button', { name: 'Remove the limit' }).click();
  await expect(page.getByRole('listitem', { name: person })).toHaveCount(0);
});
