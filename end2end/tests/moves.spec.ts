import { expect, test } from '@playwright/test';
import { BoardPage, SignInPage } from './board-page';

const TINA = 'tina@throughline.example';
const ERIN = 'erin@throughline.example';
// The two projects share one server, so each moves its own card.
const MOVES = {
  hydrated: { card: 'Payload-aware landing profile', from: 'To Do', to: 'In Progress' },
  plain: { card: 'Gust simulation at full payload', from: 'Done', to: 'Ready to Deploy' },
};

test('a team member moves a card, and an executive sees the move in its history', async ({
  page,
  baseURL,
  javaScriptEnabled,
}) => {
  const { card: CARD, from, to } = javaScriptEnabled ? MOVES.hydrated : MOVES.plain;
  const signIn = new SignInPage(page);
  const board = new BoardPage(page);
  await signIn.signIn(TINA);

  // Her own team's board: every card has move controls (without JavaScript, on its page).
  await board.openTeam('Software');
  const card = board.card(CARD);
  await expect(board.column(from)).toContainText(CARD);
  if (javaScriptEnabled) await board.waitForHydration();
  await expect(page.locator('#move-help')).toHaveText(
    javaScriptEnabled ? /^Drag a card, or focus it/ : 'To move a card, open it: its page has a Move form.',
  );
  await expect(card.getByRole('link', { name: `Move “${CARD}”` })).toHaveCount(javaScriptEnabled ? 1 : 0);
  await board.moveCard(CARD, to);
  await expect(board.column(to)).toContainText(CARD);
  // Its days in the column start again.
  await expect(board.meta(CARD)).toHaveText(/ · 0d( · \d+)?( · waits on \d+)?$/);
  const itemPath = await board.card(CARD).getByRole('link', { name: CARD, exact: true }).getAttribute('href');

  // Another team's board: no controls, and a forged request is refused.
  await board.openTeam('Battery');
  await expect(page.locator('.card-move')).toHaveCount(0);
  const battery = board.card('Thermal test of the larger pack');
  await expect(battery).toBeVisible();
  const batteryId = await board.cardId('Thermal test of the larger pack');
  const forged = await page.request.post('/api/move_item', {
    headers: { Origin: baseURL! },
    form: { kind: 'work_item', item_id: batteryId!, to_column_id: batteryId!, version: '1' },
  });
  expect(forged.status()).toBe(403);

  // The executive sees who moved it, from where to where.
  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page).toHaveURL(/\/login/);
  await signIn.signIn(ERIN);
  await page.goto(itemPath!);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(CARD);
  await expect(page.locator('.history li').first()).toContainText(
    `Tina Software moved it from ${from} to ${to}`,
  );
  await expect(page.locator('.breadcrumb')).toContainText('Grow market share');
});
