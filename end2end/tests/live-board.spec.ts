import { expect, test, type Page } from '@playwright/test';
import { BoardPage, SignInPage } from './board-page';

const ADA = 'ada@throughline.example';

// Tall enough that a drag never scrolls the page under the pointer.
test.use({ viewport: { width: 1400, height: 1000 } });

/** Calls a server function as a script would; answers its JSON. */
async function call(page: Page, baseURL: string, name: string, form: Record<string, string>) {
  const response = await page.request.post(`/api/${name}`, { headers: { Origin: baseURL }, form });
  expect(response.status(), await response.text()).toBe(200);
  return response.json();
}

/** A board of its own for each test and project, so no other spec's moves touch it. */
function unique(name: string, javaScriptEnabled: boolean) {
  return `${name} ${javaScriptEnabled ? 'hydrated' : 'plain'} ${Date.now()}`;
}

test('a move is applied in place: only the moved card is drawn again, it keeps the focus, and the board is not reloaded', async ({
  page,
  baseURL,
  javaScriptEnabled,
}) => {
  test.skip(!javaScriptEnabled, 'without JavaScript a move posts a form and the page loads again');
  const board = new BoardPage(page);
  await new SignInPage(page).signIn(ADA);
  const team = await call(page, baseURL!, 'create_board', {
    kind: 'team',
    name: unique('Live moves', javaScriptEnabled),
  });
  for (const title of ['First card', 'Second card', 'Third card']) {
    await call(page, baseURL!, 'create_work_item', { team_id: team, 'item[title]': title });
  }
  await page.goto(`/teams/${team}`);
  await board.waitForHydration();
  const toDo = board.column('To Do');
  const inProgress = board.column('In Progress');
  await expect(toDo.locator('.wip')).toHaveText('3');

  let boardLoads = 0;
  page.on('request', (request) => {
    if (request.url().includes('/api/team_board')) boardLoads += 1;
  });
  // A card drawn again loses this mark.
  await page.locator('li.card').evaluateAll((cards) =>
    cards.forEach((card) => card.setAttribute('data-drawn-before', '')),
  );
  const redrawn = page.locator('li.card:not([data-drawn-before])');

  await board.card('Second card').focus();
  await page.keyboard.press('ArrowRight');
  await expect(inProgress).toContainText('Second card');
  await expect(board.card('Second card')).toBeFocused();
  await expect(inProgress.locator('.wip')).toHaveText('1 / 3');
  await expect(toDo.locator('.wip')).toHaveText('2');
  await expect(redrawn).toHaveCount(1);

  // Reordering within a column: the card goes above its neighbour.
  await board.card('Third card').focus();
  await page.keyboard.press('ArrowUp');
  await expect(toDo.locator('.card h3')).toHaveText(['Third card', 'First card']);
  await expect(board.card('Third card')).toBeFocused();
  await expect(redrawn).toHaveCount(2);

  // The answers kept the page true, so it never asked for the whole board again.
  expect(boardLoads).toBe(0);
  await page.reload();
  await expect(inProgress).toContainText('Second card');
  await expect(toDo.locator('.card h3')).toHaveText(['Third card', 'First card']);
});

test('the feature kanban previews its process, one state forward at a time, and the server enforces it', async ({
  page,
  baseURL,
  javaScriptEnabled,
}) => {
  const FEATURE = 'Skips a state';
  const RULE =
    'on the feature kanban an item moves forward one state at a time: from Funnel the next state is Analyzing, not Backlog';
  const board = new BoardPage(page);
  await new SignInPage(page).signIn(ADA);
  const product = await call(page, baseURL!, 'create_board', {
    kind: 'product',
    name: unique('Process', javaScriptEnabled),
  });
  await call(page, baseURL!, 'create_feature', { product_id: product, 'feature[title]': FEATURE });
  await page.goto(`/products/${product}`);
  const backlog = board.column('Backlog');

  if (javaScriptEnabled) {
    await board.waitForHydration();
    await board.holdCardOver(FEATURE, 'Backlog');
    await expect(backlog.locator('.wip-preview')).toHaveText(`Refused: ${RULE}`);
    await page.mouse.up();
    await expect(board.card(FEATURE).locator('.move-refusal')).toContainText(RULE);
  } else {
    // The card's "Move…" leads to the feature's own move form.
    const form = await board.openMove(FEATURE);
    await form.getByLabel('Move to').selectOption({ label: 'Backlog' });
    await form.getByRole('button', { name: 'Move', exact: true }).click();
    await expect(page.locator('.form-error')).toContainText(RULE);
    await expect(page.locator('.item-column')).toHaveText('Funnel');
    await page.goto(`/products/${product}`);
  }
  await expect(board.column('Funnel')).toContainText(FEATURE);
  await expect(backlog).not.toContainText(FEATURE);
});

test('a team member adds cards where they see the column, with Enter, one after another', async ({
  page,
  baseURL,
  javaScriptEnabled,
}) => {
  const board = new BoardPage(page);
  await new SignInPage(page).signIn(ADA);
  const team = await call(page, baseURL!, 'create_board', {
    kind: 'team',
    name: unique('Quick add', javaScriptEnabled),
  });
  await page.goto(`/teams/${team}`);
  if (javaScriptEnabled) await board.waitForHydration();
  const review = board.column('Review');
  const field = review.getByLabel('New work item in Review');

  await field.fill('Found while testing');
  await field.press('Enter');
  await expect(review.locator('.card h3')).toHaveText(['Found while testing']);
  await expect(review.locator('.wip')).toHaveText('1 / 2');
  const added = board.card('Found while testing');
  // Unaligned at a glance, with no chain to show.
  expect(await board.unalignedMark('Found while testing')).toBe('"Unaligned"');
  await expect(added.getByRole('button', { name: 'Show chain' })).toHaveCount(0);

  // The field is ready for the next card.
  await review.getByLabel('New work item in Review').fill('And another');
  await review.getByLabel('New work item in Review').press('Enter');
  await expect(review.locator('.card h3')).toHaveText(['Found while testing', 'And another']);
  if (javaScriptEnabled) await expect(review.getByLabel('New work item in Review')).toHaveValue('');

  // A process board takes new items in its first state only.
  await board.openPortfolio();
  await expect(page.locator('.quick-add')).toHaveCount(1);
  await expect(board.column('Funnel').getByLabel('New epic in Funnel')).toBeVisible();
});
