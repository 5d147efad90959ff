import { expect, test } from '@playwright/test';
import { BoardPage, DEMO_VIEWER, SignInPage } from './board-page';

test('a board filter lives in the URL, so the link shares the same view', async ({ page }) => {
  const board = new BoardPage(page);
  await new SignInPage(page).signIn(DEMO_VIEWER);
  await board.openPortfolio();
  const filter = page.getByRole('search', { name: 'Filter the board' });

  // Only epics with work on the Battery team's board.
  await filter.getByLabel('Team').selectOption({ label: 'Battery' });
  await filter.getByLabel('Highest WSJF first').check();
  await filter.getByRole('button', { name: 'Filter' }).click();
  await expect(page).toHaveURL(/team=[0-9a-f-]{36}/);
  await expect(page).toHaveURL(/sort=wsjf/);
  await expect(page.locator('li.card')).toHaveCount(1);
  await expect(board.card('A drone that carries heavy weights')).toBeVisible();

  // The same URL opened afresh shows the same board.
  const shared = page.url();
  await page.goto('/');
  await expect(board.card('Quieter propellers')).toBeVisible();
  await page.goto(shared);
  await expect(page.locator('li.card')).toHaveCount(1);
  await expect(filter.getByLabel('Highest WSJF first')).toBeChecked();

  // Text narrows a team's board; clearing brings every card back.
  await board.openTeam('Software');
  await filter.getByLabel('Text').fill('landing');
  await filter.getByRole('button', { name: 'Filter' }).click();
  await expect(page).toHaveURL(/q=landing/);
  // Text matches the title, the owner and the chain above (other specs may add
  // work under features with "landing" in their names).
  await expect(board.card('Payload-aware landing profile')).toBeVisible();
  await expect(board.card('Tune flight controller for a 40 kg payload')).toHaveCount(0);
  await filter.getByRole('link', { name: 'Clear' }).click();
  await expect(board.card('Tune flight controller for a 40 kg payload')).toBeVisible();
});

test('a board downloads as CSV, narrowed as it is shown', async ({ page, javaScriptEnabled }) => {
  const board = new BoardPage(page);
  await new SignInPage(page).signIn(DEMO_VIEWER);
  await board.openTeam('Software');
  if (javaScriptEnabled) await board.waitForHydration();
  const filter = page.getByRole('search', { name: 'Filter the board' });
  await filter.getByLabel('Owner or assignee').fill('lena');
  await filter.getByRole('button', { name: 'Filter' }).click();
  await expect(page).toHaveURL(/owner=lena/);

  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('link', { name: 'Download as CSV' }).click(),
  ]);
  expect(download.suggestedFilename()).toBe('software.csv');
  const csv = await new Promise<string>((resolve, reject) => {
    download.createReadStream().then((stream) => {
      let text = '';
      stream.on('data', (chunk) => (text += chunk));
      stream.on('end', () => resolve(text));
      stream.on('error', reject);
    }, reject);
  });
  const rows = csv.split('\r\n').filter((row) => row !== '');
  expect(rows[0]).toMatch(/^id,column,state,title,type,holder,/);
  expect(rows.slice(1).every((row) => row.includes(',Lena Berg,'))).toBe(true);
  expect(csv).toContain('Tune flight controller for a 40 kg payload');
  expect(csv).not.toContain('Payload-aware landing profile');
});
