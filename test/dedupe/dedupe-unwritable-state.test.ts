import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ServerProcess, tempDir } from '../helpers/cli.js';

describe('dedupe on Node: a state_dir that cannot be written fails closed', () => {
  it('endpoints with dedupe answer 503 and run nothing; others work; it recovers once the folder can be made', async () => {
    const parent = tempDir('webhook-proxy-state-');
    // a regular file where the folder's parent should be: mkdir fails whoever runs the test (root too)
    const blocker = join(parent, 'not-a-folder');
    writeFileSync(blocker, '');
    const stateDir = join(blocker, 'state');
    const server = await ServerProcess.start(`
server: { port: 0, state_dir: ${JSON.stringify(stateDir)} }
endpoints:
  - /deduped:
      dedupe: '{{ request.headers["X-Delivery"] }}'
      actions:
        - log:
            message: 'deduped {{ request.headers["X-Delivery"] }}'
  - /plain:
      actions:
        - log:
            message: plain ran
`);
    try {
      expect(server.stderr).toMatch(/dedupe: cannot keep delivery ids in .*not-a-folder\/state\/dedupe\.jsonl: .*; endpoints with dedupe answer 503 until it can/);

      const refused = await server.post('/deduped', {}, { 'X-Delivery': 'd-1' });
      expect(refused).toMatchObject({ status: 503, text: 'Service Unavailable: cannot record the delivery id' });
      expect(server.stderr).toMatch(/POST \/deduped: dedupe: cannot record the delivery id \(cannot keep delivery ids in .*\): answered 503, no action ran/);
      expect(server.stdout).not.toContain('deduped d-1');
      // an empty id is never recorded, so it does not need the store
      expect((await server.post('/deduped', {}, { 'X-Delivery': '' })).status).toBe(200);
      expect((await server.post('/plain', {})).status).toBe(200);

      rmSync(blocker);
      expect((await server.post('/deduped', {}, { 'X-Delivery': 'd-1' })).text).toBe('OK\n');
      expect(server.stderr).toContain('dedupe: delivery ids are kept in');
      expect((await server.post('/deduped', {}, { 'X-Delivery': 'd-1' })).text).toBe('Duplicate delivery');
      expect(server.stdout.split('\n').filter((line) => line === 'deduped d-1')).toHaveLength(1);
    } finally {
      await server.stop();
    }
  });
});
