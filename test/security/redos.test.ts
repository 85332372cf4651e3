import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildWorker, RunningWorker } from '../cloudflare/worker-harness.js';
import { InProcessServer } from '../helpers/in-process.js';
import { buildLambda, captureConsole, functionUrlEvent, lambdaContext } from '../lambda/lambda-helpers.js';

// `(a+)+$` against "aaa…a!" backtracks exponentially: with JavaScript's RegExp, 30 bytes held every
// endpoint for seconds and each byte more doubled it. Rules run on a linear-time engine, so 60
// bytes (2^59 paths for a backtracking engine) are answered, and so is everyone else meanwhile.
const CONFIG = `
server:
  port: 0
endpoints:
  - /guarded:
      headers:
        X-Crafted: '(a+)+$'
      actions:
        - log: { message: 'guarded ran' }
  - /other:
      actions:
        - log: { message: 'other ran' }
  - /pair:
      headers:
        X-Pair: '(?P<w>\\w+)-(?P=w)$'
      actions:
        - log: { message: 'pair ran' }
`;

const CRAFTED = `${'a'.repeat(59)}!`;

describe('a catastrophic rule in the request path, in process', () => {
  let server: InProcessServer;
  beforeAll(async () => {
    server = await InProcessServer.start(CONFIG);
  });
  afterAll(async () => {
    await server?.stop();
  });

  it('answers a 60-byte crafted header with 409 while another endpoint answers too', async () => {
    expect(CRAFTED).toHaveLength(60);
    const [crafted, other] = await Promise.all([server.post('/guarded', undefined, { 'X-Crafted': CRAFTED }), server.post('/other')]);
    expect(crafted).toMatchObject({ status: 409, text: 'Invalid payload' });
    expect(other).toMatchObject({ status: 200 });
    expect(server.stdout).toContain('Failed to validate the "X-Crafted" header');
    expect(server.stdout).toContain('other ran');
    expect(server.stdout).not.toContain('guarded ran');
    expect(await server.post('/guarded', undefined, { 'X-Crafted': 'a'.repeat(60) })).toMatchObject({ status: 200 });
  });

  it('names, when the app is made, the rule that keeps the backtracking engine and the length it is bounded to', () => {
    const lines = server.stderr.split('\n').filter((line) => line.includes('backtracking regex engine'));
    expect(lines).toEqual([
      'POST /pair: the "X-Pair" header rule "(?P<w>\\w+)-(?P=w)$" needs the backtracking regex engine (backreferences, lookaround); values longer than 4096 characters never match it',
    ]);
  });

  it('matches that rule on values up to the bound and refuses longer ones, saying why', async () => {
    expect(await server.post('/pair', undefined, { 'X-Pair': 'ab-ab' })).toMatchObject({ status: 200 });
    const word = 'w'.repeat(2100);
    expect(await server.post('/pair', undefined, { 'X-Pair': `${word}-${word}` })).toMatchObject({ status: 409 });
    expect(server.stdout).toMatch(/Failed to validate the "X-Pair" header: .*: the value is longer than 4096 characters, the most a rule that needs the backtracking regex engine is matched against/);
  });
});

describe('a catastrophic rule in the built Lambda handler', () => {
  it('answers the crafted header with 409 and a concurrent request to another endpoint with 200', async () => {
    const { handler } = await buildLambda(CONFIG);
    const console = captureConsole();
    try {
      const [crafted, other] = await Promise.all([
        handler(functionUrlEvent({ path: '/guarded', headers: { 'X-Crafted': CRAFTED } }), lambdaContext()),
        handler(functionUrlEvent({ path: '/other' }), lambdaContext()),
      ]);
      expect({ status: crafted.statusCode, text: crafted.body }).toEqual({ status: 409, text: 'Invalid payload' });
      expect(other.statusCode).toBe(200);
      expect(console.out.join('\n')).toContain('Failed to validate the "X-Crafted" header');
    } finally {
      console.restore();
    }
  });
});

describe('a catastrophic rule in the built worker in workerd', () => {
  let worker: RunningWorker;
  beforeAll(async () => {
    worker = await RunningWorker.start((await buildWorker(CONFIG)).file);
  });
  afterAll(async () => {
    await worker?.dispose();
  });

  it('answers the crafted header with 409 and a concurrent request to another endpoint with 200', async () => {
    const [crafted, other] = await Promise.all([worker.request('/guarded', { method: 'POST', headers: { 'X-Crafted': CRAFTED } }), worker.request('/other', { method: 'POST' })]);
    expect({ status: crafted.status, text: crafted.text }).toEqual({ status: 409, text: 'Invalid payload' });
    expect(other.status).toBe(200);
    await worker.waitFor('other ran');
  });
});
