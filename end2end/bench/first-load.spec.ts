import { expect, test, type Page } from '@playwright/test';
import * as fs from 'node:fs';
import * as os from 'node:os';
import { DEMO_VIEWER, signInWithoutScripts } from '../tests/board-page';
import { Transfers } from '../tests/transfers';

// Prints what a first and a repeat visit of a board cost: bytes over the network
// (compressed, headers included) and the time until the page has hydrated.
// Asserts only that the pages hydrate. With BENCH_REPORT set, also adds its rows
// to `make bench`'s one table (server/benches/support/report.rs), the time to
// hydrated next to the same server's no-op request sent from the same page.

/** The median time of the server's no-op (`POST /api/current_user`) fetched by the page. */
async function noopMilliseconds(page: Page): Promise<number> {
  return page.evaluate(async () => {
    const times: number[] = [];
    for (let n = 0; n < 101; n++) {
      const started = performance.now();
      await (await fetch('/api/current_user', { method: 'POST' })).text();
      times.push(performance.now() - started);
    }
    times.sort((a, b) => a - b);
    return times[50];
  });
}

/** Milliseconds from the navigation's start until the app marked the page hydrated. */
async function timeToHydrated(page: Page): Promise<number> {
  await expect(page.locator('body')).toHaveAttribute('data-hydrated', 'true', { timeout: 30_000 });
  return page.evaluate(() => (window as unknown as { hydratedAt: number }).hydratedAt);
}

test('first load and repeat visit of a team board, release bundle', async ({ browser }) => {
  const rows: string[] = [];
  const reported: string[] = [];
  const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KiB`;
  for (const visit of ['cold cache', 'warm cache'] as const) {
    // Signed in without JavaScript, so the bundle is first fetched by the board.
    const { storageState, teamBoards } = await signInWithoutScripts(browser, DEMO_VIEWER);
    const team = teamBoards[0];

    const session = await browser.newContext({ storageState });
    const page = await session.newPage();
    await page.addInitScript(() => {
      new MutationObserver((_, observer) => {
        if (document.body?.dataset.hydrated === 'true') {
          (window as unknown as { hydratedAt: number }).hydratedAt = performance.now();
          observer.disconnect();
        }
      }).observe(document, { attributes: true, subtree: true, attributeFilter: ['data-hydrated'] });
    });
    if (visit === 'warm cache') {
      // The bundle fetched once by an earlier page of the same browser.
      await page.goto('/my-work');
      await timeToHydrated(page);
    }
    const transfers = await Transfers.record(page);
    await page.goto(team);
    const hydrated = await timeToHydrated(page);
    const [total, bundle] = [transfers.bytes(), transfers.bytes(transfers.bundle())];
    // After the load's bytes are counted: its own requests are not the page's.
    const noop = await noopMilliseconds(page);
    rows.push(
      `| team board (demo), ${visit} | ${kb(total)} | ${kb(bundle)} | ${hydrated.toFixed(0)} ms |`,
    );
    reported.push(
      `| first load of a team board, ${visit}, Chromium | ${kb(total)} transferred, ` +
        `${kb(bundle)} of it the bundle; hydrated ${hydrated.toFixed(0)} ms after navigation | ` +
        `${(hydrated / noop).toFixed(0)}× its ${noop.toFixed(2)} ms (one request from the page) | ` +
        `${os.loadavg()[0].toFixed(2)} | \`make bench\` (end2end/bench/first-load.spec.ts) |\n`,
    );
    await session.close();
  }
  console.log('\nfirst load of a board, release bundle, Chromium, same machine (no network latency)');
  console.log('| visit | transferred | of it the bundle | navigation to hydrated |');
  console.log('|---|---|---|---|');
  for (const row of rows) console.log(row);
  if (process.env.BENCH_REPORT) fs.appendFileSync(process.env.BENCH_REPORT, reported.join(''));
});
