import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { ServerProcess, tempDir } from '../helpers/cli.js';

let server: ServerProcess;
afterAll(async () => server?.stop('SIGKILL'));

it('a state_dir that cannot be written: an async request gets 503 with a reason, not 200, and nothing runs', async () => {
  // a folder below a plain file cannot be made, whoever runs the test (root included)
  const blocker = join(tempDir(), 'not-a-folder');
  writeFileSync(blocker, '');
  server = await ServerProcess.start(`
server: { port: 0, state_dir: '${join(blocker, 'state')}' }
endpoints:
  - /hook:
      async: true
      actions:
        - log: { message: 'ran {{ request.json.n }}' }
  - /sync:
      actions:
        - log: { message: 'sync ran' }
`);
  expect(server.stderr).toMatch(/delivery journal: cannot open .*not-a-folder\/state\/webhook-proxy\.db: .*; async endpoints answer 503 until it can/);
  const answer = await server.post('/hook', { n: 1 });
  expect(answer.status).toBe(503);
  expect(answer.text).toBe('Service Unavailable: the delivery journal cannot be written');
  expect(answer.headers.get('retry-after')).toBe('5');
  expect(server.stderr).toMatch(/POST \/hook: not accepted, the delivery journal cannot be written: /);
  // a synchronous endpoint keeps working: it keeps nothing
  expect((await server.post('/sync', {})).status).toBe(200);
  expect(server.stdout).not.toContain('ran 1');
});
