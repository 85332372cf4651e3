import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accessLogLine } from '../../src/app/access-log.js';
import { buildWorker, RunningWorker } from '../cloudflare/worker-harness.js';
import { InProcessServer } from '../helpers/in-process.js';
import { buildLambda, captureConsole, functionUrlEvent, lambdaContext } from '../lambda/lambda-helpers.js';

// A value from a request is printed in the failure line of a refused request. Printed raw, a
// newline starts a line the attacker wrote (a fake access-log entry) and an ANSI escape recolours
// or rewrites the operator's terminal; every control character is printed escaped instead.
const CONFIG = `
server:
  port: 0
endpoints:
  - /hook:
      headers:
        X-Event: '^push$'
      body:
        ref: '^refs/heads/main$'
      actions:
        - log: { message: 'hook ran' }
`;

const FAKE = '127.0.0.1 - - [01/Jan/2026 00:00:00] "POST /admin HTTP/1.1" 200 -';
const FORGED = `x\n${FAKE}\n\u001b[31mred\u001b[0m\u202eevil`;
const ESCAPED = `x\\n${FAKE}\\n\\x1b[31mred\\x1b[0m\\u202eevil`;

/** No line begins with the forged entry, no escape character or bidi override is printed. */
function expectNothingForged(output: string): void {
  expect(output.split('\n').filter((line) => line.startsWith(FAKE))).toEqual([]);
  expect(output).not.toMatch(/[\u001b\u202e]/);
}

describe('log forging in the request path, in process', () => {
  let server: InProcessServer;
  beforeAll(async () => {
    server = await InProcessServer.start(CONFIG, { accessLog: true });
  });
  afterAll(async () => {
    await server?.stop();
  });

  it('prints a payload value with a newline, a fake log line and ANSI escapes escaped', async () => {
    const answer = await server.post('/hook', { ref: FORGED }, { 'X-Event': 'push' });
    expect(answer.status).toBe(409);
    expect(server.stdout).toContain(`Failed to validate "ref": "${ESCAPED}" does not match "^refs/heads/main$"`);
    expectNothingForged(server.stdout + server.stderr);
  });

  it('escapes a payload that is not an object the same way', async () => {
    const answer = await server.post('/hook', JSON.stringify(FORGED), { 'X-Event': 'push', 'Content-Type': 'application/json' });
    expect(answer.status).toBe(409);
    expect(server.stdout).toContain(`Failed to validate the payload: expected a JSON object, got "${ESCAPED}"`);
    expectNothingForged(server.stdout + server.stderr);
  });
});

// Over HTTP/1.1 a header cannot carry a control character (Node answers 400, fetch refuses to send
// one); a Lambda event can carry one in a header (but no newline: the adapter answers 400 to that).
const ANSI_HEADER = '\u001b[2J\u001b[31mpull\u009b0m';
const ANSI_ESCAPED = '\\x1b[2J\\x1b[31mpull\\x9b0m';

describe('log forging in the built Lambda handler', () => {
  it('prints a header value with ANSI escapes, and a payload value with a fake log line, escaped', async () => {
    const { handler } = await buildLambda(CONFIG);
    const console = captureConsole();
    try {
      const header = await handler(functionUrlEvent({ path: '/hook', headers: { 'X-Event': ANSI_HEADER, 'Content-Type': 'application/json' }, body: '{"ref":"refs/heads/main"}' }), lambdaContext());
      expect(header.statusCode).toBe(409);
      const body = JSON.stringify({ ref: FORGED });
      const payload = await handler(functionUrlEvent({ path: '/hook', headers: { 'X-Event': 'push', 'Content-Type': 'application/json' }, body }), lambdaContext());
      expect(payload.statusCode).toBe(409);
      const output = [...console.out, ...console.err].join('\n');
      expect(output).toContain(`Failed to validate the "X-Event" header: "${ANSI_ESCAPED}" does not match "^push$"`);
      expect(output).toContain(`Failed to validate "ref": "${ESCAPED}" does not match "^refs/heads/main$"`);
      expectNothingForged(output);
    } finally {
      console.restore();
    }
  });
});

describe('log forging in the built worker in workerd', () => {
  let worker: RunningWorker;
  beforeAll(async () => {
    worker = await RunningWorker.start((await buildWorker(CONFIG)).file);
  });
  afterAll(async () => {
    await worker?.dispose();
  });

  it('prints a payload value with a newline, a fake log line and ANSI escapes escaped', async () => {
    const body = JSON.stringify({ ref: FORGED });
    expect((await worker.request('/hook', { method: 'POST', headers: { 'X-Event': 'push', 'Content-Type': 'application/json' }, body })).status).toBe(409);
    await worker.waitFor(`Failed to validate "ref": "${ESCAPED}" does not match "^refs/heads/main$"`);
    expectNothingForged(worker.output);
  });
});

describe('the access-log line', () => {
  it('escapes control characters in the address, the method and the path', () => {
    const line = accessLogLine(`10.0.0.1\n${FAKE}`, 'GET\u001b[31m', '/a%0Ab', 200, 'r1', new Date(2026, 0, 2, 3, 4, 5));
    expect(line).toBe(`10.0.0.1\\n${FAKE} - - [02/Jan/2026 03:04:05] "GET\\x1b[31m /a%0Ab HTTP/1.1" 200 - [r1]`);
  });
});
