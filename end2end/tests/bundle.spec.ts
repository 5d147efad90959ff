import { expect, test } from '@playwright/test';
import { DEMO_VIEWER, SignInPage, signInWithoutScripts } from './board-page';
import { Transfers } from './transfers';

// `make test` runs this spec against the test bundle and again against the
// release bundle (RELEASE_BUNDLE=1), which the build stores compressed.
const release = process.env.RELEASE_BUNDLE === '1';

test('the bundle is named by its content, compressed, and downloaded once', async ({ browser }, testInfo) => {
  test.skip(testInfo.project.name !== 'hydrated', 'the bundle is what JavaScript loads');
  // Signed in without JavaScript, so the bundle is first fetched by a team's board.
  const { storageState, teamBoards: teams } = await signInWithoutScripts(browser, DEMO_VIEWER);
  const session = await browser.newContext({ storageState });
  const page = await session.newPage();

  const transfers = await Transfers.record(page);
  await page.goto(teams[0]);
  await expect(page.locator('body')).toHaveAttribute('data-hydrated', 'true');
  const bundle = transfers.bundle().filter((t) => !t.fromCache);
  const names = [...new Set(bundle.map((t) => new URL(t.url).pathname))].sort();
  const folder = names[0].match(/^\/pkg\/(throughline-[0-9a-f]{16})\//)?.[1];
  expect(folder, 'a folder named by the content').toBeTruthy();
  // A team's board is the first download; no part of the split bundle is in it.
  expect(names).toEqual(
    ['__wasm_split.js', 'throughline.css', 'throughline.js', 'throughline_bg.wasm'].map((file) => `/pkg/${folder}/${file}`),
  );
  for (const file of bundle) {
    expect(file.headers['cache-control'], file.url).toBe('public, max-age=31536000, immutable');
    if (release) expect(file.headers['content-encoding'], file.url).toMatch(/^(br|gzip)$/);
  }
  // Pages are compressed as they are rendered.
  const pageAnswer = transfers.all().find((t) => new URL(t.url).pathname === teams[0]);
  expect(pageAnswer?.headers['content-encoding']).toMatch(/^(br|gzip)$/);
  expect(pageAnswer?.headers['cache-control']).toBe('no-store');

  // Another team's board: the bundle comes from the browser's cache.
  transfers.clear();
  await page.goto(teams[1]);
  await expect(page.locator('body')).toHaveAttribute('data-hydrated', 'true');
  // The test bundle's WebAssembly (tens of megabytes) is larger than Chromium keeps
  // in a private window's memory cache; the release bundle's is not.
  const kept = transfers.bundle().filter((t) => release || !t.url.endsWith('.wasm'));
  expect(kept.length).toBeGreaterThan(0);
  expect(transfers.bytes(kept), 'bytes of the bundle downloaded again').toBe(0);
  await session.close();
});

test('a page outside the first download fetches its part of the bundle when first shown', async ({ page }, testInfo) => {
  test.skip(testInfo.project.name !== 'hydrated', 'the bundle is what JavaScript loads');
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text());
  });
  await new SignInPage(page).signIn(DEMO_VIEWER);
  await expect(page.locator('body')).toHaveAttribute('data-hydrated', 'true');
  const transfers = await Transfers.record(page);
  const parts = () =>
    transfers.bundle().filter((t) => t.url.endsWith('.wasm') && !t.url.endsWith('/throughline_bg.wasm'));

  // Navigated in the page (no reload): the strategy's code arrives as a part.
  await page.getByRole('link', { name: 'Strategy', exact: true }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Strategy');
  await expect(page.getByRole('list', { name: 'Strategy tree' })).toContainText('Grow market share');
  expect(parts().length, 'parts fetched for the strategy page').toBeGreaterThan(0);
  for (const part of parts()) {
    expect(part.headers['cache-control'], part.url).toBe('public, max-age=31536000, immutable');
    if (release) expect(part.headers['content-encoding'], part.url).toMatch(/^(br|gzip)$/);
  }

  // Loaded directly, such a page is rendered by the server and then taken over,
  // and says so only once its part has come (its forms are plain ones before):
  // the part is held back a second here.
  let partsServed = 0;
  await page.route(/\/(split|chunk)_[^/]*\.wasm$/, async (route) => {
    const response = await route.fetch();
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    await route.fulfill({ response });
    partsServed++;
  });
  await page.goto('/dashboard');
  await expect(page.locator('body')).toHaveAttribute('data-hydrated', 'true');
  expect(partsServed, 'parts served before the page said it was hydrated').toBeGreaterThan(0);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Executive dashboard');
  expect(errors, 'errors in the page').toEqual([]);
});
