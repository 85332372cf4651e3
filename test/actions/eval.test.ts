import { afterAll, beforeAll, expect, it } from 'vitest';
import { InProcessServer } from '../helpers/in-process.js';

let server: InProcessServer;
beforeAll(async () => {
  server = await InProcessServer.start(`
server: { port: 0 }
endpoints:
  - /eval:
      actions:
        - eval:
            block: |
              {% set names = [] %}{% for c in request.json.commits if c.author != "bot" %}{% set _ = names.append(c.author) %}{% endfor %}{% set _ = context.set("authors", names|join(", ")) %}
        - eval:
            block: '{{ context.set("x", 1) }} authors={{ context.authors }}'
`);
});
afterAll(async () => server.stop());

it('renders a block for its side effects; prints what it renders (an empty line when empty)', async () => {
  const mark = server.stdout.length;
  const body = { commits: [{ author: 'ann' }, { author: 'bot' }, { author: 'bob' }] };
  expect((await server.post('/eval', body)).status).toBe(200);
  expect(server.stdout.slice(mark)).toBe('\nNone authors=ann, bob\n');
});
