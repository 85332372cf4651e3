import { afterAll, beforeAll, expect, it } from 'vitest';
import { InProcessServer } from '../helpers/in-process.js';

let server: InProcessServer;
beforeAll(async () => {
  server = await InProcessServer.start(`
server: { port: 0 }
endpoints:
  - /ctx:
      actions:
        - eval:
            block: 'before={{ context.value }}{% set _ = context.set("value", request.json.n) %}'
        - sleep:
            seconds: '{{ request.json.wait }}'
            output: 'waited'
        - log:
            message: 'n={{ request.json.n }} context={{ context.value }}'
  - /async-ctx:
      async: true
      actions:
        - eval:
            block: '{% set _ = context.set("value", request.json.n) %}'
        - sleep: { seconds: 0.05, output: '' }
        - log:
            message: 'async n={{ request.json.n }} context={{ context.value }}'
`);
});
afterAll(async () => server.stop());

it('shares context between the actions of one request, never with another, under 20 concurrent requests', async () => {
  const results = await Promise.all(Array.from({ length: 20 }, (_, n) => server.post('/ctx', { n, wait: ((n * 7) % 5) / 50 })));
  expect(results.map((result) => result.status)).toEqual(Array(20).fill(200));
  await server.waitFor('stdout', /(n=\d+ context=\d+\n[\s\S]*){20}/);
  const lines = server.stdout.split('\n');
  for (let n = 0; n < 20; n++) expect(lines).toContain(`n=${n} context=${n}`);
  // every request started with an empty context
  expect(lines.filter((line) => line.startsWith('before='))).toEqual(Array(20).fill('before='));
});

it('keeps context for the async continuation of each request', async () => {
  await Promise.all(Array.from({ length: 10 }, (_, n) => server.post('/async-ctx', { n })));
  await server.waitFor('stdout', /(async n=\d+ context=\d+\n[\s\S]*){10}/);
  for (let n = 0; n < 10; n++) expect(server.stdout).toContain(`async n=${n} context=${n}\n`);
});
