import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, ServerProcess, writeConfig } from '../helpers/cli.js';
import { buildLambda, captureConsole, functionUrlEvent, lambdaContext } from '../lambda/lambda-helpers.js';

// `execute` children inherit the server's environment (its secrets included) unless
// `inherit_env: false`: then they see their `env` mapping and PATH, nothing else.
const SECRET = 'server-only-secret-4f1c';
const CONFIG = `
server: { port: 0 }
endpoints:
  - /inherited:
      actions:
        - execute:
            command: 'env'
            env: { MESSAGE: '{{ request.json.message }}' }
  - /isolated:
      actions:
        - execute:
            command: 'env'
            inherit_env: false
            env: { MESSAGE: '{{ request.json.message }}' }
  - /isolated-path:
      actions:
        - execute:
            # PATH is kept, so a program is found by name without a shell
            command: ['env']
            shell: false
            inherit_env: false
`;

/** The NAME=value lines a child printed, as a map. */
function environmentOf(lines: string[]): Map<string, string> {
  return new Map(lines.filter((line) => /^[A-Za-z_][A-Za-z0-9_]*=/.test(line)).map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]));
}

describe('execute: inherit_env on the Node server', () => {
  let server: ServerProcess;
  beforeAll(async () => {
    server = await ServerProcess.start(CONFIG, { env: { WEBHOOK_SECRET: SECRET } });
  });
  afterAll(async () => {
    await server?.stop();
  });

  it('hands the server environment to the child by default', async () => {
    const mark = server.stdout.length;
    expect((await server.post('/inherited', { message: 'hi' })).status).toBe(200);
    const env = environmentOf(server.linesSince(mark));
    expect(env.get('WEBHOOK_SECRET')).toBe(SECRET);
    expect(env.get('MESSAGE')).toBe('hi');
  });

  it('with inherit_env: false the child sees only env and PATH', async () => {
    const mark = server.stdout.length;
    expect((await server.post('/isolated', { message: 'hi' })).status).toBe(200);
    const env = environmentOf(server.linesSince(mark));
    expect(env.get('MESSAGE')).toBe('hi');
    expect(env.get('PATH')).toBe(process.env.PATH);
    expect(server.stdout.slice(mark)).not.toContain(SECRET);
    // sh may add PWD, SHLVL and _ of its own; nothing of the server's
    expect([...env.keys()].filter((name) => !['MESSAGE', 'PATH', 'PWD', 'SHLVL', '_', 'OLDPWD'].includes(name))).toEqual([]);
  });

  it('without a shell the program is still found on PATH', async () => {
    const mark = server.stdout.length;
    expect((await server.post('/isolated-path', {})).status).toBe(200);
    expect([...environmentOf(server.linesSince(mark)).keys()]).toEqual(['PATH']);
  });
});

describe('execute: inherit_env in config checks', () => {
  it('refuses a value that is not a boolean', async () => {
    const file = writeConfig(`
endpoints:
  - /x:
      actions:
        - execute: { command: 'true', inherit_env: 'no thanks' }
`);
    const result = await runCli(['check', file]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('inherit_env');
  });
});

describe('execute: inherit_env in the built Lambda handler', () => {
  it('keeps the function environment away from the child', async () => {
    process.env.WEBHOOK_SECRET = SECRET;
    try {
      const { handler } = await buildLambda(CONFIG);
      const output = captureConsole();
      try {
        const result = await handler(functionUrlEvent({ path: '/isolated', body: JSON.stringify({ message: 'hi' }), headers: { 'Content-Type': 'application/json' } }), lambdaContext());
        expect(result.statusCode).toBe(200);
      } finally {
        output.restore();
      }
      const printed = output.out.join('\n');
      expect(printed).toContain('MESSAGE=hi');
      expect(printed).not.toContain(SECRET);
    } finally {
      delete process.env.WEBHOOK_SECRET;
    }
  });
});
