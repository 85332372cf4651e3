import { describe, expect, it } from 'vitest';
import { buildWorker, RunningWorker } from '../cloudflare/worker-harness.js';
import { tempDir } from '../helpers/cli.js';

const endpoints = `
endpoints:
  - /hook:
      dedupe: '{{ request.headers["X-Delivery"] }}'
      actions:
        - log:
            message: 'ran {{ request.headers["X-Delivery"] }}'
`;

const runs = (worker: RunningWorker, id: string) => worker.output.split('\n').filter((line) => line === `ran ${id}`).length;
const deliver = (worker: RunningWorker, id: string) => worker.request('/hook', { method: 'POST', headers: { 'X-Delivery': id } });

describe('dedupe in workerd', () => {
  it('without KV: a duplicate within one isolate runs once; different and empty ids run', async () => {
    const built = await buildWorker(endpoints);
    const worker = await RunningWorker.start(built.file);
    try {
      expect(await deliver(worker, 'w-1')).toMatchObject({ status: 200, text: 'OK\n' });
      expect(await deliver(worker, 'w-1')).toMatchObject({ status: 200, text: 'Duplicate delivery' });
      expect(await deliver(worker, 'w-2')).toMatchObject({ status: 200, text: 'OK\n' });
      expect((await deliver(worker, '')).text).toBe('OK\n');
      expect((await deliver(worker, '')).text).toBe('OK\n');
      await worker.waitFor('dedupe: duplicate delivery "w-1", no action ran');
      expect([runs(worker, 'w-1'), runs(worker, 'w-2'), runs(worker, '')]).toEqual([1, 1, 2]);
    } finally {
      await worker.dispose();
    }
  });

  it('with server.dedupe_kv: the ids outlive the isolate (a new workerd on the same KV data)', async () => {
    const built = await buildWorker(`server: { dedupe_kv: DEDUPE }\n${endpoints}`);
    const kvPersist = tempDir('webhook-proxy-kv-');
    const first = await RunningWorker.start(built.file, {}, { kvNamespaces: ['DEDUPE'], kvPersist });
    try {
      expect((await deliver(first, 'kv-1')).text).toBe('OK\n');
      expect((await deliver(first, 'kv-1')).text).toBe('Duplicate delivery');
    } finally {
      await first.dispose();
    }
    const second = await RunningWorker.start(built.file, {}, { kvNamespaces: ['DEDUPE'], kvPersist });
    try {
      expect(await deliver(second, 'kv-1')).toMatchObject({ status: 200, text: 'Duplicate delivery' });
      expect(await deliver(second, 'kv-2')).toMatchObject({ status: 200, text: 'OK\n' });
      await second.waitFor('ran kv-2');
      expect(runs(second, 'kv-1')).toBe(0);
    } finally {
      await second.dispose();
    }
  });

  it('server.dedupe_kv naming a binding the Worker does not have: 503, nothing runs', async () => {
    const built = await buildWorker(`server: { dedupe_kv: MISSING }\n${endpoints}`);
    const worker = await RunningWorker.start(built.file);
    try {
      expect(await deliver(worker, 'm-1')).toMatchObject({ status: 503, text: 'Service Unavailable: cannot record the delivery id' });
      await worker.waitFor('server.dedupe_kv is "MISSING", but the Worker has no KV namespace binding of that name');
      expect(runs(worker, 'm-1')).toBe(0);
    } finally {
      await worker.dispose();
    }
  });
});
