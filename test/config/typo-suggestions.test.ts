import { describe, expect, it } from 'vitest';
import { accepted, refusedAtStartup } from './refused-at-startup.js';

// Fail closed on typos: a typo must never switch a rule off.
describe('an unknown key in an endpoint is a startup error with a suggestion', () => {
  it('header: for headers:', async () => {
    expect(await refusedAtStartup("endpoints:\n  - /hook:\n      header:\n        X-Token: '^abc$'\n")).toMatch(
      /^server\.yml:3:7 endpoints\[0\]\.\/hook: unknown key "header": did you mean "headers"\? \(known: method, headers, body, async, actions\b.*\)$/,
    );
  });

  it('asyc: for async:', async () => {
    expect(await refusedAtStartup('endpoints:\n  - /hook:\n      asyc: true\n')).toMatch(
      /^server\.yml:3:7 endpoints\[0\]\.\/hook: unknown key "asyc": did you mean "async"\? \(known: method, headers, body, async, actions\b.*\)$/,
    );
  });

  it('a key resembling none, with the known ones only', async () => {
    expect(await refusedAtStartup('endpoints:\n  - /hook:\n      description: hi\n')).toMatch(
      /^server\.yml:3:7 endpoints\[0\]\.\/hook: unknown key "description" \(known: method, headers, body, async, actions\b.*\)$/,
    );
  });
});

describe('top-level keys', () => {
  it.each([
    ['sever', 'server', 'sever:\n  port: 0\nendpoints:\n  - /hook:\n'],
    ['Server', 'server', 'Server:\n  port: 0\nendpoints:\n  - /hook:\n'],
    ['endpoint', 'endpoints', 'endpoint:\n  - /hook:\n'],
    ['endpionts', 'endpoints', 'endpionts:\n  - /hook:\n'],
  ])('%s: is an error suggesting %s', async (key, known, yaml) => {
    expect(await refusedAtStartup(yaml)).toBe(
      `server.yml:1:1: unknown top-level key "${key}": did you mean "${known}"? (other top-level keys are free for anchors, but not one this close to "server" or "endpoints")`,
    );
  });

  it('others stay free for anchors', async () => {
    await accepted('defaults: &defaults\n  method: GET\nx-common: 1\nservice: web\nendpoints:\n  - /hook:\n      <<: *defaults\n');
  });
});

describe('actions', () => {
  it('an unknown action key names the one it resembles and the known ones', async () => {
    expect(await refusedAtStartup('endpoints:\n  - /hook:\n      actions:\n        - log: { mesage: hi }\n')).toBe(
      'server.yml:4:18 endpoints[0]./hook.actions[0].log: unknown key "mesage": did you mean "message"? (known: message)',
    );
  });

  it('an unknown action name names the one it resembles', async () => {
    expect(await refusedAtStartup("endpoints:\n  - /hook:\n      actions:\n        - githb-verify: { secret: 'x' }\n")).toMatch(
      /^server\.yml:4:11 endpoints\[0\]\.\/hook\.actions\[0\]: unknown action "githb-verify": did you mean "github-verify"\? \(registered: log, eval, execute, http, github-verify, sleep\b.*\)$/,
    );
  });

  it('an unknown server key names the one it resembles', async () => {
    expect(await refusedAtStartup('server:\n  prot: 0\nendpoints:\n  - /hook:\n')).toMatch(/^server\.yml:2:3 server: unknown key "prot": did you mean "port"\? \(known: host, port, /);
  });
});
