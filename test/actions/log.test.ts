import { afterAll, beforeAll, expect, it } from 'vitest';
import { InProcessServer } from '../helpers/in-process.js';

let server: InProcessServer;
beforeAll(async () => {
  server = await InProcessServer.start(`
server: { port: 0 }
endpoints:
  - /testing:
      actions:
        - log:
            message: Hello there!
        - log:
            message: 'HTTP {{ request.method }} {{ request.path }}'
        - log:
        - log:
            message: |
              multi {{ request.json.a }}
              line
  - /several-in-one-item:
      actions:
        - log: { message: first }
          eval: { block: second }
`);
});
afterAll(async () => server.stop());

it('prints plain, templated, default and multi-line messages in order (one trailing newline dropped)', async () => {
  const mark = server.stdout.length;
  expect((await server.post('/testing', { a: 1 })).status).toBe(200);
  await server.waitFor('stdout', /line\n/);
  expect(server.stdout.slice(mark)).toBe('Hello there!\nHTTP POST /testing\nProcessing /testing ...\nmulti 1\nline\n');
});

it('runs several actions of one list item in mapping order', async () => {
  const mark = server.stdout.length;
  expect((await server.post('/several-in-one-item')).status).toBe(200);
  await server.waitFor('stdout', /second\n/);
  expect(server.linesSince(mark)).toEqual(['first', 'second']);
});
