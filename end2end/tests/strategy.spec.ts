import { expect, test } from '@playwright/test';
import { DEMO_VIEWER, SignInPage } from './board-page';

test('the strategy tree folds from the vision down to tasks and calls out unaligned work', async ({
  page,
}) => {
  await new SignInPage(page).signIn(DEMO_VIEWER);
  await page.getByRole('link', { name: 'Strategy', exact: true }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Strategy');

  const tree = page.getByRole('list', { name: 'Strategy tree' });
  await expect(tree).toContainText('Grow market share');
  await expect(tree).toContainText('Lead the heavy-lift segment');
  const epic = tree.locator('li[data-kind="epic"]').filter({ hasText: 'A drone that carries heavy weights' });
  await expect(epic.locator('> .node .node-state')).toHaveText('Implementing');

  // Features start folded: their work items show once a feature is opened.
  const feature = epic.locator('li[data-kind="feature"]').filter({ hasText: 'New engine' });
  const task = feature.getByRole('link', { name: 'Bench-test the 12 kW motor' });
  await expect(task).toBeHidden();
  await feature.locator('summary').first().click();
  await expect(task).toBeVisible();

  // Other specs add unaligned work to the shared server: the count is at least one.
  await expect(page.getByRole('heading', { name: /^Unaligned work \([1-9][0-9]*\)$/ })).toBeVisible();
  await expect(page.locator('.tree.unaligned')).toContainText('Upgrade the build servers');
});
