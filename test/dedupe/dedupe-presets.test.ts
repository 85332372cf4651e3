import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InProcessServer } from '../helpers/in-process.js';

const DOC = readFileSync(new URL('../../docs/dedupe.md', import.meta.url), 'utf8');

/** The presets table: sender → the `dedupe:` value as written (a quoted YAML string). */
const presets = [...DOC.matchAll(/^\| ([^|]+?) \| `('\{\{.*?\}\}')` \|/gm)].map((found) => ({ sender: found[1]!, value: found[2]! }));

/** What each sender puts in a delivery: the id where the sender puts it, and nothing else. */
const DELIVERIES: Record<string, (id: string) => { headers?: Record<string, string>; json?: unknown }> = {
  GitHub: (id) => ({ headers: { 'X-GitHub-Delivery': id } }),
  GitLab: (id) => ({ headers: { 'Idempotency-Key': id } }),
  'Gitea / Forgejo': (id) => ({ headers: { 'X-Gitea-Delivery': id } }),
  Stripe: (id) => ({ json: { id, object: 'event', type: 'charge.succeeded' } }),
  'Slack (Events API)': (id) => ({ json: { type: 'event_callback', event_id: id } }),
  'Standard Webhooks (`verify`)': (id) => ({ headers: { 'webhook-id': id } }),
  Shopify: (id) => ({ headers: { 'X-Shopify-Event-Id': id } }),
};

describe('docs/dedupe.md presets', () => {
  it('has a preset for each sender the page names', () => {
    expect(presets.map((preset) => preset.sender).sort()).toEqual(Object.keys(DELIVERIES).sort());
  });

  describe('each preset finds the id where its sender puts it', () => {
    let server: InProcessServer;
    beforeAll(async () => {
      const endpoints = presets.map(({ value }, i) => `  - /preset/${i}:\n      dedupe: ${value}\n      actions:\n        - log:\n            message: 'ran ${i}'`);
      server = await InProcessServer.start(`endpoints:\n${endpoints.join('\n')}\n`);
    });
    afterAll(async () => server.stop());

    const send = (i: number, delivery: { headers?: Record<string, string>; json?: unknown }) => server.post(`/preset/${i}`, delivery.json ?? {}, delivery.headers);

    it.each(Object.keys(DELIVERIES))('%s: the same delivery twice runs once; one without the id runs', async (sender) => {
      const i = presets.findIndex((preset) => preset.sender === sender);
      const delivery = DELIVERIES[sender]!(`${i}-8f4e3b2a-delivery`);
      expect((await send(i, delivery)).text).toBe('OK\n');
      expect((await send(i, delivery)).text).toBe('Duplicate delivery');
      expect((await send(i, {})).text).toBe('OK\n');
      expect((await send(i, {})).text).toBe('OK\n');
      expect(server.stdout.split('\n').filter((line) => line === `ran ${i}`)).toHaveLength(3);
    });

    it('GitLab without Idempotency-Key (older versions): X-Gitlab-Event-UUID', async () => {
      const i = presets.findIndex((preset) => preset.sender === 'GitLab');
      const delivery = { headers: { 'X-Gitlab-Event-UUID': 'b4f1c1d0-older-gitlab' } };
      expect((await send(i, delivery)).text).toBe('OK\n');
      expect((await send(i, delivery)).text).toBe('Duplicate delivery');
    });
  });
});
