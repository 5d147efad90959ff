import { expect, test } from '@playwright/test';
import { DEMO_PASSWORD, SignInPage } from './board-page';

const TINA = 'tina@throughline.example';

test('an anonymous visitor signs in and lands on the portfolio', async ({ page }) => {
  await page.goto('/');
  await expect(page).toHaveURL(/\/login$/);

  await new SignInPage(page).signIn(TINA);

  await expect(page).toHaveURL(/\/$/);
  await expect(page.locator('.signed-in')).toHaveText('Tina Software · Team member');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Portfolio');
});

test('signing in returns to the page that was asked for', async ({ page }) => {
  await page.goto('/');
  const signIn = new SignInPage(page);
  await signIn.signIn(TINA);
  const engine = await page.getByRole('link', { name: 'Engine' }).getAttribute('href');
  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page).toHaveURL(/\/login/);

  await page.goto(engine!);
  await expect(page).toHaveURL(/\/login\?next=/);
  await signIn.submit(TINA, DEMO_PASSWORD);

  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Engine');
});

test('a wrong password is refused with a clear message', async ({ page }) => {
  await page.goto('/login');
  const signIn = new SignInPage(page);

  await signIn.submit(TINA, 'not the password');

  await expect(signIn.error).toHaveText('the email or password is wrong');
  await page.goto('/');
  await expect(page).toHaveURL(/\/login/);
});

test('signing out ends the session', async ({ page }) => {
  await new SignInPage(page).signIn(TINA);

  await page.getByRole('button', { name: 'Sign out' }).click();

  await expect(page).toHaveURL(/\/login/);
  await page.goto('/');
  await expect(page).toHaveURL(/\/login/);
});
