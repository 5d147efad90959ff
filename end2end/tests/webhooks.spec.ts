import { expect, test } from '@playwright/test';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { BoardPage, SignInPage } from './board-page';

interface Delivery {
  id: string;
  event: string;
  body: { type: string; data: { item: { title: string } } };
}

/** A receiver on a local port: keeps every delivery and answers 204. */
async function receiver() {
  const received: Delivery[] = [];
  const server = http.createServer((request, response) => {
    let body = '';
    request.on('data', (chunk) => (body += chunk));
    request.on('end', () => {
      received.push({
        id: String(request.headers['throughline-webhook-id']),
        event: String(request.headers['throughline-event']),
        body: JSON.parse(body),
      });
      response.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/hook`, received, close: () => server.close() };
}

test.describe('webhooks', () => {
  test('an admin subscribes a URL, a new card is delivered to it, sent again, and the subscription ended', async ({
    page,
    javaScriptEnabled,
  }, testInfo) => {
    const hook = await receiver();
    const title = `Webhook card ${testInfo.project.name}`;
    // Other tests add cards meanwhile: only this one's count.
    const mine = () => hook.received.filter((d) => d.body.data.item.title === title);

    await new SignInPage(page).signIn('ada@throughline.example');
    await page.goto('/account');
    await page.getByRole('link', { name: 'webhooks page' }).click();
    await expect(page).toHaveURL(/\/webhooks$/);
    // The secret is shown by the hydrated page: a form sent before is a plain post.
    if (javaScriptEnabled) await new BoardPage(page).waitForHydration();
    await page.getByLabel('URL').fill(hook.url);
    await page.getByLabel(/Item created/).check();
    await page.getByRole('button', { name: 'Subscribe', exact: true }).click();
    if (javaScriptEnabled) {
      await expect(page.locator('.new-token code')).toHaveText(/^whsec_/);
    }
    const subscription = page.locator(`article.webhook[data-url="${hook.url}"]`);
    await expect(subscription).toContainText('Item created');

    const board = new BoardPage(page);
    await board.openTeam('Software');
    await board.addWorkItem('To Do', title);
    await expect.poll(() => mine().length, { timeout: 15_000 }).toBe(1);
    const [delivered] = mine();
    expect(delivered.event).toBe('item.created');
    expect(delivered.body.type).toBe('item.created');

    await page.goto('/webhooks');
    const row = subscription.locator(`tr[data-delivery="${delivered.id}"]`);
    await expect(row).toHaveAttribute('data-state', 'delivered');
    await expect(row.locator('.delivery-answer')).toHaveText('204');
    await row.getByRole('button', { name: 'Redeliver' }).click();
    await expect.poll(() => mine().length, { timeout: 15_000 }).toBe(2);
    expect(mine()[1].id).toBe(delivered.id);

    await page.goto('/webhooks');
    await subscription.getByRole('button', { name: 'Unsubscribe' }).click();
    await expect(subscription).toHaveCount(0);
    hook.close();
  });
});
