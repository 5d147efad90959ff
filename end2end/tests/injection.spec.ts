import { expect, test, type Page } from '@playwright/test';
import { BoardPage, DEMO_VIEWER, SignInPage } from './board-page';

// An admin may add work to any team; no other spec drags cards on Platform's board (a tall
// card in a column moves the drop targets under a drag).
const ADA = 'ada@throughline.example';
const TEAM = 'Platform';
const EVIL = 'https://evil.example/';

/** A title that, written into the page raw, ends the `<title>`, redirects the reader and runs a script. */
const hostile = (tag: string) =>
  `Hostile ${tag}</title><meta http-equiv="refresh" content="0;url=${EVIL}"><img src=x onerror=alert(1)>`;

/** Gives a refresh or an injected handler time to fire, then checks the page is still ours. */
async function expectStillHere(page: Page, baseURL: string) {
  await page.waitForLoadState('load');
  // A refresh goes once the document has loaded; a second is ample on a loaded machine.
  await page.waitForTimeout(1_000);
  expect(new URL(page.url()).origin).toBe(new URL(baseURL).origin);
  await expect(page.locator('meta[http-equiv]')).toHaveCount(0);
  await expect(page.locator('img[src="x"]')).toHaveCount(0);
}

test('a card titled with markup reaches every reader as text', async ({ page, baseURL, javaScriptEnabled }) => {
  // The two projects share one server: each stores its own card.
  const TITLE = hostile(`${javaScriptEnabled ? 'hydrated' : 'plain'} ${Date.now()}`);
  const dialogs: string[] = [];
  page.on('dialog', async (dialog) => {
    dialogs.push(dialog.message());
    await dialog.dismiss();
  });
  // Any request for the evil page is refused and remembered (the machine has no network anyway).
  const escapes: string[] = [];
  await page.route(`${EVIL}**`, async (route) => {
    escapes.push(route.request().url());
    await route.abort();
  });
  const board = new BoardPage(page);

  // Someone who may add work to the team adds the card, as a script of theirs would.
  await new SignInPage(page).signIn(ADA);
  await board.openTeam(TEAM);
  const teamId = page.url().split('/teams/')[1];
  const created = await page.request.post('/api/create_work_item', {
    headers: { Origin: baseURL! },
    form: { team_id: teamId, 'item[title]': TITLE },
  });
  expect(created.status()).toBe(200);
  const itemPath = `/work-items/${await created.json()}`;

  // Another user opens the card's page: the title is text in the tab and the heading.
  await page.context().clearCookies();
  await new SignInPage(page).signIn(DEMO_VIEWER);
  await page.goto(itemPath);
  await expectStillHere(page, baseURL!);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(TITLE);
  if (javaScriptEnabled) await board.waitForHydration();
  await expect(page).toHaveTitle(`${TITLE} · Throughline`);
  expect(new URL(page.url()).pathname).toBe(itemPath);

  // And the team's board, where the card shows its title as written.
  await board.openTeam(TEAM);
  await expectStillHere(page, baseURL!);
  if (javaScriptEnabled) await board.waitForHydration();
  const card = board.card(TITLE);
  await expect(card).toHaveCount(1);
  await expect(card.getByRole('link', { name: TITLE, exact: true })).toHaveText(TITLE);
  await expect(page).toHaveTitle(`${TEAM} · Throughline`);

  expect(escapes).toEqual([]);
  expect(dialogs).toEqual([]);
});
