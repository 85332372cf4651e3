import { describe, expect, it } from 'vitest';
import { buildWorker, RunningWorker } from '../cloudflare/worker-harness.js';
import { runCli, ServerProcess, writeConfig } from '../helpers/cli.js';
import { buildLambda, functionUrlEvent } from '../lambda/lambda-helpers.js';

// GET /healthz answers "ok" on Node, Lambda and Workers; server.health: false turns it off
// everywhere, and /healthz is then an ordinary path: 404, or an endpoint's when one has it.
const ENDPOINTS = `
endpoints:
  - /hook:
      actions:
        - log: { message: hook ran }
`;
const OWN_HEALTHZ = `
endpoints:
  - /healthz:
      method: GET
      actions:
        - log: { message: 'own healthz ran' }
`;

describe('Node', () => {
  it('answers /healthz by default', async () => {
    const server = await ServerProcess.start(`server: { port: 0 }\n${ENDPOINTS}`);
    try {
      expect(await server.request('/healthz')).toMatchObject({ status: 200, text: 'ok\n' });
    } finally {
      await server.stop();
    }
  });

  it('health: false leaves /healthz to the endpoints', async () => {
    const off = await ServerProcess.start(`server: { port: 0, health: false }\n${ENDPOINTS}`);
    try {
      expect((await off.request('/healthz')).status).toBe(404);
    } finally {
      await off.stop();
    }
    const own = await ServerProcess.start(`server: { port: 0, health: false }\n${OWN_HEALTHZ}`);
    try {
      expect(await own.request('/healthz')).toMatchObject({ status: 200, text: 'OK\n' });
      expect(own.stdout).toContain('own healthz ran\n');
    } finally {
      await own.stop();
    }
  });
});

describe('the built Lambda handler', () => {
  it('answers /healthz by default', async () => {
    const { handler } = await buildLambda(ENDPOINTS);
    const result = await handler(functionUrlEvent({ method: 'GET', path: '/healthz' }));
    expect(result).toMatchObject({ statusCode: 200, body: 'ok\n' });
  });

  it('health: false: 404, or the endpoint that has the path', async () => {
    const off = await buildLambda(`server: { health: false }\n${ENDPOINTS}`);
    expect((await off.handler(functionUrlEvent({ method: 'GET', path: '/healthz' }))).statusCode).toBe(404);
    const own = await buildLambda(`server: { health: false }\n${OWN_HEALTHZ}`);
    expect(await own.handler(functionUrlEvent({ method: 'GET', path: '/healthz' }))).toMatchObject({ statusCode: 200, body: 'OK\n' });
  });
});

describe('workerd', () => {
  it('answers /healthz by default; health: false gives 404', async () => {
    const on = await RunningWorker.start((await buildWorker(ENDPOINTS)).file);
    try {
      expect(await on.request('/healthz')).toMatchObject({ status: 200, text: 'ok\n' });
    } finally {
      await on.dispose();
    }
    const off = await RunningWorker.start((await buildWorker(`server: { health: false }\n${ENDPOINTS}`)).file);
    try {
      expect((await off.request('/healthz')).status).toBe(404);
    } finally {
      await off.dispose();
    }
  });
});

it('health must be true or false', async () => {
  const result = await runCli(['check', writeConfig(`server:\n  health: off-ish\n${ENDPOINTS}`)]);
  expect(result.code).toBe(1);
  expect(result.stderr).toMatch(/server\.yml:2:\d+ server\.health: must be true or false, not "off-ish"/);
});
