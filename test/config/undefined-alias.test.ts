import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ServerProcess } from '../helpers/cli.js';
import { refusedAtStartup } from './refused-at-startup.js';

// An undefined alias used to load as an empty rule, which matches every value.
describe('an alias naming no anchor is a startup error', () => {
  it('inside a body rule', async () => {
    expect(await refusedAtStartup('endpoints:\n  - /hook:\n      body:\n        ref: *nope\n      actions:\n        - log:\n')).toBe(
      'server.yml:4:14 endpoints[0]./hook.body.ref: undefined alias "*nope": no anchor "&nope" before it',
    );
  });

  it('inside a header rule, with the anchor defined only after it', async () => {
    const message = await refusedAtStartup("endpoints:\n  - /hook:\n      headers:\n        X-Token: *token\ntoken: &token '^abc$'\n");
    expect(message).toBe('server.yml:4:18 endpoints[0]./hook.headers.X-Token: undefined alias "*token": no anchor "&token" before it');
  });

  it('as a merge key', async () => {
    expect(await refusedAtStartup('endpoints:\n  - /hook:\n      <<: *defaults\n')).toBe('server.yml:3:11 endpoints[0]./hook.<<: undefined alias "*defaults": no anchor "&defaults" before it');
  });

  it('a merge of something that is not a mapping', async () => {
    expect(await refusedAtStartup('token: &token abc\nendpoints:\n  - /hook:\n      <<: *token\n')).toBe(
      'server.yml:4:7 endpoints[0]./hook: a merge key (<<) takes a mapping or a list of mappings, like "<<: *defaults"',
    );
  });

  it('an alias inside the node it names', async () => {
    expect(await refusedAtStartup('loop: &loop\n  again: *loop\nendpoints:\n  - /hook:\n')).toBe('server.yml:2:10 loop.again: the alias "*loop" is inside the node it names: it would never end');
  });
});

describe('a defined alias in a rule still checks what its anchor says', () => {
  let server: ServerProcess;
  beforeAll(async () => {
    server = await ServerProcess.start(`
ref: &ref '^refs/heads/main$'
server: { port: 0 }
endpoints:
  - /hook:
      body:
        ref: *ref
      actions:
        - log: { message: 'ran' }
`);
  });
  afterAll(async () => server.stop());

  it('refuses a value the anchored rule does not match', async () => {
    expect((await server.post('/hook', { ref: 'refs/heads/dev' })).status).toBe(409);
    expect((await server.post('/hook', { ref: 'refs/heads/main' })).status).toBe(200);
  });
});
