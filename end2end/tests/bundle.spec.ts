import { expect, test } from '@playwright/test';
import { DEMO_VIEWER, SignInPage } from './board-page';
import { Transfers } from './transfers';

// `make test` runs this spec against the test bundle and again against the
// release bundle (RELEASE_BUNDLE=1), which the build stores compressed.
const release = process.env.RELEASE_BUNDLE === '1';

test('the bundle is named by its content, compressed, and downloaded once', async ({ page }, testInfo) => {
  test.skip(testInfo.project.name !== 'hydrated', 'the bundle is what JavaScript loads');
  const transfers = await Transfers.record(page);
  await new SignInPage(page).signIn(DEMO_VIEWER);
  await expect(page.locator('body')).toHaveAttribute('data-hydrated', 'true');

  // The sign-in page and the board it leads to: each file fetched for the first.
  const bundle = transfers.bundle().filter((t) => !t.fromCache);
  const names = [...new Set(bundle.map((t) => new URL(t.url).pathname))].sort();
  const hash = names[0].match(/^\/pkg\/throughline-([0-9a-f]{16})/)?.[1];
  expect(hash, 'a content-hashed name').toBeTruthy();
  expect(names).toEqual([`/pkg/throughline-${hash}.css`, `/pkg/throughline-${hash}.js`, `/pkg/throughline-${hash}_bg.wasm`]);
  for (const file of bundle) {
    expect(file.headers['cache-control'], file.url).toBe('public, max-age=31536000, immutable');
    if (release) expect(file.headers['content-encoding'], file.url).toMatch(/^(br|gzip)$/);
  }
  // Pages are compressed as they are rendered.
  const pageAnswer = transfers.all().find((t) => new URL(t.url).pathname === '/');
  expect(pageAnswer?.headers['content-encoding']).toMatch(/^(br|gzip)$/);
  expect(pageAnswer?.headers['cache-control']).toBe('no-store');

  // Another page of the site: the bundle comes from the browser's cache.
  transfers.clear();
  await page.goto('/my-work');
  await expect(page.locator('body')).toHaveAttribute('data-hydrated', 'true');
  // The test bundle's WebAssembly (tens of megabytes) is larger than Chromium keeps
  // in a private window's memory cache; the release bundle's is not.
  const kept = transfers.bundle().filter((t) => release || !t.url.endsWith('.wasm'));
  expect(kept.length).toBeGreaterThan(0);
  expect(transfers.bytes(kept), 'bytes of the bundle downloaded again').toBe(0);
});
