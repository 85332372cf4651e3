import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { ServerProcess } from '../helpers/cli.js';
import { scrape } from './scrape.js';

// on the built CLI: the version label comes from package.json at build time, and the process
// metrics are those of the server's own process
const { version } = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };

let server: ServerProcess;
beforeAll(async () => {
  server = await ServerProcess.start(`
server: { port: 0 }
endpoints:
  - /hook:
      actions:
        - log: { message: 'hook' }
`);
});
afterAll(async () => server.stop());

it('exposes webhook_proxy_app_info and Node process metrics in the Prometheus text format', async () => {
  const metrics = await scrape(server);
  expect(metrics.contentType).toBe('text/plain; version=0.0.4; charset=utf-8');
  const info = metrics.find('webhook_proxy_app_info');
  expect(info).toHaveLength(1);
  expect(info[0]!.value).toBe(1);
  expect(info[0]!.labels.version).toBe(version);
  expect(metrics.value('process_start_time_seconds')).toBeGreaterThan(Date.now() / 1000 - 600);
  expect(metrics.value('process_resident_memory_bytes')).toBeGreaterThan(1_000_000);
  expect(metrics.find('nodejs_heap_size_used_bytes')).toHaveLength(1);
  expect(metrics.text).toMatch(/^# TYPE webhook_proxy_http_requests_total counter$/m);
});
