import { expect, test } from '@playwright/test';
import { BoardPage, SignInPage } from './board-page';

test("a card is assigned to one of the team's people and shows in their My work", async ({
  page,
  javaScriptEnabled,
}) => {
  // The two projects share one server: each adds and assigns its own card.
  const title = `Check the rotor balance (${javaScriptEnabled ? 'hydrated' : 'plain'})`;
  const board = new BoardPage(page);
  await new SignInPage(page).signIn('tina@throughline.example');
  await board.openTeam('Software');
  if (javaScriptEnabled) await board.waitForHydration();
  await board.addWorkItem('To Do', title);

  // Assigned from the team's people, not typed.
  await board.openCard(title);
  await page.getByText('Edit this work item').click();
  const assignee = page.getByLabel('Assignee');
  await expect(assignee.locator('option')).toHaveText(['Unassigned', 'Lena Berg', 'Omar Haddad', 'Tina Software']);
  await assignee.selectOption('Lena Berg');
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  await expect(page.locator('.item-fields')).toContainText('Lena Berg');

  // Lena finds it in her work, beside what she already has under way.
  await page.context().clearCookies();
  await new SignInPage(page).signIn('lena@throughline.example');
  await page.getByRole('navigation', { name: 'Boards' }).getByRole('link', { name: 'My work' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('My work');
  const underWay = page.getByRole('row').filter({ hasText: 'Tune flight controller for a 40 kg payload' });
  await expect(underWay).toContainText('In Progress');
  await expect(underWay).toContainText('Software');
  const added = page.getByRole('row').filter({ hasText: title });
  await expect(added).toContainText('To Do');
  await added.getByRole('link', { name: title }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(title);
});
