import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, ServerProcess, tempDir, writeConfig } from '../helpers/cli.js';

const FIXTURES = fileURLToPath(new URL('./fixtures', import.meta.url));

describe('server.imports loads user actions', () => {
  let server: ServerProcess;
  beforeAll(async () => {
    server = await ServerProcess.start(`
server:
  port: 0
  imports:
    - ${FIXTURES}/actions_to_load.js
    - ${FIXTURES}/test1/action.ts
    - ${FIXTURES}/test2/action.ts
    - ${FIXTURES}/templated.ts
endpoints:
  - /sample:
      actions:
        - sample: { x: 1 }
        - json: { bool: true, num: 2, str: abc }
  - /same-file-name:
      actions:
        - test-1: { action: test-1 }
        - test-2: { action: test-2 }
  - /greet:
      actions:
        - greet: { shout: true }
        - log: { message: 'context says {{ context.greeted }}' }
`);
  });
  afterAll(async () => server.stop());

  async function lines(path: string, body: unknown = {}) {
    const mark = server.stdout.length;
    expect((await server.post(path, body)).status).toBe(200);
    return server.linesSince(mark);
  }

  it('runs actions from a JavaScript module (upstream test_import_external_action)', async () => {
    expect(await lines('/sample')).toEqual(['x=1', '{', '  "bool": true,', '  "num": 2,', '  "str": "abc"', '}']);
  });

  it('loads two TypeScript modules with the same file name from different folders', async () => {
    expect(await lines('/same-file-name')).toEqual(['action=test-1', 'action=test-2']);
  });

  it('gives a plugin templates with the request context and the shared context', async () => {
    expect(await lines('/greet', { name: 'Octocat' })).toEqual(['HELLO OCTOCAT', 'context says Hello Octocat']);
  });
});

describe('import failures are startup errors naming the path and the reason', () => {
  async function startupError(imports: string[], endpoints = 'endpoints:\n  - /x:\n'): Promise<string> {
    const file = writeConfig(`server:\n  imports:\n${imports.map((entry) => `    - ${entry}\n`).join('')}${endpoints}`);
    const result = await runCli([file]);
    expect(result.code).toBe(1);
    return result.stderr.trim().replace(file, 'server.yml');
  }

  it('a missing path', async () => {
    expect(await startupError(['./nowhere/action.js'])).toBe('server.yml:3:7 server.imports: Failed to import ./nowhere/action.js: no such file');
  });

  it('a module that throws while importing', async () => {
    expect(await startupError([`${FIXTURES}/invalid.js`])).toMatch(/^server\.yml:3:7 server\.imports: Failed to import .*invalid\.js: \(Error\) this module cannot be loaded$/);
  });

  it('a module that exports no action', async () => {
    expect(await startupError([`${FIXTURES}/no-action.js`])).toMatch(/Failed to import .*no-action\.js: the module exports no action/);
  });

  it('an action name registered twice', async () => {
    expect(await startupError([`${FIXTURES}/duplicate-log.js`])).toMatch(/Failed to import .*duplicate-log\.js: action already registered: log$/);
  });

  it("a plugin's settings are checked like a built-in action's", async () => {
    const message = await startupError([`${FIXTURES}/test1/action.ts`], 'endpoints:\n  - /x:\n      actions:\n        - test-1: { acton: typo }\n');
    expect(message).toMatch(/^server\.yml:7:21 endpoints\[0\]\.\/x\.actions\[0\]\.test-1: unknown key "acton": did you mean "action"\? \(known: action\)$/);
  });

  it('paths are relative to the config file', async () => {
    const dir = tempDir();
    mkdirSync(join(dir, 'plugins'));
    copyFileSync(join(FIXTURES, 'test1', 'action.ts'), join(dir, 'plugins', 'mine.ts'));
    const file = join(dir, 'server.yml');
    writeFileSync(file, 'server:\n  imports: [plugins/mine.ts]\nendpoints:\n  - /x:\n      actions:\n        - test-1: { action: here }\n');
    const result = await runCli(['check', file], { cwd: tempDir() });
    expect(result).toMatchObject({ code: 0 });
  });
});
