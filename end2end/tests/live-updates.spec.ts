import { expect, test, type Browser, type Page } from '@playwright/test';
import { BoardPage, SignInPage } from './board-page';
import { replicaPorts } from '../playwright.config';

const ADA = 'ada@throughline.example';

test.use({ viewport: { width: 1400, height: 1000 } });

/** Calls a server function as a script would; answers its JSON. */
async function call(page: Page, name: string, form: Record<string, string>) {
  const origin = new URL(page.url()).origin;
  const response = await page.request.post(`${origin}/api/${name}`, { headers: { Origin: origin }, form });
  expect(response.status(), await response.text()).toBe(200);
  return response.json();
}

/** A second person's browser: its own context, signed in on the server at `baseURL`. */
async function secondBrowser(browser: Browser, baseURL: string): Promise<Page> {
  const context = await browser.newContext({ baseURL, viewport: { width: 1400, height: 1000 } });
  const page = await context.newPage();
  await new SignInPage(page).signIn(ADA);
  return page;
}

/**
 * Two people on one team board, each in their own browser (on `watcherURL` the
 * second one's server): what one does appears on the other's open board in place.
 */
async function twoPeopleOnOneBoard(page: Page, browser: Browser, watcherURL: string, name: string) {
  await new SignInPage(page).signIn(ADA);
  const team = await call(page, 'create_board', { kind: 'team', name: `${name} ${Date.now()}` });
  for (const title of ['First card', 'Second card']) {
    await call(page, 'create_work_item', { team_id: team, 'item[title]': title });
  }
  const mover = new BoardPage(page);
  await page.goto(`/teams/${team}`);
  await mover.waitForHydration();

  const watcherPage = await secondBrowser(browser, watcherURL);
  const watcher = new BoardPage(watcherPage);
  await watcherPage.goto(`/teams/${team}`);
  await watcher.waitForHydration();
  // Both see who is looking at the board (one person here, in two browsers).
  await expect(watcherPage.locator('.viewers')).toHaveText('Here now: Ada Admin');
  // A card drawn again (or a page loaded again) loses this mark.
  await watcherPage
    .locator('li.card')
    .evaluateAll((cards) => cards.forEach((card) => card.setAttribute('data-drawn-before', '')));

  // A move by keyboard on the mover's board.
  await mover.card('Second card').focus();
  await page.keyboard.press('ArrowRight');
  await expect(mover.column('In Progress')).toContainText('Second card');
  const inProgress = watcher.column('In Progress');
  await expect(inProgress).toContainText('Second card');
  await expect(inProgress.locator('.wip')).toHaveText('1 / 3');
  await expect(watcher.column('To Do').locator('.wip')).toHaveText('1');
  await expect(watcher.card('Second card')).toHaveClass(/just-changed/);
  await expect(watcherPage.getByRole('log', { name: 'Changes by others' })).toHaveText('Ada Admin moved “Second card” to In Progress');
  // In place: the card that did not change was not drawn again.
  await expect(watcher.card('First card')).toHaveAttribute('data-drawn-before', '');

  // Limits that count sizes instead of cards: drawn anew, from the fresh read.
  const board = await call(page, 'team_board', { team_id: team });
  await call(page, 'set_wip_measure', { board_id: board.id, measure: 'size' });
  await expect(inProgress.locator('.wip')).toHaveText('0 / 3');
  await call(page, 'set_wip_measure', { board_id: board.id, measure: 'cards' });
  await expect(inProgress.locator('.wip')).toHaveText('1 / 3');
  // The mover's own board is drawn anew too: add to it once it has been.
  await expect(mover.column('In Progress').locator('.wip')).toHaveText('1 / 3');

  // A card added on the mover's board.
  const add = page.getByRole('textbox', { name: 'New work item in To Do' });
  await add.fill('Third card');
  await add.press('Enter');
  await expect(watcher.column('To Do')).toContainText('Third card');
  await expect(watcherPage.getByRole('log', { name: 'Changes by others' })).toHaveText('Ada Admin added “Third card” to To Do');

  // An edit made elsewhere (here through the API).
  const first = await watcher.cardId('First card');
  const detail = await call(page, 'item_detail', { kind: 'work_item', item_id: first! });
  await call(page, 'update_work_item', {
    item_id: first!,
    version: String(detail.version),
    'item[title]': 'First card, renamed',
  });
  await expect(watcher.card('First card, renamed')).toBeVisible();

  // The watcher's page missed nothing, so its own move of another card succeeds.
  await watcher.card('Third card').focus();
  await watcherPage.keyboard.press('ArrowRight');
  await expect(watcher.column('In Progress')).toContainText('Third card');
  await expect(mover.column('In Progress')).toContainText('Third card');
  await expect(watcherPage.locator('.form-error')).toHaveCount(0);

  // An item page open elsewhere says the item changed, and shows the change when
  // asked (never by itself: the page may hold a half-made edit).
  await watcherPage.goto(`/work-items/${first}`);
  await expect(watcherPage.locator('body')).toHaveAttribute('data-hydrated', 'true', { timeout: 20_000 });
  const renamed = await call(page, 'item_detail', { kind: 'work_item', item_id: first! });
  await call(page, 'update_work_item', {
    item_id: first!,
    version: String(renamed.version),
    'item[title]': 'First card, renamed again',
  });
  const notice = watcherPage.locator('.changed-elsewhere');
  await expect(notice).toContainText('Ada Admin changed this item since this page was read.');
  await expect(watcherPage.getByRole('heading', { level: 1 })).toHaveText('First card, renamed');
  await notice.getByRole('button', { name: 'Show the changes' }).click();
  await expect(watcherPage.getByRole('heading', { level: 1 })).toHaveText('First card, renamed again');
  await expect(notice).toHaveCount(0);
  await watcherPage.context().close();
}

