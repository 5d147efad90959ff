import { expect, test, type Page, type Response } from '@playwright/test';
import { BoardPage, SignInPage } from './board-page';

// A board read again before anything changed is answered as the server kept it
// (server/src/page_cache.rs): it must still run its scripts, and a change made
// in between must be on the next read.

const ADA = 'ada@throughline.example';

/** Calls a server function as a script would; answers its JSON. */
async function call(page: Page, name: string, form: Record<string, string>) {
  const origin = new URL(page.url()).origin;
  const response = await page.request.post(`${origin}/api/${name}`, { headers: { Origin: origin }, form });
  expect(response.status(), await response.text()).toBe(200);
  return response.json();
}

/** A page's Content-Security-Policy, which names its scripts' nonce. */
async function policy(response: Response | null) {
  return (await response!.allHeaders())['content-security-policy'];
}

test('a board loaded again shows the same page until something changes, then the change', async ({ page, javaScriptEnabled }) => {
  // With JavaScript on: no script refused (by the kept nonce) or failing.
  const refused: string[] = [];
  page.on('console', (message) => {
    if (javaScriptEnabled && message.type() === 'error') refused.push(message.text());
  });
  page.on('pageerror', (error) => refused.push(error.message));
  await new SignInPage(page).signIn(ADA);
  const team = await call(page, 'create_board', { kind: 'team', name: `Kept ${Date.now()}` });
  await call(page, 'create_work_item', { team_id: team, 'item[title]': 'Propeller balance' });
  const board = new BoardPage(page);

  const first = await page.goto(`/teams/${team}`);
  if (javaScriptEnabled) await board.waitForHydration();
  await expect(board.column('To Do')).toContainText('Propeller balance');

  // The same page again, as kept (down to its scripts' nonce): it still hydrates.
  // Other tests write to the same server meanwhile, and any change renders the
  // page anew: load it until two loads in a row come alike.
  let kept = await policy(first);
  let again = await policy(await page.reload());
  for (let tries = 0; again !== kept && tries < 10; tries++) {
    kept = again;
    again = await policy(await page.reload());
  }
  expect(again).toBe(kept);
  if (javaScriptEnabled) await board.waitForHydration();
  await expect(board.column('To Do')).toContainText('Propeller balance');

  // Someone else adds a card: the next load has it.
  await call(page, 'create_work_item', { team_id: team, 'item[title]': 'Motor mount torque' });
  const changed = await page.reload();
  expect(await policy(changed)).not.toBe(kept);
  if (javaScriptEnabled) await board.waitForHydration();
  await expect(board.column('To Do')).toContainText('Motor mount torque');
  expect(refused).toEqual([]);
});
