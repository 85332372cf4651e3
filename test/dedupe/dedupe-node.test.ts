import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { ServerProcess, tempDir } from '../helpers/cli.js';

// what dedupe does with a request is tested in this process (dedupe-requests.test.ts); this is
// where the Node server keeps the ids
let server: ServerProcess;
let cwd: string;
beforeAll(async () => {
  // no state_dir: the default ./.webhook-proxy/ is resolved against the working directory
  cwd = tempDir('webhook-proxy-dedupe-');
  server = await ServerProcess.start(
    `
server: { port: 0 }
endpoints:
  - /plain:
      dedupe: '{{ request.headers.get("X-Delivery") }}'
      actions:
        - log:
            message: 'plain {{ request.headers.get("X-Delivery") }}'
`,
    { cwd },
  );
});
afterAll(async () => server.stop());

it('dedupe on Node keeps the ids in .webhook-proxy/dedupe.jsonl under the working directory by default', async () => {
  const id = '72d3162e-cc78-11e3-81ab-4c9367dc0958';
  expect(await server.post('/plain', {}, { 'X-Delivery': id })).toMatchObject({ status: 200, text: 'OK\n' });
  const file = join(cwd, '.webhook-proxy', 'dedupe.jsonl');
  expect(existsSync(file)).toBe(true);
  expect(readFileSync(file, 'utf8')).toContain(`"id":"${id}"`);
  expect(await server.post('/plain', {}, { 'X-Delivery': id })).toMatchObject({ status: 200, text: 'Duplicate delivery' });
});