test('what one person does on a board appears on another person’s open board, in place', async ({
  page,
  browser,
  baseURL,
  javaScriptEnabled,
}) => {
  test.skip(!javaScriptEnabled, 'without JavaScript a board shows what was true when it loaded');
  await twoPeopleOnOneBoard(page, browser, baseURL!, 'Live board');
});

test('two server processes on one PostgreSQL database behave as one', async ({ browser, javaScriptEnabled }) => {
  test.skip(!javaScriptEnabled, 'without JavaScript a board shows what was true when it loaded');
  test.skip(replicaPorts.length < 2, 'needs THROUGHLINE_TEST_POSTGRES_URL (make test sets it)');
  const [first, second] = replicaPorts.map((port) => `http://127.0.0.1:${port}`);
  const context = await browser.newContext({ baseURL: first, viewport: { width: 1400, height: 1000 } });
  const page = await context.newPage();
  await twoPeopleOnOneBoard(page, browser, second, 'Replicated board');
  await context.close();
});

test('an epic started on the portfolio shows on an open dashboard', async ({ page, javaScriptEnabled }) => {
  test.skip(!javaScriptEnabled, 'without JavaScript a page shows what was true when it loaded');
  await new SignInPage(page).signIn(ADA);
  const epic = await call(page, 'create_epic', { 'epic[title]': `Live epic ${Date.now()}` });
  await page.goto('/dashboard');
  await expect(page.locator('body')).toHaveAttribute('data-hydrated', 'true', { timeout: 20_000 });
  const inFlight = page.getByRole('link', { name: /epics in flight/ });
  const before = await inFlight.textContent();

  // Funnel, Reviewing, then Analyzing: the first started state.
  const portfolio = await call(page, 'portfolio_board', {});
  for (const state of ['Reviewing', 'Analyzing']) {
    const column = portfolio.columns.find((c: { name: string }) => c.name === state);
    const detail = await call(page, 'item_detail', { kind: 'epic', item_id: epic });
    await call(page, 'move_item', {
      kind: 'epic',
      item_id: epic,
      to_column_id: column.id,
      version: String(detail.version),
      reason: 'Shown live on the dashboard',
    });
  }
  await expect(inFlight).not.toHaveText(before!);
});

test('a measurement posted through the API moves the metric on an open dashboard', async ({
  page,
  request,
  javaScriptEnabled,
}) => {
  test.skip(!javaScriptEnabled, 'without JavaScript a page shows what was true when it loaded');
  // A metric of its own, claimed by nothing: the demo's metrics are what other
  // specs read the strategy's standing by. The dashboard shows every metric's trend.
  const METRIC = `Live e2e metric ${Date.now()}`;
  await new SignInPage(page).signIn(ADA);
  const metric = {
    id: await call(page, 'create_metric', {
      'metric[name]': METRIC,
      'metric[direction]': 'increase',
      'metric[baseline]': '0',
      'metric[baseline_date]': '2026-01-01',
      'metric[target]': '1000',
      'metric[target_date]': '2027-12-31',
    }),
  };
  const { token } = await call(page, 'create_api_token', { name: `live ${Date.now()}`, record_telemetry: 'on' });
  await page.goto('/dashboard');
  await expect(page.locator('body')).toHaveAttribute('data-hydrated', 'true', { timeout: 20_000 });
  const value = page.locator(`.metric-badge[data-metric="${METRIC}"] .metric-value`).first();
  await expect(value).not.toContainText('987');

  // A machine's request: the token alone, no browser cookie.
  const sent = await request.post(`/api/v1/metrics/${metric.id}/measurements`, {
    headers: { Authorization: `Bearer ${token}` },
    data: { id: `live-${Date.now()}`, value: 987, measured_at: new Date().toISOString() },
  });
  expect(sent.status(), await sent.text()).toBe(201);
  await expect(value).toContainText('987');
});
