import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ServerProcess } from '../helpers/cli.js';
import { refusedAtStartup } from './refused-at-startup.js';

// PyYAML, which read the original's configs, takes yes/no/on/off/true/false as booleans but
// keeps y, Y, n and N as strings; YAML 1.1 itself (and the `yaml` package) reads those as booleans.
describe('y, Y, n and N are strings, as keys and as values', () => {
  let server: ServerProcess;
  beforeAll(async () => {
    server = await ServerProcess.start(`
server: { port: 0 }
endpoints:
  - /keys:
      body:
        y: '^1$'
        n: '^2$'
        Y: '^3$'
        N: '^4$'
  - /values:
      body:
        answer: y
        other: N
  - /booleans:
      async: yes
      actions:
        - log: { message: 'async ran' }
`);
  });
  afterAll(async () => server.stop());

  it('a body rule keyed y checks the payload key "y"', async () => {
    expect((await server.post('/keys', { y: '1', n: '2', Y: '3', N: '4' })).status).toBe(200);
    expect((await server.post('/keys', { y: '1', n: '2', Y: '3', N: 'x' })).status).toBe(409);
    expect((await server.post('/keys', { true: '1', false: '2' })).status).toBe(409);
  });

  it('a rule written y matches the text y, not a boolean', async () => {
    expect((await server.post('/values', { answer: 'yes', other: 'No' })).status).toBe(200);
    expect((await server.post('/values', { answer: true, other: false })).status).toBe(409);
  });

  it('yes stays a boolean value', async () => {
    expect((await server.post('/booleans')).status).toBe(200);
    await server.waitFor('stdout', /async ran/);
  });
});

describe('where a boolean was read, a setting that wants one says so', () => {
  it('async: y is not true', async () => {
    expect(await refusedAtStartup('endpoints:\n  - /hook:\n      async: y\n')).toBe('server.yml:3:14 endpoints[0]./hook.async: must be true or false');
  });

  it('fail_on_error: n is not false', async () => {
    expect(await refusedAtStartup("endpoints:\n  - /hook:\n      actions:\n        - http: { target: 'http://127.0.0.1:9/', fail_on_error: n }\n")).toBe(
      'server.yml:4:65 endpoints[0]./hook.actions[0].http.fail_on_error: must be true or false, not "n"',
    );
  });
});

describe('a key PyYAML reads as a boolean is refused where a name is meant', () => {
  it.each([
    ['on', 'true'],
    ['off', 'false'],
    ['yes', 'true'],
    ['No', 'false'],
  ])('%s', async (key, value) => {
    expect(await refusedAtStartup(`endpoints:\n  - /hook:\n      body:\n        ${key}: x\n`)).toBe(
      `server.yml:4:9 endpoints[0]./hook.body: the key ${key} is read as the boolean ${value} (YAML 1.1, as PyYAML reads it): quote it ('${key}') to use it as a name`,
    );
  });

  it('in a header rule and in an action setting', async () => {
    expect(await refusedAtStartup('endpoints:\n  - /hook:\n      headers:\n        on: x\n')).toMatch(/^server\.yml:4:9 endpoints\[0\]\.\/hook\.headers: the key on is read as the boolean true/);
    expect(await refusedAtStartup("endpoints:\n  - /hook:\n      actions:\n        - execute:\n            command: 'true'\n            env: { off: '1' }\n")).toMatch(
      /^server\.yml:6:20 endpoints\[0\]\.\/hook\.actions\[0\]\.execute\.env: the key off is read as the boolean false/,
    );
  });

  it('but quoted, or at the top level where anchors live, such a key is fine', async () => {
    const server = await ServerProcess.start(`
yes: &rule '^x$'
server: { port: 0 }
endpoints:
  - /hook:
      body:
        'on': *rule
`);
    try {
      expect((await server.post('/hook', { on: 'x' })).status).toBe(200);
      expect((await server.post('/hook', { on: 'y' })).status).toBe(409);
    } finally {
      await server.stop();
    }
  });
});
