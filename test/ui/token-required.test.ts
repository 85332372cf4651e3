import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { ServerProcess } from '../helpers/cli.js';
import { browserSuite, launchChromium, TOKEN, UI } from './ui-helpers.js';

browserSuite('the deliveries page asks for server.ui.token', () => {
  let browser: Browser;
  let server: ServerProcess;
  beforeAll(async () => {
    server = await ServerProcess.start(
      `
server: { port: 0, ui: { token: '{{ read_config("UI_TOKEN") }}' } }
endpoints:
  - /hook:
      actions:
        - log: { message: 'hook' }
`,
      { env: { UI_TOKEN: TOKEN } },
    );
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('answers 401 with a login form without the token; a wrong token is refused; the right one sets an HttpOnly, SameSite=Strict cookie', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    const first = await page.goto(server.url + UI);
    expect(first!.status()).toBe(401);
    await expect(page.getByRole('heading', { name: 'Deliveries' }).count()).resolves.toBe(1);
    expect(await page.locator('table').count()).toBe(0);

    await page.getByLabel('Token').fill('not-the-token');
    await page.getByRole('button', { name: 'Log in' }).click();
    await page.getByRole('alert').waitFor();
    expect(await page.getByRole('alert').textContent()).toContain('not right');
    expect(await context.cookies()).toEqual([]);

    await page.getByLabel('Token').fill(TOKEN);
    await page.getByLabel('Token').press('Enter');
    await page.locator('table.deliveries').waitFor();
    expect(page.url()).toBe(server.url + UI);
    const [cookie] = await context.cookies();
    expect(cookie).toMatchObject({ name: 'webhook_proxy_ui', httpOnly: true, sameSite: 'Strict', path: UI });
    expect(cookie!.value).not.toContain(TOKEN);

    await page.getByRole('button', { name: 'Log out' }).click();
    expect(await context.cookies()).toEqual([]);
    await context.close();
  });

  it('takes the token as a bearer token; a wrong one, or none, gets 401 from every page', async () => {
    for (const path of [UI, `${UI}/d/whatever`, `${UI}/r/1`]) {
      expect((await fetch(server.url + path)).status).toBe(401);
      expect((await fetch(server.url + path, { headers: { Authorization: `Bearer ${TOKEN}x` } })).status).toBe(401);
    }
    const listed = await fetch(server.url + UI, { headers: { Authorization: `Bearer ${TOKEN}` } });
    expect(listed.status).toBe(200);
    expect(listed.headers.get('content-security-policy')).toContain("default-src 'none'");
  });

  it('refuses a POST without its CSRF token, even with the right bearer token', async () => {
    const answer = await fetch(`${server.url}${UI}/d/some-id/redeliver`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${TOKEN}`, 'Content-Type': 'application/x-www-form-urlencoded' },
      body: 'csrf=forged',
    });
    expect(answer.status).toBe(403);
    const none = await fetch(`${server.url}${UI}/d/some-id/redeliver`, { method: 'POST' });
    expect(none.status).toBe(401);
  });
});
