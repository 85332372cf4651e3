import { join } from 'node:path';
import { runInNewContext } from 'node:vm';
import { Miniflare } from 'miniflare';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { buildWorker, COMPATIBILITY_DATE } from '../cloudflare/worker-harness.js';

// In workerd, server.log_format: json logs each record as an object (console.log(record)), which
// Workers Logs indexes by field. workerd's structured logs give one entry per console call; its
// message is the object as the console prints it (a JavaScript object literal), read back here.
let mf: Miniflare;
const entries: { level: string; message: string }[] = [];

beforeAll(async () => {
  const built = await buildWorker(`
server: { log_format: json }
endpoints:
  - /hook:
      headers: { X-Event: '^push$' }
      actions:
        - log: { message: "got {{ request.json.n }}" }
        - eval: { block: "{% if request.json.fail %}{{ error('boom') }}{% endif %}" }
`);
  mf = new Miniflare({
    modules: true,
    scriptPath: built.file,
    modulesRoot: join(built.file, '..'),
    compatibilityDate: COMPATIBILITY_DATE,
    structuredWorkerdLogs: true,
    handleStructuredLogs: (entry: { level: string; message: string }) => void entries.push(entry),
  });
  await mf.ready;
});

afterAll(async () => {
  await mf?.dispose();
});

/** The records logged so far, each read back from the console's rendering of the object. */
function records(): { level: string; record: Record<string, unknown> }[] {
  return entries.map(({ level, message }) => {
    expect(message.trimStart().startsWith('{')).toBe(true);
    // an object, not its JSON text (which Workers Logs would keep as one string)
    expect(() => JSON.parse(message)).toThrow();
    return { level, record: runInNewContext(`(${message})`) as Record<string, unknown> };
  });
}

async function waitForRecords(count: number): Promise<void> {
  while (entries.length < count) await new Promise((resolve) => setTimeout(resolve, 10));
}

it('action output and a failure are objects with the request fields, on log and error', async () => {
  const response = await mf.dispatchFetch('http://worker.test/hook', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', 'X-Event': 'push', 'X-GitHub-Delivery': 'gh-7', 'CF-Connecting-IP': '198.51.100.4' },
    body: JSON.stringify({ n: 7, fail: true }),
  });
  expect(response.status).toBe(500);
  expect(response.headers.get('x-request-id')).toBe('gh-7');
  await response.text();
  await waitForRecords(2);
  const [output, failure] = records();
  expect(output!.level).toBe('log');
  expect(output!.record).toEqual({ time: expect.any(String), level: 'info', msg: 'got 7', request_id: 'gh-7', route: '/hook', method: 'POST', action: 'log', action_index: 0 });
  expect(failure!.level).toBe('error');
  expect(failure!.record).toEqual({
    time: expect.any(String),
    level: 'error',
    msg: 'action 1 (eval) failed: boom',
    request_id: 'gh-7',
    route: '/hook',
    method: 'POST',
    action: 'eval',
    action_index: 1,
  });
  expect(new Date(failure!.record.time as string).toISOString()).toBe(failure!.record.time);
});

it('a refused request logs its validation failure as an object too', async () => {
  const before = entries.length;
  const response = await mf.dispatchFetch('http://worker.test/hook', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', 'X-Event': 'pull', 'X-Request-Id': 'w-409' },
    body: '{}',
  });
  expect(response.status).toBe(409);
  expect(response.headers.get('x-request-id')).toBe('w-409');
  await response.text();
  await waitForRecords(before + 1);
  expect(records()[before]!.record).toEqual({
    time: expect.any(String),
    level: 'warn',
    msg: 'Failed to validate the "X-Event" header: "pull" does not match "^push$"',
    request_id: 'w-409',
    route: '/hook',
    method: 'POST',
  });
});
