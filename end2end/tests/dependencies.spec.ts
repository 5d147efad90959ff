import { expect, test } from '@playwright/test';
import { BoardPage, SignInPage } from './board-page';

test('an item waits on another: both pages say so, its card too, and finishing it first asks why', async ({
  page,
  javaScriptEnabled,
}) => {
  // The two projects share one server: each adds its own pair of cards.
  const suffix = javaScriptEnabled ? 'hydrated' : 'plain';
  const waiting = `Show the pack temperature (${suffix})`;
  const upstream = `Publish the pack temperature (${suffix})`;
  const board = new BoardPage(page);
  await new SignInPage(page).signIn('tina@throughline.example');
  await board.openTeam('Software');
  if (javaScriptEnabled) await board.waitForHydration();
  await board.addWorkItem('To Do', upstream);
  await board.addWorkItem('To Do', waiting);
  await board.openCard(waiting);

  const dependencies = page.getByRole('region', { name: 'Dependencies' });
  await expect(dependencies).toContainText('It waits on nothing.');
  await dependencies.getByLabel('Waits on').selectOption({ label: upstream });
  await dependencies.getByLabel('Needed by').fill('2099-12-31');
  await dependencies.getByLabel('Note').fill('The screen reads its feed');
  await dependencies.getByRole('button', { name: 'Add dependency' }).click();
  const listed = dependencies.getByRole('listitem').filter({ hasText: upstream });
  await expect(listed).toContainText('To Do on Software · needed by 2099-12-31');
  await expect(listed).toContainText('The screen reads its feed');
  await expect(listed).not.toContainText('Late');

  // Waiting on itself, or round a cycle, is refused with the reason.
  await listed.getByRole('link', { name: upstream, exact: true }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(upstream);
  const upstreamDependencies = page.getByRole('region', { name: 'Dependencies' });
  await expect(upstreamDependencies.getByRole('listitem').filter({ hasText: waiting })).toBeVisible();
  await upstreamDependencies.getByLabel('Waits on').selectOption({ label: waiting });
  await upstreamDependencies.getByRole('button', { name: 'Add dependency' }).click();
  await expect(upstreamDependencies.locator('.field-error').filter({ hasText: 'that would make a cycle' })).toBeVisible();

  // The card says it waits; finishing it first asks why, and goes with a reason.
  await board.openTeam('Software');
  if (javaScriptEnabled) await board.waitForHydration();
  await expect(board.meta(waiting)).toContainText('waits on 1');
  const form = await board.openMove(waiting);
  await form.getByLabel('Move to').selectOption({ label: 'Done' });
  await form.getByRole('button', { name: 'Move', exact: true }).click();
  await expect(form).toContainText('finishes it while it waits on 1 open item');
  await form.getByLabel('Reason, if the move goes over a WIP limit or finishes waiting work').fill('Shown behind a flag');
  if (!javaScriptEnabled) await form.getByLabel('Move to').selectOption({ label: 'Done' });
  await form.getByRole('button', { name: 'Move', exact: true }).click();
  if (javaScriptEnabled) {
    await expect(form).toBeHidden();
    await expect(board.column('Done')).toContainText(waiting);
  } else {
    await expect(page.locator('.item-column')).toHaveText('Done');
  }
});
