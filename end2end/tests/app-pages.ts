/** Every page of the app, found on the demo, and a test signed in as its admin. */
import { expect, test as base, type Page } from '@playwright/test';
import * as path from 'node:path';
import { SignInPage } from './board-page';

const ADA = 'ada@throughline.example';

/** Where a page is, found on the demo portfolio by following its links. */
export type Paths = Record<string, string>;

/** Every page of the app, by name; `path` is a fixed path or one found by `discover`. */
export const PAGES: { name: string; path: (found: Paths) => string; signedOut?: boolean }[] = [
  { name: 'portfolio', path: () => '/' },
  { name: 'dashboard', path: () => '/dashboard' },
  { name: 'strategy', path: () => '/strategy' },
  { name: 'roadmap', path: () => '/roadmap' },
  { name: 'dependencies', path: () => '/dependencies' },
  { name: 'metrics', path: () => '/metrics' },
  { name: 'a metric', path: (found) => found.metric },
  { name: 'WIP report', path: () => '/reports/wip' },
  { name: 'a product board', path: (found) => found.product },
  { name: 'a team board', path: (found) => found.team },
  { name: 'a team’s columns', path: (found) => found.columns },
  { name: 'a board’s WIP limits', path: (found) => found.limits },
  { name: 'a board’s metrics', path: (found) => found.boardMetrics },
  { name: 'an epic', path: (found) => found.epic },
  { name: 'a feature', path: (found) => found.feature },
  { name: 'a work item', path: (found) => found.workItem },
  { name: 'account', path: () => '/account' },
  { name: 'webhooks', path: () => '/webhooks' },
  { name: 'my work', path: () => '/my-work' },
  { name: 'users', path: () => '/admin/users' },
  { name: 'import', path: () => '/admin/import' },
  { name: 'activity', path: () => '/activity' },
  { name: 'not found', path: () => '/no-such-page' },
  { name: 'sign-in', path: () => '/login', signedOut: true },
];

/** The `href` of the first link matching `selector` on the page at `path`. */
async function linkOn(page: Page, path: string, selector: string): Promise<string> {
  await page.goto(path);
  const href = await page.locator(selector).first().getAttribute('href');
  expect(href, `a link ${selector} on ${path}`).toBeTruthy();
  return href!.split('#')[0];
}

/** Finds one page of each kind by following links from the top bar and the boards. */
async function discover(page: Page): Promise<Paths> {
  const nav = 'nav[aria-label="Boards"]';
  const product = await linkOn(page, '/', `${nav} a[href^="/products/"]`);
  const team = await linkOn(page, '/', `${nav} a[href^="/teams/"]`);
  return {
    product,
    team,
    metric: await linkOn(page, '/metrics', 'main a[href^="/metrics/"]'),
    epic: await linkOn(page, '/', 'main a[href^="/epics/"]'),
    feature: await linkOn(page, product, 'main a[href^="/features/"]'),
    workItem: await linkOn(page, team, 'main a[href^="/work-items/"]'),
    columns: await linkOn(page, team, 'main a:text-is("Configure columns")'),
    limits: await linkOn(page, team, 'main a:text-is("WIP limits")'),
    boardMetrics: await linkOn(page, team, 'main a:text-is("Flow and delivery metrics")'),
  };
}

/**
 * Each worker signs the demo admin in once, finds the pages to visit and hands the
 * session to every test.
 */
export const test = base.extend<{}, { admin: { paths: Paths; storageState: string } }>({
  admin: [
    async ({ browser }, use, workerInfo) => {
      // Server-rendered pages are enough to sign in and read links.
      const context = await browser.newContext({
        baseURL: workerInfo.project.use.baseURL,
        javaScriptEnabled: false,
      });
      const page = await context.newPage();
      await new SignInPage(page).signIn(ADA);
      const paths = await discover(page);
      const storageState = path.join(workerInfo.project.outputDir, `admin-${workerInfo.workerIndex}.json`);
      await context.storageState({ path: storageState });
      await context.close();
      await use({ paths, storageState });
    },
    { scope: 'worker' },
  ],
  storageState: async ({ admin }, use) => use(admin.storageState),
});

