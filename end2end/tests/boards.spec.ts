import { expect, test } from '@playwright/test';
import { BoardPage, DEMO_VIEWER, SignInPage } from './board-page';

const HEAVY_LIFT = 'A drone that carries heavy weights';

test.beforeEach(async ({ page }) => {
  await new SignInPage(page).signIn(DEMO_VIEWER);
});

test.describe('portfolio kanban', () => {
  test('shows the SAFe states with the demo epics in them', async ({ page }) => {
    const board = new BoardPage(page);
    await board.openPortfolio();

    expect(await board.columnNames()).toEqual([
      'Funnel',
      'Reviewing',
      'Analyzing',
      'Portfolio Backlog',
      'Implementing',
      'Done',
    ]);
    await expect(board.column('Implementing').getByRole('heading', { name: HEAVY_LIFT })).toBeVisible();
    await expect(board.column('Funnel')).toContainText('Drones as a subscription service');
    await expect(board.column('Done')).toContainText('Quieter propellers');
  });

  test('shows each epic with its WSJF and roll-up progress', async ({ page }) => {
    const board = new BoardPage(page);
    await board.openPortfolio();

    const epic = board.card(HEAVY_LIFT);
    // (20 + 13 + 8) / 13 = 3.15
    await expect(epic.locator('.wsjf')).toHaveText('WSJF 3.2');
    await expect(epic.getByRole('progressbar')).toBeVisible();
    await expect(epic.locator('.progress-label')).toHaveText(/^\d+% done$/);
    // The owner by initials, the whole name to hover and to screen readers.
    const owner = epic.getByTitle('Maria Svensson');
    await expect(owner).toHaveText('MS');
    await expect(owner).toHaveAttribute('title', 'Maria Svensson');
  });
});

test.describe('team board', () => {
  test('shows the team columns with its work items', async ({ page }) => {
    const board = new BoardPage(page);
    await board.openTeam('Software');

    expect(await board.columnNames()).toEqual([
      'To Do',
      'In Progress',
      'Review',
      'Ready to Deploy',
      'Done',
    ]);
    await expect(board.column('In Progress')).toContainText('Tune flight controller for a 40 kg payload');
    await expect(board.column('Review')).toContainText('Altitude drifts with a heavy payload');
    // Its lane says its class of service; the card does not repeat it.
    const expedite = page.locator('.lane[data-lane="expedite"]').filter({ has: page.getByRole('heading', { name: 'Expedite' }) });
    await expect(expedite.first()).toBeVisible();
    await expect(board.column('Review').locator('.lane[data-lane="expedite"]')).toContainText('Altitude drifts with a heavy payload');
    await expect(board.card('Altitude drifts with a heavy payload').locator('.cos')).toHaveCount(0);
    // Above the board, the team's four keys over the last 30 days.
    const strip = page.locator('.delivery-strip');
    await expect(strip.getByRole('rowheader', { name: 'Software' })).toBeVisible();
    await expect(strip.getByRole('columnheader', { name: 'Deployment frequency' })).toBeVisible();
  });

  test('the done column shows the last two weeks and links to everything finished before', async ({ page }) => {
    const board = new BoardPage(page);
    await board.openTeam('Software');
    const done = board.column('Done');
    const earlier = done.locator('.earlier-done');
    await expect(earlier).toContainText(/^\d+ cards? finished before the last 14 days\./);
    const recent = await done.locator('.card').count();
    const hidden = Number((await earlier.textContent())!.match(/^(\d+)/)![1]);

    await earlier.getByRole('link', { name: 'Show them' }).click();
    await expect(page).toHaveURL(/[?&]done=all/);
    await expect(done.locator('.card')).toHaveCount(recent + hidden);
    await done.getByRole('link', { name: 'Show the last 14 days only' }).click();
    await expect(page).not.toHaveURL(/done=all/);
    await expect(done.locator('.card')).toHaveCount(recent);
  });

  test('marks blocked work with its reason', async ({ page }) => {
    const board = new BoardPage(page);
    await board.openTeam('Battery');

    await expect(board.card('Cell supplier lead time').locator('.blocked-reason')).toHaveText(
      "Blocked: waiting for the supplier's quote",
    );
  });

  test('an unknown team answers 404 with a readable message', async ({ page }) => {
    const response = await page.goto('/teams/00000000-0000-0000-0000-000000000000');
    expect(response?.status()).toBe(404);
    await expect(page.getByRole('alert')).toContainText('was not found.');
    // A page of its own: a heading, a title, and a way back.
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Not found');
    await expect(page).toHaveTitle('Not found · Throughline');
    await page.getByRole('link', { name: 'Back to the portfolio' }).click();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Portfolio');
  });
});

