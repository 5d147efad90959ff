import { expect, test, type Page } from '@playwright/test';
import { SignInPage } from './board-page';

async function call(page: Page, name: string, form: Record<string, string>) {
  const origin = new URL(page.url()).origin;
  const response = await page.request.post(`${origin}/api/${name}`, { headers: { Origin: origin }, form });
  expect(response.status(), await response.text()).toBe(200);
  return response.json();
}

test('a slip of the finger asks first, and a measurement is corrected and deleted, each kept in the corrections', async ({
  page,
  javaScriptEnabled,
}) => {
  // Each project its own metric: the two share one server.
  const name = `Hover time (${javaScriptEnabled ? 'hydrated' : 'plain'})`;
  await new SignInPage(page).signIn('erin@throughline.example');
  const metric: string = await call(page, 'create_metric', {
    'metric[name]': name,
    'metric[unit]': 'min',
    'metric[direction]': 'increase',
    'metric[baseline]': '10',
    'metric[baseline_date]': '2026-01-01',
    'metric[target]': '30',
    'metric[target_date]': '2027-12-31',
  });
  for (const value of ['20', '21']) {
    await call(page, 'record_measurement', { metric_id: metric, 'measurement[value]': value });
  }
  await page.goto(`/metrics/${metric}`);
  if (javaScriptEnabled) await expect(page.locator('body')).toHaveAttribute('data-hydrated', 'true', { timeout: 20_000 });
  // The page's data is read again after a change, never after a refusal: that would
  // draw the form afresh under the user correcting it.
  let pageReads = 0;
  page.on('request', (request) => {
    if (new URL(request.url()).pathname === '/api/metric_page') pageReads += 1;
  });

  // 2100 instead of 21.0: far outside 20–21, so the page asks first.
  const value = page.getByLabel('Value', { exact: true }).first();
  await value.fill('2100');
  await page.getByRole('button', { name: 'Record', exact: true }).click();
  await expect(page.getByRole('alert').filter({ hasText: 'is far outside this metric' })).toBeVisible();
  // Without scripts the refusal comes back as a new page, drawn from the stored data.
  if (javaScriptEnabled) await expect(value).toHaveValue('2100');
  else await value.fill('2100');
  await page.getByLabel('It is right: store it anyway').check();
  if (javaScriptEnabled) expect(pageReads).toBe(0);
  await page.getByRole('button', { name: 'Record', exact: true }).click();
  const table = page.locator('table.measurements');
  await expect(table).toContainText('2,100 min');

  // Corrected from its row, then deleted; both are kept.
  const row = table.getByRole('row').filter({ hasText: '2,100 min' });
  await row.getByText('Correct', { exact: true }).click();
  await row.getByLabel('Value', { exact: true }).fill('21.5');
  await row.getByRole('button', { name: 'Save the correction' }).click();
  await expect(table).toContainText('21.5 min');
  await expect(table).not.toContainText('2,100 min');
  const corrections = page.getByRole('list').filter({ hasText: 'corrected' });
  await expect(corrections).toContainText('Erin Executive corrected 2,100 min');
  await expect(corrections).toContainText('to 21.5 min');

  await table.getByRole('row').filter({ hasText: '21.5 min' }).getByRole('button', { name: 'Delete' }).click();
  await expect(table).not.toContainText('21.5 min');
  await expect(page.getByRole('list').filter({ hasText: 'deleted' })).toContainText('Erin Executive deleted 21.5 min');
});
