import { expect, test } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { DEMO_VIEWER, SignInPage } from './board-page';

const ADMIN = 'ada@throughline.example';

test('an admin adds a user, gives them a role, a team and a product', async ({ page, javaScriptEnabled }) => {
  test.skip(!javaScriptEnabled, 'form results are shown by the WebAssembly');
  await new SignInPage(page).signIn(ADMIN);
  await page.getByRole('link', { name: 'Users' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Users');
  await expect(page.locator('body')).toHaveAttribute('data-hydrated', 'true');

  await page.getByLabel('Name', { exact: true }).fill('Nora New');
  await page.getByLabel('Email').fill('nora@example.com');
  await page.getByLabel('First password (at least 10 characters)').fill('her own secret');
  await page.getByRole('button', { name: 'Add user' }).click();

  const nora = page.locator('tr[data-email="nora@example.com"]');
  await expect(nora).toContainText('Nora New');
  await nora.locator('select[name="role"]').selectOption('executive');
  await nora.getByRole('button', { name: 'Save role' }).click();
  await nora.getByRole('button', { name: 'Add to Engine' }).click();
  await expect(nora.getByRole('button', { name: 'Remove from Engine' })).toBeVisible();
  await nora.getByRole('button', { name: 'Add to Heavy-lift drone' }).click();
  await expect(nora.getByRole('button', { name: 'Remove from Heavy-lift drone' })).toBeVisible();

  await page.reload();
  await expect(page.locator('tr[data-email="nora@example.com"] select[name="role"]')).toHaveValue(
    'executive',
  );
});

test('a viewer sees no user administration and is refused it', async ({ page }) => {
  await new SignInPage(page).signIn(DEMO_VIEWER);
  await expect(page.getByRole('link', { name: 'Users' })).toHaveCount(0);

  const response = await page.goto('/admin/users');

  expect(response?.status()).toBe(403);
  await expect(page.getByRole('alert')).toHaveText('You may not manage users and teams.');
  await expect(page.getByRole('heading', { level: 2 })).toHaveText('Not allowed');
  // No forms for what the viewer may not do.
  await expect(page.getByRole('button', { name: 'Add user' })).toHaveCount(0);
});

test('an admin downloads every table as one JSON document', async ({ page }) => {
  await new SignInPage(page).signIn(ADMIN);
  await page.getByRole('link', { name: 'Users' }).click();
  await expect(page.getByRole('heading', { name: 'Export everything' })).toBeVisible();

  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('link', { name: 'Download the export (JSON)' }).click(),
  ]);
  expect(download.suggestedFilename()).toMatch(/^throughline-\d{8}-\d{6}\.json$/);
  const document = JSON.parse(readFileSync((await download.path())!, 'utf8'));
  expect(document.format).toBe('throughline-export');
  expect(document.tables.users.map((user: { email: string }) => user.email)).toContain(ADMIN);
  expect(document.tables.items.map((item: { title: string }) => item.title)).toContain(
    'Bench-test the 12 kW motor',
  );
});