test.describe('without JavaScript', () => {
  test.skip(({ javaScriptEnabled }) => javaScriptEnabled, 'what a page offers before any script runs');

  test('a card offers only what works: its links, with no dead buttons and nothing to drag', async ({ page }) => {
    const board = new BoardPage(page);
    await board.openTeam('Software');
    // Aligned work, whose chain is drawn in place only with JavaScript.
    const card = board.card('Tune flight controller for a 40 kg payload');
    await expect(card).toBeVisible();
    await expect(page.locator('li.card button')).toHaveCount(0);
    await expect(page.locator('li.card[draggable], li.card[tabindex]')).toHaveCount(0);
    await expect(page.locator('#move-help')).toHaveCount(0);
    await expect(page.getByText('A card shows its type, days in its column (3d), size, target date, how many unfinished items it waits on and who holds it')).toBeVisible();
    await card.getByRole('link', { name: 'Tune flight controller for a 40 kg payload', exact: true }).click();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Tune flight controller for a 40 kg payload');
  });
});

test.describe('after hydration', () => {
  test.skip(({ javaScriptEnabled }) => !javaScriptEnabled, 'needs the WebAssembly');

  // A hydration mismatch or a panic in the WebAssembly surfaces as a page error.
  let pageErrors: string[] = [];
  test.beforeEach(({ page }) => {
    pageErrors = [];
    page.on('pageerror', (error) => pageErrors.push(error.message));
    page.on('console', (message) => {
      if (message.type() === 'error') pageErrors.push(message.text());
    });
  });
  test.afterEach(() => {
    expect(pageErrors).toEqual([]);
  });

  test('an epic card expands to show its chain up to the vision', async ({ page }) => {
    const board = new BoardPage(page);
    await board.openPortfolio();
    await board.waitForHydration();

    const epic = board.card(HEAVY_LIFT);
    const chain = epic.locator('.chain');
    await expect(chain).toBeHidden();
    await epic.getByRole('button', { name: 'Show chain' }).click();
    await expect(chain).toBeVisible();
    await expect(chain.locator('li')).toHaveText([
      'Strategic theme Lead the heavy-lift segment',
      'Vision Grow market share',
    ]);
    const hide = epic.getByRole('button', { name: 'Hide chain' });
    await expect(hide).toHaveAttribute('aria-expanded', 'true');
    // The card's content is written anew; the keyboard stays on its button.
    await expect(hide).toBeFocused();
    await page.keyboard.press('Enter');
    await expect(chain).toBeHidden();
    await expect(epic.getByRole('button', { name: 'Show chain' })).toBeFocused();
  });

  test('a work item shows the feature, epic, theme and vision it serves', async ({ page }) => {
    const board = new BoardPage(page);
    await board.openTeam('Engine');
    await board.waitForHydration();

    const item = board.card('Bench-test the 12 kW motor');
    await item.getByRole('button', { name: 'Show chain' }).click();
    await expect(item.locator('.chain li')).toHaveText([
      'Feature New engine',
      `Epic ${HEAVY_LIFT}`,
      'Strategic theme Lead the heavy-lift segment',
      'Vision Grow market share',
    ]);
  });

  test('work with no parent is called out as unaligned', async ({ page }) => {
    const board = new BoardPage(page);
    await board.openTeam('Platform');
    await board.waitForHydration();

    const item = board.card('Upgrade the build servers');
    expect(await board.unalignedMark('Upgrade the build servers')).toBe('"Unaligned"');
    expect(await board.unalignedMark('Staging field for fleet tests')).toBe('');
    // There is no chain to show: the card offers none.
    await expect(item.getByRole('button', { name: 'Show chain' })).toHaveCount(0);
  });
});

test.describe('reading a board day to day', () => {
  test('the title comes first, a process kanban fits at 1440 px, and column headers stay in sight', async ({
    page,
  }) => {
    await page.setViewportSize({ width: 1440, height: 900 });
    const board = new BoardPage(page);
    await board.openPortfolio();
    // The title, then the filters: settings and filters sit under the title.
    const order = await page
      .locator('h1, form.board-filter')
      .evaluateAll((found) => found.map((element) => element.tagName.toLowerCase()));
    expect(order).toEqual(['h1', 'form']);
    // Every state of the portfolio kanban side by side, within the window.
    const rightEdges = await page
      .locator('.column')
      .evaluateAll((found) => found.map((column) => column.getBoundingClientRect().right));
    expect(rightEdges.length).toBe(6);
    for (const right of rightEdges) expect(right).toBeLessThanOrEqual(1440);

    // A long column (every card ever finished) scrolls in the board's box; its
    // header stays at the top.
    await board.openTeam('Software');
    await page.goto(`${page.url()}?done=all`);
    const columns = page.locator('.columns');
    const done = board.column('Done');
    const scrolled = await columns.evaluate((box) => {
      box.scrollTop = box.scrollHeight;
      return box.scrollTop;
    });
    expect(scrolled).toBeGreaterThan(0);
    // Cards under way or waiting show their days in the column; finished ones do not.
    await expect(board.column('In Progress').locator('.card > p').first()).toHaveText(/ · \d+d( · \d+)?( · waits on \d+)?$/);
    await expect(done.locator('.card > p').first()).not.toHaveText(/ · \d+d( · |$)/);
    const box = await columns.boundingBox();
    const header = await done.locator('.column-header').boundingBox();
    expect(header!.y).toBeGreaterThanOrEqual(box!.y - 1);
    expect(header!.y).toBeLessThan(box!.y + 10);
    await expect(done.locator('.column-header h2')).toBeInViewport();
  });
});
