import AxeBuilder from '@axe-core/playwright';
import { expect } from '@playwright/test';
import { PAGES, test } from './app-pages';

/** The WCAG 2.0 and 2.1 rules, levels A and AA. */
const WCAG_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];
/** The impacts that fail a page; minor and moderate findings are left to review. */
const FAILING_IMPACTS = ['serious', 'critical'];
const SCHEMES = ['light', 'dark'] as const;

/**
 * Each page twice: hydrated, and as the server sends it, which is what a browser
 * without JavaScript reads (the app's own scripts are kept from loading; axe
 * itself runs as a script, so the no-JavaScript project cannot host it).
 */
const READINGS = ['hydrated', 'as served'] as const;

// Skipped before any fixture is set up: the admin's sign-in and page discovery
// would otherwise run in the no-JavaScript workers for nothing.
test.skip(({ javaScriptEnabled }) => !javaScriptEnabled, 'axe needs JavaScript in the page');

for (const { name, path: pathOf, signedOut } of PAGES) {
  for (const scheme of SCHEMES) {
    for (const reading of READINGS) {
      test(`${name} has no serious or critical WCAG A/AA violations (${scheme}, ${reading})`, async ({
        page,
        admin,
      }) => {
        if (signedOut) await page.context().clearCookies();
        await page.emulateMedia({ colorScheme: scheme });
        if (reading === 'as served') {
          await page.route(/\/pkg\/.+\.(js|wasm)$/, (route) => route.abort());
          await page.goto(pathOf(admin.paths));
          await expect(page.locator('body')).not.toHaveAttribute('data-hydrated', 'true');
        } else {
          await page.goto(pathOf(admin.paths));
          // The test build's WebAssembly is unoptimised: under load it takes seconds.
          await expect(page.locator('body')).toHaveAttribute('data-hydrated', 'true', {
            timeout: 20_000,
          });
        }
        if (signedOut) await expect(page).toHaveURL(/\/login/);

        const results = await new AxeBuilder({ page }).withTags(WCAG_TAGS).analyze();

        const failing = results.violations.filter((v) => FAILING_IMPACTS.includes(v.impact ?? ''));
        const report = failing
          .map((v) => {
            const targets = v.nodes.slice(0, 3).map((node) => `    ${node.target.join(' ')}`);
            const more = v.nodes.length > 3 ? [`    … and ${v.nodes.length - 3} more`] : [];
            return [`${v.id} (${v.impact}): ${v.help}`, ...targets, ...more].join('\n');
          })
          .join('\n');
        if (failing.length > 0) {
          await test.info().attach('violations', {
            body: JSON.stringify(failing, null, 2),
            contentType: 'application/json',
          });
        }
        expect(failing.map((v) => v.id), `${page.url()} in ${scheme}, ${reading}:\n${report}`).toEqual([]);
      });
    }
  }
}
