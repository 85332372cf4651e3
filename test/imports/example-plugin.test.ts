import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { ServerProcess } from '../helpers/cli.js';
import { githubExamples } from '../helpers/github-payloads.js';
import { Receiver } from '../helpers/receiver.js';

// examples/plugins/server.yml as shipped, with its port set to 0 and its import made absolute
const example = readFileSync(new URL('../../examples/plugins/server.yml', import.meta.url), 'utf8')
  .replace('port: 5000', 'port: 0')
  .replace('- notify.ts', `- ${new URL('../../examples/plugins/notify.ts', import.meta.url).pathname}`);

const receiver = new Receiver();
let server: ServerProcess;
beforeAll(async () => {
  await receiver.start();
  server = await ServerProcess.start(example, { env: { NOTIFY_URL: `${receiver.url}/topic` } });
});
afterAll(async () => {
  await server.stop();
  await receiver.stop();
});

it('the example notify plugin posts the rendered message with its title', async () => {
  const push = githubExamples('push').find((e) => (e.commits as unknown[]).length > 0)!;
  const response = await server.post('/github', push, { 'X-GitHub-Event': 'push' });
  expect(response.status).toBe(200);
  const expected = `${(push.pusher as { name: string }).name} pushed 1 commit(s) to ${push.ref as string}`;
  expect(receiver.last()).toMatchObject({ method: 'POST', path: '/topic', body: expected });
  expect(receiver.last().headers.title).toBe((push.repository as { full_name: string }).full_name);
  expect(server.stdout).toContain(`notified: ${expected}\n`);
});

it('a failing service fails the action', async () => {
  const failing = example.replace(`{{ read_config("NOTIFY_URL") }}`, `${receiver.url}/status/503`);
  const other = await ServerProcess.start(failing);
  try {
    const push = githubExamples('push')[0]!;
    expect((await other.post('/github', push, { 'X-GitHub-Event': 'push' })).status).toBe(500);
    await other.waitFor('stderr', /action 0 \(notify\) failed: notify: the service answered HTTP 503/);
  } finally {
    await other.stop();
  }
});
