import { afterEach, beforeAll, expect, it, vi } from 'vitest';
import { buildLambda, functionUrlEvent, lambdaContext, type LambdaResult } from '../lambda/lambda-helpers.js';

// The built Lambda handler with server.log_format: json writes each record as one line of JSON on
// stdout or stderr, not through the console (which would put Lambda's own prefix before it), so
// each CloudWatch event is one JSON object.
let handler: (event: unknown, context?: object) => Promise<LambdaResult>;

beforeAll(async () => {
  ({ handler } = await buildLambda(`
server: { log_format: json }
endpoints:
  - /hook:
      headers: { X-Event: '^push$' }
      actions:
        - log: { message: 'got {{ request.json.n }} from {{ request.remote_addr }}' }
        - eval: { block: "{% if request.json.fail %}{{ error('boom') }}{% endif %}" }
`));
});

afterEach(() => {
  vi.restoreAllMocks();
});

/** Runs the handler with stdout, stderr and the console captured; every line written, by stream. */
async function invoke(event: Record<string, unknown>): Promise<{ result: LambdaResult; out: string; err: string; console: unknown[][] }> {
  let out = '';
  let err = '';
  const consoleCalls: unknown[][] = [];
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    out += String(chunk);
    return true;
  });
  vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
    err += String(chunk);
    return true;
  });
  for (const method of ['log', 'error', 'warn', 'info'] as const) vi.spyOn(console, method).mockImplementation((...args: unknown[]) => void consoleCalls.push(args));
  try {
    const result = await handler(event, lambdaContext());
    return { result, out, err, console: consoleCalls };
  } finally {
    vi.restoreAllMocks();
  }
}

function parseLines(text: string): Record<string, unknown>[] {
  expect(text.endsWith('\n')).toBe(true);
  return text
    .slice(0, -1)
    .split('\n')
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

it('action output, failures and the access line are JSON lines with the request fields', async () => {
  const {
    result,
    out,
    err,
    console: consoleCalls,
  } = await invoke(
    functionUrlEvent({
      path: '/hook',
      headers: { 'content-type': 'application/json', 'x-event': 'push', 'x-github-delivery': 'gh-1' },
      body: JSON.stringify({ n: 1, fail: true }),
      sourceIp: '203.0.113.9',
    }),
  );
  expect(result.statusCode).toBe(500);
  expect(result.headers['x-request-id']).toBe('gh-1');
  expect(consoleCalls).toEqual([]);

  expect(parseLines(out)).toEqual([{ time: expect.any(String), level: 'info', msg: 'got 1 from 203.0.113.9', request_id: 'gh-1', route: '/hook', method: 'POST', action: 'log', action_index: 0 }]);
  expect(parseLines(err)).toEqual([
    { time: expect.any(String), level: 'error', msg: 'action 1 (eval) failed: boom', request_id: 'gh-1', route: '/hook', method: 'POST', action: 'eval', action_index: 1 },
    {
      time: expect.any(String),
      level: 'info',
      msg: 'POST /hook 500',
      request_id: 'gh-1',
      route: '/hook',
      method: 'POST',
      status: 500,
      duration_ms: expect.any(Number),
      remote_addr: '203.0.113.9',
      path: '/hook',
    },
  ]);
});

it('a refused request: the validation line and the access line, both JSON', async () => {
  const { result, out, err } = await invoke(functionUrlEvent({ path: '/hook', headers: { 'content-type': 'application/json', 'x-event': 'pull', 'x-request-id': 'lambda-409' }, body: '{}' }));
  expect(result.statusCode).toBe(409);
  expect(parseLines(out)).toEqual([
    { time: expect.any(String), level: 'warn', msg: expect.stringContaining('Failed to validate the "X-Event" header'), request_id: 'lambda-409', route: '/hook', method: 'POST' },
  ]);
  expect(parseLines(err)).toMatchObject([{ level: 'info', msg: 'POST /hook 409', request_id: 'lambda-409', status: 409 }]);
});
