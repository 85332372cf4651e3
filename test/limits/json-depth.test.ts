import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildWorker, RunningWorker } from '../cloudflare/worker-harness.js';
import { InProcessServer } from '../helpers/in-process.js';
import { buildLambda, functionUrlEvent, lambdaContext } from '../lambda/lambda-helpers.js';

// A payload nested tens of thousands of levels deep used to overflow the stack (500) before any
// check ran; past 512 levels it is refused as bad input on every runtime.
const CONFIG = `
server:
  port: 0
endpoints:
  - /hook:
      body:
        action: opened
      actions:
        - log: { message: 'depth ok {{ request.json | tojson | length }}' }
`;

const nested = (depth: number) => `${'{"a":'.repeat(depth - 1)}{"action":"opened"}${'}'.repeat(depth - 1)}`;
const deepList = `{"action":"opened","x":${'['.repeat(50_000)}${']'.repeat(50_000)}}`;
// brackets inside strings are text, not depth
const bracketsInStrings = JSON.stringify({ action: 'opened', note: '['.repeat(5_000), quoted: '\\"{'.repeat(5_000) });

const cases = [
  { name: 'a list 50,000 levels deep', body: deepList, status: 400, text: 'JSON nested too deeply' },
  { name: 'objects 513 levels deep', body: nested(513), status: 400, text: 'JSON nested too deeply' },
  // the limit itself still passes to the rules (the root counts as one level)
  { name: 'objects 512 levels deep', body: `{"action":"opened","x":${nested(511)}}`, status: 200, text: 'OK\n' },
  { name: 'brackets inside strings', body: bracketsInStrings, status: 200, text: 'OK\n' },
];

describe('deeply nested JSON in the request path, in process', () => {
  let server: InProcessServer;
  beforeAll(async () => {
    server = await InProcessServer.start(CONFIG);
  });
  afterAll(async () => {
    await server?.stop();
  });

  it.each(cases)('$name → $status', async ({ body, status, text }) => {
    const answer = await server.post('/hook', body, { 'Content-Type': 'application/json' });
    expect(answer).toMatchObject({ status, text });
  });

  it('refuses a deep payload in a form body too', async () => {
    const answer = await server.request('/hook', { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ payload: deepList }).toString() });
    expect(answer).toMatchObject({ status: 400, text: 'JSON nested too deeply' });
    expect(server.stderr).not.toMatch(/RangeError|Maximum call stack/);
  });
});

describe('deeply nested JSON in the built Lambda handler', () => {
  it.each(cases)('$name → $status', async ({ body, status, text }) => {
    const { handler } = await lambdaOnce();
    const result = await handler(functionUrlEvent({ path: '/hook', body, headers: { 'Content-Type': 'application/json' } }), lambdaContext());
    expect({ status: result.statusCode, text: result.body }).toEqual({ status, text });
  });
});

describe('deeply nested JSON in the built worker in workerd', () => {
  let worker: RunningWorker;
  beforeAll(async () => {
    worker = await RunningWorker.start((await buildWorker(CONFIG)).file);
  });
  afterAll(async () => {
    await worker?.dispose();
  });

  it.each(cases)('$name → $status', async ({ body, status, text }) => {
    const answer = await worker.request('/hook', { method: 'POST', body, headers: { 'Content-Type': 'application/json' } });
    expect({ status: answer.status, text: answer.text }).toEqual({ status, text });
  });
});

let lambda: ReturnType<typeof buildLambda> | undefined;
function lambdaOnce(): ReturnType<typeof buildLambda> {
  lambda ??= buildLambda(CONFIG);
  return lambda;
}
