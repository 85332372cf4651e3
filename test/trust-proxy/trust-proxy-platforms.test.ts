import { afterEach, expect, it } from 'vitest';
import { buildWorker, RunningWorker } from '../cloudflare/worker-harness.js';
import { buildLambda, captureConsole, functionUrlEvent, lambdaContext } from '../lambda/lambda-helpers.js';

// On Lambda the platform's address is the Function URL event's sourceIp, on Workers the
// CF-Connecting-IP header Cloudflare sets; trust_proxy walks X-Forwarded-For from there.
const config = (trust: string) => `
server: { trust_proxy: ${trust} }
endpoints:
  - /who:
      actions:
        - log: { message: 'addr={{ request.remote_addr }}' }
`;

let worker: RunningWorker | undefined;
afterEach(async () => {
  await worker?.dispose();
  worker = undefined;
});

it('Lambda: sourceIp when off, even with a forged X-Forwarded-For; behind a trusted proxy range, the address before it', async () => {
  const off = await buildLambda(config('false'));
  const logs = captureConsole();
  try {
    const answer = await off.handler(functionUrlEvent({ path: '/who', sourceIp: '198.51.100.7', headers: { 'x-forwarded-for': '203.0.113.66, 198.51.100.7' } }), lambdaContext());
    expect(answer.statusCode).toBe(200);
    expect(logs.out).toEqual(['addr=198.51.100.7']);
  } finally {
    logs.restore();
  }

  // e.g. CloudFront in front of the Function URL: its addresses are listed, the viewer is the one before them
  const behindCdn = await buildLambda(config('["130.176.0.0/16"]'));
  const cdnLogs = captureConsole();
  try {
    await behindCdn.handler(functionUrlEvent({ path: '/who', sourceIp: '130.176.1.2', headers: { 'x-forwarded-for': '192.0.2.1, 203.0.113.9, 130.176.1.2' } }), lambdaContext());
    await behindCdn.handler(functionUrlEvent({ path: '/who', sourceIp: '198.51.100.8', headers: { 'x-forwarded-for': '203.0.113.9, 198.51.100.8' } }), lambdaContext());
    expect(cdnLogs.out).toEqual(['addr=203.0.113.9', 'addr=198.51.100.8']);
  } finally {
    cdnLogs.restore();
  }
});

it('Workers: CF-Connecting-IP when off; with a hop count, the X-Forwarded-For entry that many hops away', async () => {
  worker = await RunningWorker.start((await buildWorker(config('false'))).file);
  await worker.request('/who', { method: 'POST', headers: { 'CF-Connecting-IP': '198.51.100.4', 'X-Forwarded-For': '203.0.113.66' } });
  await worker.waitFor('addr=');
  expect(worker.stdout).toContain('addr=198.51.100.4\n');
  await worker.dispose();

  worker = await RunningWorker.start((await buildWorker(config('1'))).file);
  await worker.request('/who', { method: 'POST', headers: { 'CF-Connecting-IP': '198.51.100.4', 'X-Forwarded-For': '192.0.2.50, 203.0.113.5' } });
  await worker.waitFor('addr=');
  expect(worker.stdout).toContain('addr=203.0.113.5\n');
});
