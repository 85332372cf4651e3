import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { ServerProcess } from '../helpers/cli.js';
import { browserSuite, ComingBackReceiver, launchChromium, TOKEN, UI } from './ui-helpers.js';

browserSuite('Redeliver on the deliveries page', () => {
  let browser: Browser;
  let server: ServerProcess;
  const receiver = new ComingBackReceiver();
  beforeAll(async () => {
    // its port is taken, then given back: the deploy target is down
    await receiver.start();
    await receiver.stop();
    server = await ServerProcess.start(
      `
server: { port: 0, ui: { token: '${TOKEN}' } }
endpoints:
  - /deploy:
      async: true
      actions:
        - log: { message: 'deploying {{ request.json.ref }}' }
        - http: { target: '${receiver.url}', method: POST, body: '{{ request.json.ref }}', fail_on_error: true }
`,
    );
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    await receiver.stop();
  });

  it('shows a failed delivery with its error; once the receiver is back, Redeliver runs it again as a new delivery linked to the old one', async () => {
    expect((await server.post('/deploy', { ref: 'refs/heads/main' })).status).toBe(200);
    const dead = await server.waitFor('stderr', /delivery (\S+) POST \/deploy: attempt 1 of 1 failed at action 1 \(http\): (.*); dead/, 20_000);
    const id = dead[1]!;

    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(server.url + UI);
    await page.getByLabel('Token').fill(TOKEN);
    await page.getByRole('button', { name: 'Log in' }).click();
    const row = page.locator('#rows tr', { hasText: '/deploy' });
    expect(await row.locator('td[data-label="State"] .state').textContent()).toBe('dead');
    expect(await row.locator('.error-line').textContent()).toContain('ECONNREFUSED');
    await row.getByRole('link').click();

    await page.getByRole('heading', { name: `Delivery ${id}` }).waitFor();
    const failed = page.locator('table.actions-table tbody tr').nth(1);
    expect(await failed.locator('td[data-label="Outcome"]').textContent()).toBe('failed');
    expect(await failed.locator('.error-line').textContent()).toContain(`HTTP POST to ${receiver.url} failed: ECONNREFUSED`);
    expect(await page.locator('table.actions-table tbody tr').nth(0).locator('pre.output').textContent()).toBe('deploying refs/heads/main');

    await receiver.start();
    await page.getByRole('button', { name: 'Redeliver' }).click();
    await page.getByRole('status').waitFor();
    expect(await page.getByRole('status').textContent()).toBe(`Redelivery of ${id} started: this is the new delivery.`);
    const again = /\/d\/([^/?]+)\?from=/.exec(page.url())![1]!;
    expect(again).not.toBe(id);
    await server.waitFor('stderr', new RegExp(`delivery ${again} POST /deploy: attempt 1 of 1 succeeded`), 20_000);
    expect(receiver.bodies).toEqual(['refs/heads/main']);

    await page.reload();
    expect(await page.locator('.facts .state').first().textContent()).toBe('succeeded');
    await page.getByRole('link', { name: id }).click();
    await page.getByRole('heading', { name: `Delivery ${id}` }).waitFor();
    expect(await page.locator('.facts').textContent()).toContain(`Redelivered as${again}`);
    await context.close();
  });
});
