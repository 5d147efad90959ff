import { expect, test } from '@playwright/test';
import { SignInPage } from './board-page';

const ADMIN = 'ada@throughline.example';

/** A small Jira issue-search export whose issue keys are unique to this run. */
function jiraExport(project: string): string {
  const header =
    'Summary,Issue key,Issue id,Issue Type,Status,Created,Updated,Resolved,Status Category,Status Category Changed';
  const rows = [
    `Calibrate the ${project} gimbal,${project}-1,1,Task,Done,02/Nov/26 9:00 AM,09/Nov/26 4:00 PM,09/Nov/26 4:00 PM,Done,09/Nov/26 4:00 PM`,
    `"Wire the ${project} payload bay, ""fail-safe""",${project}-2,2,Story,In Progress,05/Nov/26 10:00 AM,20/Nov/26 11:00 AM,,In Progress,20/Nov/26 11:00 AM`,
    `Order ${project} spare props,${project}-3,3,Task,Blocked by vendor,10/Nov/26 8:30 AM,10/Nov/26 8:30 AM,,,`,
  ];
  return [header, ...rows].join('\n') + '\n';
}

test('an admin uploads a Jira export, maps a status, imports it and finds it on the board', async ({
  page,
  javaScriptEnabled,
}) => {
  // Each project imports onto a team of its own, with issue keys of its own.
  const project = javaScriptEnabled ? `IMH${Date.now() % 100000}` : `IMN${Date.now() % 100000}`;
  const team = `Imports ${project}`;
  await new SignInPage(page).signIn(ADMIN);
  const created = await page.request.post('/api/create_board', {
    form: { kind: 'team', name: team },
    headers: { origin: new URL(page.url()).origin },
  });
  expect(created.status()).toBe(200);

  await page.goto('/admin/users');
  await page.getByRole('link', { name: 'Import work from Jira or Trello' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Import from Jira or Trello');
  await page.getByLabel('Exported from').selectOption({ label: 'Jira CSV' });
  await page.getByLabel('File').setInputFiles({
    name: `${project}.csv`,
    mimeType: 'text/csv',
    buffer: Buffer.from(jiraExport(project)),
  });
  await page.getByLabel('Work items go to the team board').selectOption({ label: team });
  await page.getByRole('button', { name: 'Upload and preview' }).click();

  // The preview: nothing written yet, one status without a column.
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(`Import “${project}.csv”`);
  await expect(page.locator('.import-counts')).toContainText('Ready to import: 2 of 3.');
  const blocked = page.getByLabel('Column for Blocked by vendor');
  await expect(blocked.locator('option:checked')).toHaveText('No column: not imported');
  await expect(page.getByText(`${project}-3: its status “Blocked by vendor” has no column`)).toBeAttached();
  if (javaScriptEnabled) {
    await expect(page.locator('body')).toHaveAttribute('data-hydrated', 'true');
  }

  await blocked.selectOption('To Do');
  await page.getByRole('button', { name: 'Update the preview' }).click();
  await expect(page.locator('.import-counts')).toContainText('Ready to import: 3 of 3.');
  await expect(page.getByLabel('Column for Blocked by vendor').locator('option:checked')).toHaveText(
    'To Do',
  );

  await page.getByRole('button', { name: 'Import 3 items' }).click();
  // The page follows the import to its end, reloading itself while it runs.
  await expect(page.locator('.import-result')).toContainText(
    'Imported: 3 created, 0 updated, 0 unchanged',
    { timeout: 30_000 },
  );

  await page.getByRole('link', { name: `Open the board ${team}` }).click();
  await expect(page.getByText(`Order ${project} spare props`)).toBeVisible();
  await expect(page.getByText(`Wire the ${project} payload bay, "fail-safe"`)).toBeVisible();
});

test('a file that is not the export named goes back to the form with the reason', async ({ page }) => {
  await new SignInPage(page).signIn(ADMIN);
  await page.goto('/admin/import');
  await page.getByLabel('Exported from').selectOption({ label: 'Trello JSON' });
  await page.getByLabel('File').setInputFiles({
    name: 'not-trello.json',
    mimeType: 'application/json',
    buffer: Buffer.from('Summary,Issue key\nA,B-1\n'),
  });
  await page.getByRole('button', { name: 'Upload and preview' }).click();

  await expect(page).toHaveURL(/\/admin\/import$/);
  await expect(page.getByRole('alert')).toContainText('this is not JSON');
});
