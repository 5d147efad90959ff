import { expect, test, type Page } from '@playwright/test';
import * as fs from 'node:fs';
import * as os from 'node:os';
import { DEMO_VIEWER, signInWithoutScripts } from '../tests/board-page';
import { hydrationTime, noteHydrationTime, Transfers } from '../tests/transfers';

// Prints what a first and a repeat visit of a board cost: bytes over the network
// (compressed, headers included) until the page has hydrated, the time that took,
// and the bytes once the browser has also fetched, while idle, the parts of the
// pages a team opens from its board (app/src/pages/lazy.rs).
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
    await noteHydrationTime(page);
    if (visit === 'warm cache') {
      // The bundle fetched once by an earlier page of the same browser.
      await page.goto('/my-work');
      await hydrationTime(page);
    }
    const transfers = await Transfers.record(page);
    await page.goto(team);
    const hydrated = await hydrationTime(page);
    const [total, bundle] = [transfers.bytes(), transfers.bytes(transfers.bundle())];
    await expect(page.locator('body')).toHaveAttribute('data-daily-pages', 'loaded', { timeout: 30_000 });
    const withDailyPages = transfers.bytes();
    // After the load's bytes are counted: its own requests are not the page's.
    const noop = await noopMilliseconds(page);
    rows.push(
      `| team board (demo), ${visit} | ${kb(total)} | ${kb(bundle)} | ${hydrated.toFixed(0)} ms | ` +
        `${kb(withDailyPages)} |`,
    );
    reported.push(
      `| first load of a team board, ${visit}, Chromium | ${kb(total)} transferred until hydrated, ` +
        `${kb(bundle)} of it the bundle; hydrated ${hydrated.toFixed(0)} ms after navigation; ` +
        `${kb(withDailyPages)} with the daily pages' parts fetched when idle | ` +
        `${(hydrated / noop).toFixed(0)}× its ${noop.toFixed(2)} ms (one request from the page) | ` +
        `${os.loadavg()[0].toFixed(2)} | \`make bench\` (end2end/bench/first-load.spec.ts) |\n`,
    );
    await session.close();
  }
  console.log('\nfirst load of a board, release bundle, Chromium, same machine (no network latency)');
  console.log(
    '| visit | transferred until hydrated | of it the bundle | navigation to hydrated | ' +
      "transferred with the daily pages' parts fetched when idle |",
  );
  console.log('|---|---|---|---|---|');
  for (const row of rows) console.log(row);
  if (process.env.BENCH_REPORT) fs.appendFileSync(process.env.BENCH_REPORT, reported.join(''));
});
