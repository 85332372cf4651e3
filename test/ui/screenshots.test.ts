import { mkdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { ServerProcess } from '../helpers/cli.js';
import { githubPushBody, sign } from '../helpers/github-payloads.js';
import { browserSuite, launchChromium, TOKEN, UI } from './ui-helpers.js';

/**
 * The test's artefacts: test/artifacts/ (ignored by git) on every run, so a run leaves the tree as it
 * was; with WEBHOOK_PROXY_UPDATE_SCREENSHOTS=1 the ones docs/delivery.md shows, docs/images/.
 */
const IMAGES = fileURLToPath(new URL(process.env.WEBHOOK_PROXY_UPDATE_SCREENSHOTS === '1' ? '../../docs/images/' : '../artifacts/', import.meta.url));
mkdirSync(IMAGES, { recursive: true });
const SIZES = { desktop: { width: 1280, height: 860 }, phone: { width: 390, height: 844 } } as const;

browserSuite('screenshots of the deliveries page at desktop and phone width', () => {
  let browser: Browser;
  let server: ServerProcess;
  let pushed = '';
  beforeAll(async () => {
    server = await ServerProcess.start(
      `
server: { port: 0, ui: { token: '${TOKEN}' } }
endpoints:
  - /github:
      async: true
      actions:
        - github-verify: { secret: 'the-secret' }
        - log: { message: 'push to {{ request.json.repository.full_name }} by {{ request.json.pusher.name }}' }
        - execute: { command: [echo, 'deployed {{ request.json.after[:7] }}'] }
  - /deploy:
      async: true
      actions:
        - log: { message: 'deploying {{ request.json.service }}' }
        - http: { target: 'http://127.0.0.1:9/unreachable', method: POST, fail_on_error: true }
  - /status:
      actions:
        - log: { message: 'status check' }
`,
    );
    const body = githubPushBody();
    const signed = (secret: string, id: string) => ({ 'Content-Type': 'application/json', 'X-GitHub-Event': 'push', 'X-GitHub-Delivery': id, 'X-Hub-Signature-256': sign('sha256', secret, body) });
    pushed = crypto.randomUUID();
    expect((await server.post('/github', body.toString(), signed('the-secret', pushed))).status).toBe(200);
    expect((await server.post('/github', body.toString(), signed('an-old-secret', crypto.randomUUID()))).status).toBe(401);
    expect((await server.post('/deploy', { service: 'api' })).status).toBe(200);
    for (let n = 0; n < 3; n++) expect((await server.post('/status', { n })).status).toBe(200);
    await server.waitFor('stderr', /POST \/github: attempt 1 of 1 succeeded/, 20_000);
    await server.waitFor('stderr', /POST \/deploy: attempt 1 of 1 failed/, 20_000);
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  for (const [name, viewport] of Object.entries(SIZES)) {
    it(`list and detail at ${name} width (${viewport.width} px): nothing wider than the screen`, async () => {
      const context = await browser.newContext({ viewport, extraHTTPHeaders: { Authorization: `Bearer ${TOKEN}` }, colorScheme: 'light' });
      const page = await context.newPage();
      await page.goto(server.url + UI);
      expect(await page.locator('#rows tr').count()).toBe(6);
      expect(await page.locator('svg.spark').count()).toBe(3);
      await shoot(page, `deliveries-list-${name}.png`);

      await page.locator('#rows tr', { hasText: pushed }).getByRole('link').click();
      await page.getByRole('heading', { name: /^Delivery / }).waitFor();
      // the heading is there before the stylesheet: measured unstyled, the body's <pre> is as wide as its longest line
      await page.waitForLoadState('load');
      await shoot(page, `deliveries-detail-${name}.png`);
      await context.close();
    });
  }
});

async function shoot(page: Page, file: string): Promise<void> {
  // readable at this width: the page scrolls down, never sideways
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(page.viewportSize()!.width);
  await page.screenshot({ path: IMAGES + file, fullPage: true });
  expect(
    readFileSync(IMAGES + file)
      .subarray(1, 4)
      .toString(),
  ).toBe('PNG');
}
