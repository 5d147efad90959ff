import { expect, request, test, type Page } from '@playwright/test';
import { SignInPage } from './board-page';

const ERIN = 'erin@throughline.example';
const EPIC = 'Drones as a subscription service';

function day(offsetDays: number): string {
  const date = new Date(Date.now() + offsetDays * 86_400_000);
  return date.toISOString().slice(0, 10);
}

/** The badge of `metric` next to the epic in the dashboard's strategy tree. */
function epicBadge(page: Page, metric: string) {
  return page
    .locator('li[data-kind="epic"]')
    .filter({ has: page.getByRole('link', { name: EPIC, exact: true }) })
    .locator(`.metric-badge[data-metric="${metric}"]`)
    .first();
}

test('an executive defines a metric, links it to an epic, and telemetry from a token moves it on the dashboard', async ({
  page,
  baseURL,
  javaScriptEnabled,
}) => {
  test.skip(!javaScriptEnabled, 'the new token is shown by the WebAssembly');
  // Unique per run: a server kept from an earlier run still has its metrics.
  const METRIC = `Subscriber uptime ${Date.now()}`;

  // Executives land on the dashboard.
  await new SignInPage(page).signIn(ERIN);
  await expect(page).toHaveURL(/\/dashboard$/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Executive dashboard');

  // Define the metric.
  await page.goto('/metrics');
  await expect(page.locator('body')).toHaveAttribute('data-hydrated', 'true', { timeout: 20_000 });
  await page.getByText('Define a metric').click();
  const define = page.locator('form').filter({ has: page.getByRole('button', { name: 'Define metric' }) });
  await define.getByLabel('Name').fill(METRIC);
  await define.getByLabel('Unit').fill('%');
  await define.getByLabel('Should').selectOption('increase');
  await define.getByLabel('Baseline', { exact: true }).fill('90');
  await define.getByLabel('Baseline date').fill(day(-30));
  await define.getByLabel('Target', { exact: true }).fill('99');
  await define.getByLabel('Target date').fill(day(335));
  await define.getByRole('button', { name: 'Define metric' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(METRIC);
  const metricUrl = page.url();
  const metricId = metricUrl.split('/metrics/')[1];

  // Link it to an epic from the metric's side.
  await page.getByLabel('Link an item').selectOption({ label: `Epic: ${EPIC}` });
  await page.getByRole('button', { name: 'Link', exact: true }).click();
  await expect(page.getByRole('link', { name: EPIC })).toBeVisible();

  // Not measured yet, as the dashboard shows it.
  await page.goto('/dashboard');
  await expect(epicBadge(page, METRIC).locator('.metric-status')).toHaveText('Not measured');

  // A token for this metric only, made in the UI and shown once.
  await page.goto('/account');
  await expect(page.locator('body')).toHaveAttribute('data-hydrated', 'true', { timeout: 20_000 });
  await page.getByLabel('Name').fill('uptime probe (e2e)');
  await page.getByLabel('Record telemetry').check();
  const scope = page.getByRole('combobox', { name: 'For', exact: true });
  await expect(scope.locator('option', { hasText: METRIC })).toHaveText(`Only the metric “${METRIC}”`);
  await scope.selectOption(metricId);
  await page.getByRole('button', { name: 'Create token' }).click();
  const token = (await page.locator('.new-token code').textContent())!;
  expect(token).toMatch(/^tl_/);

  // Three measurements, as a machine posts them: the token and nothing else.
  const machine = await request.newContext({ baseURL });
  const values = [91, 93, 95];
  for (const [n, value] of values.entries()) {
    const response = await machine.post(`/api/v1/metrics/${metricId}/measurements`, {
      headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
      data: {
        id: `probe-${n}`,
        value,
        measured_at: new Date(Date.now() - (20 - n * 10) * 86_400_000).toISOString(),
      },
    });
    expect(response.status()).toBe(201);
  }
  await machine.dispose();

  // The trend chart plots them against baseline and target.
  await page.goto(metricUrl);
  const chart = page.locator('.trend-chart svg');
  await expect(chart).toBeVisible();
  await expect(chart.locator('circle.point')).toHaveCount(3);
  await expect(chart.locator('line.target')).toHaveCount(1);
  await expect(chart.locator('line.baseline')).toHaveCount(1);
  await expect(page.locator('.item-facts .metric-value')).toHaveText('95%');

  // And the epic's metric is now on track on the dashboard.
  await page.goto('/dashboard');
  await expect(epicBadge(page, METRIC).locator('.metric-status')).toHaveText('On track');
  await expect(epicBadge(page, METRIC).locator('.metric-value')).toHaveText('95%');
});

test('a metric page reads with or without JavaScript and takes a measurement by hand', async ({
  page,
  javaScriptEnabled,
}) => {
  const value = javaScriptEnabled ? '32.5' : '33.5';
  await new SignInPage(page).signIn(ERIN);
  await page.goto('/metrics');
  const row = page.locator('tr[data-metric="Share of the heavy-lift drone market"]');
  await expect(row.locator('.status')).toHaveText('Off track');
  await page.getByRole('link', { name: 'Maximum payload', exact: true }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Maximum payload');
  const chart = page.locator('.trend-chart svg');
  await expect(chart).toBeVisible();
  expect(await chart.locator('circle.point').count()).toBeGreaterThanOrEqual(7);
  await expect(page.getByRole('link', { name: 'A drone that carries heavy weights' })).toBeVisible();

  if (javaScriptEnabled) {
    await expect(page.locator('body')).toHaveAttribute('data-hydrated', 'true', { timeout: 20_000 });
  }
  // The record form's: an executive's measurement rows have correction forms too.
  await page.getByLabel('Value', { exact: true }).first().fill(value);
  await page.getByRole('button', { name: 'Record', exact: true }).click();
  await expect(page.locator('table.measurements')).toContainText(`${value} kg`);
  await expect(page.locator('table.measurements')).toContainText('by hand: erin@throughline.example');
});
