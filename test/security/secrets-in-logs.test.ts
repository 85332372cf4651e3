import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildWorker, RunningWorker } from '../cloudflare/worker-harness.js';
import { InProcessServer } from '../helpers/in-process.js';
import { buildLambda, captureConsole, functionUrlEvent, lambdaContext } from '../lambda/lambda-helpers.js';

// What the server prints of a refused request (the failure line, the access log) must never hold a
// secret: not a rule's rendering (it holds the read_config value), not the value of a header or a
// payload key whose name says it is a credential.
const SECRETS = {
  // a "(" makes the rendered rule an invalid regex: the compile error must not print it either
  PAREN_SECRET: 'Tr0ub4dor(&3-paren',
  PLAIN_SECRET: 'plain-secret-4f9a',
};

const HEADER_WORDS = [
  ['Cookie', 'cookie'],
  ['X-Password', 'password'],
  ['X-Passphrase', 'passphrase'],
  ['X-Auth', 'auth'],
  ['Proxy-Authorization', 'authorization'],
  ['X-Session-Id', 'session'],
  ['X-Credential', 'credential'],
] as const;
const BODY_KEYS = ['password', 'db_passphrase', 'auth_code', 'SessionId', 'cookie', 'credentials'] as const;

const CONFIG = `
server:
  port: 0
endpoints:
  - /paren:
      headers:
        X-Relay: '{{ read_config("PAREN_SECRET") }}'
      actions:
        - log: { message: 'paren ran' }
  - /plain:
      headers:
        X-Relay: '{{ read_config("PLAIN_SECRET") }}'
      actions:
        - log: { message: 'plain ran' }
${HEADER_WORDS.map(([name, word]) => `  - /header-${word}:\n      headers:\n        ${name}: '^expected$'\n      actions:\n        - log: { message: 'ran' }\n`).join('')}
${BODY_KEYS.map((key) => `  - /body-${key}:\n      body:\n        ${key}: '^expected$'\n      actions:\n        - log: { message: 'ran' }\n`).join('')}
  - /nested:
      body:
        user: '^bob$'
        credentials:
          user: '^bob$'
      actions:
        - log: { message: 'ran' }
`;

const leak = (what: string) => `leak-${what}-value`;

/** The requests every runtime gets, and what each must (not) print. */
const CASES: Array<{ name: string; path: string; headers?: Record<string, string>; body?: unknown; printed: RegExp; hidden: string[] }> = [
  {
    name: 'a rule whose read_config secret contains "(" (it does not compile)',
    path: '/paren',
    headers: { 'X-Relay': 'anything' },
    printed: /Failed to validate the "X-Relay" header: "anything" does not match "\{\{ read_config\("PAREN_SECRET"\) \}\}": the rendered rule is not a valid regular expression/,
    hidden: [SECRETS.PAREN_SECRET, 'Tr0ub4dor'],
  },
  {
    name: 'a failing header rule made of a secret',
    path: '/plain',
    headers: { 'X-Relay': 'wrong' },
    printed: /Failed to validate the "X-Relay" header: "wrong" does not match "\{\{ read_config\("PLAIN_SECRET"\) \}\}"$/m,
    hidden: [SECRETS.PLAIN_SECRET],
  },
  ...HEADER_WORDS.map(([name, word]) => ({
    name: `a header named ${name} (${word})`,
    path: `/header-${word}`,
    headers: { [name]: leak(word) },
    printed: new RegExp(`Failed to validate the "${name}" header: "\\[masked\\]" does not match "\\[masked\\]"`),
    hidden: [leak(word), '^expected$'],
  })),
  ...BODY_KEYS.map((key) => ({
    name: `a payload key named ${key}`,
    path: `/body-${key}`,
    body: { [key]: leak(key) },
    printed: new RegExp(`Failed to validate "${key}": "\\[masked\\]" does not match "\\[masked\\]"`),
    hidden: [leak(key)],
  })),
  {
    name: 'an object value with a password inside, under a harmless key',
    path: '/nested',
    body: { user: { name: 'x', password: leak('nested') } },
    printed: /Failed to validate "user": "\{"name":"x","password":"\[masked\]"\}" does not match "\^bob\$"/,
    hidden: [leak('nested')],
  },
  {
    name: 'a key under a credential-named key',
    path: '/nested',
    body: { user: 'bob', credentials: { user: leak('under') } },
    printed: /Failed to validate "credentials\.user": "\[masked\]" does not match "\[masked\]"/,
    hidden: [leak('under')],
  },
];

const requestHeaders = (c: (typeof CASES)[number]) => ({ ...(c.body ? { 'Content-Type': 'application/json' } : {}), ...c.headers });

describe('secrets in the output of the request path, in process', () => {
  let server: InProcessServer;
  beforeAll(async () => {
    server = await InProcessServer.start(CONFIG, { env: SECRETS, accessLog: true });
  });
  afterAll(async () => {
    await server?.stop();
  });

  it.each(CASES)('$name: refused, and neither stdout nor stderr holds the secret', async (c) => {
    const stdoutMark = server.stdout.length;
    const answer = await server.request(c.path, { method: 'POST', headers: requestHeaders(c), body: c.body ? JSON.stringify(c.body) : undefined });
    expect(answer.status).toBe(409);
    expect(server.stdout.slice(stdoutMark)).toMatch(c.printed);
    for (const secret of c.hidden) {
      expect(server.stdout).not.toContain(secret);
      expect(server.stderr).not.toContain(secret);
    }
  });

  it('the right secret still passes, and is not printed either', async () => {
    expect((await server.post('/plain', undefined, { 'X-Relay': SECRETS.PLAIN_SECRET })).status).toBe(200);
    expect(server.stdout).toContain('plain ran');
    expect(server.stdout + server.stderr).not.toContain(SECRETS.PLAIN_SECRET);
  });
});

describe('secrets in the built Lambda handler output', () => {
  let lambda: Awaited<ReturnType<typeof buildLambda>>;
  beforeAll(async () => {
    lambda = await buildLambda(CONFIG);
  });

  it.each(CASES)('$name: refused, and the logs do not hold the secret', async (c) => {
    Object.assign(process.env, SECRETS);
    const console = captureConsole();
    try {
      const event = functionUrlEvent({ path: c.path, headers: requestHeaders(c), body: c.body ? JSON.stringify(c.body) : undefined });
      const result = await lambda.handler(event, lambdaContext());
      expect(result.statusCode).toBe(409);
      const output = [...console.out, ...console.err].join('\n');
      expect(output).toMatch(c.printed);
      for (const secret of c.hidden) expect(output).not.toContain(secret);
    } finally {
      console.restore();
      for (const name of Object.keys(SECRETS)) delete process.env[name];
    }
  });
});

describe('secrets in the built worker output in workerd', () => {
  let worker: RunningWorker;
  beforeAll(async () => {
    worker = await RunningWorker.start((await buildWorker(CONFIG)).file, SECRETS);
  });
  afterAll(async () => {
    await worker?.dispose();
  });

  it.each(CASES)('$name: refused, and the logs do not hold the secret', async (c) => {
    const answer = await worker.request(c.path, { method: 'POST', headers: requestHeaders(c), body: c.body ? JSON.stringify(c.body) : undefined });
    expect(answer.status).toBe(409);
    await worker.waitFor(c.printed);
    for (const secret of c.hidden) expect(worker.output).not.toContain(secret);
  });
});
