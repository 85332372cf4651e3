import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { ServerProcess } from '../helpers/cli.js';
import { githubPushBody, sign } from '../helpers/github-payloads.js';
import { browserSuite, launchChromium, TOKEN, UI } from './ui-helpers.js';

const SECRET = 'github-webhook-secret';

browserSuite('a signed GitHub push on the deliveries page', () => {
  let browser: Browser;
  let server: ServerProcess;
  beforeAll(async () => {
    server = await ServerProcess.start(
      `
server: { port: 0, ui: { token: '{{ read_config("UI_TOKEN") }}' } }
endpoints:
  - /github:
      async: true
      actions:
        - github-verify: { secret: '{{ read_config("GITHUB_SECRET") }}' }
        - log: { message: 'push to {{ request.json.repository.full_name }} by {{ request.json.pusher.name }}' }
        - execute: { command: [echo, 'deployed {{ request.json.after[:7] }}'] }
`,
      { env: { UI_TOKEN: TOKEN, GITHUB_SECRET: SECRET } },
    );
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('appears in the open list by itself, and its page shows each action with its output and the request with the signature masked', async () => {
    const context = await browser.newContext({ extraHTTPHeaders: { Authorization: `Bearer ${TOKEN}` } });
    const page = await context.newPage();
    await page.goto(server.url + UI);
    expect(await page.locator('#rows').textContent()).toContain('Nothing here yet');

    const body = githubPushBody();
    const push = JSON.parse(body.toString()) as { after: string; repository: { full_name: string }; pusher: { name: string } };
    const delivery = crypto.randomUUID();
    const answer = await server.post('/github', body.toString(), {
      'Content-Type': 'application/json',
      'X-GitHub-Event': 'push',
      'X-GitHub-Delivery': delivery,
      'X-Hub-Signature-256': sign('sha256', SECRET, body),
    });
    expect(answer.status).toBe(200);
    await server.waitFor('stderr', /delivery \S+ POST \/github: attempt 1 of 1 succeeded/, 20_000);

    // no reload: the list fetches itself (live refresh)
    const row = page.locator('#rows tr', { hasText: delivery });
    await row.waitFor({ timeout: 20_000 });
    expect(await row.locator('td[data-label="State"]').textContent()).toBe('succeeded');
    expect(await row.locator('td[data-label="Route"]').textContent()).toBe('/github');

    await row.getByRole('link').click();
    await page.getByRole('heading', { name: /^Delivery / }).waitFor();
    const actions = page.locator('table.actions-table tbody tr');
    expect(await actions.count()).toBe(2);
    expect(await actions.nth(0).locator('td[data-label="Action"]').textContent()).toBe('log');
    expect(await actions.nth(0).locator('pre.output').textContent()).toBe(`push to ${push.repository.full_name} by ${push.pusher.name}`);
    expect(await actions.nth(1).locator('td[data-label="Action"]').textContent()).toBe('execute');
    expect(await actions.nth(1).locator('pre.output').textContent()).toContain(`deployed ${push.after.slice(0, 7)}`);

    const signature = page.locator('table.headers tr', { hasText: 'x-hub-signature-256' });
    expect(await signature.locator('td').textContent()).toBe('[masked]');
    expect(await page.content()).not.toContain(sign('sha256', SECRET, body).slice(7, 30));
    expect(await page.locator('pre.body').textContent()).toContain(`"full_name": "${push.repository.full_name}"`);
    await context.close();
  });
});
