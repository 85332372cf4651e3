import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { ServerProcess } from '../helpers/cli.js';
import { githubPushBody, sign } from '../helpers/github-payloads.js';
import { browserSuite, launchChromium, TOKEN, UI } from './ui-helpers.js';

browserSuite('filters of the deliveries page, and refused requests in the list', () => {
  let browser: Browser;
  let server: ServerProcess;
  beforeAll(async () => {
    server = await ServerProcess.start(
      `
server: { port: 0, ui: { token: '${TOKEN}' } }
endpoints:
  - /ok:
      async: true
      actions:
        - log: { message: 'fine' }
  - /broken:
      async: true
      actions:
        - eval: { block: '{{ error("the deploy script is missing") }}' }
  - /github:
      actions:
        - github-verify: { secret: 'the-right-secret' }
`,
    );
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('lists a request refused with 401 (a wrong secret) as rejected, with why; the state filter shows only that state', async () => {
    for (let n = 0; n < 3; n++) expect((await server.post('/ok', { n })).status).toBe(200);
    expect((await server.post('/broken', { n: 1 })).status).toBe(200);
    const body = githubPushBody();
    const refused = await server.post('/github', body.toString(), {
      'Content-Type': 'application/json',
      'X-GitHub-Delivery': 'wrong-secret-1',
      'X-Hub-Signature-256': sign('sha256', 'a-wrong-secret', body),
    });
    expect(refused.status).toBe(401);
    await server.waitFor('stderr', /delivery \S+ POST \/broken: attempt 1 of 1 failed/, 20_000);

    const context = await browser.newContext({ extraHTTPHeaders: { Authorization: `Bearer ${TOKEN}` } });
    const page = await context.newPage();
    page.setDefaultTimeout(10_000);
    await page.goto(server.url + UI);
    const states = () => page.locator('#rows td[data-label="State"] .state').allTextContents();
    await expect.poll(states).toHaveLength(5);

    const rejected = page.locator('#rows tr', { hasText: 'wrong-secret-1' });
    expect(await rejected.locator('.state').textContent()).toBe('rejected 401');
    expect(await rejected.locator('.error-line').textContent()).toContain('action 0 (github-verify) failed');

    // keyboard only: the select and the button
    await page.getByLabel('State', { exact: true }).selectOption('dead');
    await page.getByRole('button', { name: 'Filter' }).focus();
    await page.keyboard.press('Enter');
    await page.waitForURL(/state=dead/);
    expect(await states()).toEqual(['dead']);
    expect(await page.locator('#rows td[data-label="Route"]').allTextContents()).toEqual(['/broken']);

    await page.getByLabel('State', { exact: true }).selectOption('succeeded');
    await page.getByRole('button', { name: 'Filter' }).click();
    await page.waitForURL(/state=succeeded/);
    expect(await states()).toEqual(['succeeded', 'succeeded', 'succeeded']);

    await page.getByLabel('State', { exact: true }).selectOption('rejected');
    await page.getByLabel('Route', { exact: true }).selectOption('/github');
    await page.getByRole('button', { name: 'Filter' }).click();
    await page.waitForURL(/state=rejected/);
    expect(await states()).toEqual(['rejected 401']);
    await page.locator('#rows tr').getByRole('link').click();
    await page.getByRole('heading', { name: 'POST /github rejected 401' }).waitFor();
    expect(await page.locator('table.headers tr', { hasText: 'x-hub-signature-256' }).locator('td').textContent()).toBe('[masked]');

    expect((await fetch(`${server.url}${UI}?state=lost`, { headers: { Authorization: `Bearer ${TOKEN}` } })).status).toBe(400);
    await context.close();
  });
});
