import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { buildWorker, RunningWorker } from '../cloudflare/worker-harness.js';
import { runCli, tempDir, writeConfig } from '../helpers/cli.js';
import { buildLambda, captureConsole, functionUrlEvent, lambdaContext } from '../lambda/lambda-helpers.js';

const FIXTURES = fileURLToPath(new URL('./fixtures', import.meta.url));

const WITH_PLUGINS = `
server:
  imports:
    - ${FIXTURES}/templated.ts
    - ${FIXTURES}/actions_to_load.js
endpoints:
  - /greet:
      actions:
        - greet: { shout: true }
        - sample: { x: 1 }
        - log: { message: 'context says {{ context.greeted }}' }
`;

describe('server.imports are bundled by webhook-proxy build', () => {
  it('a plugin runs inside a Lambda build', async () => {
    const { handler, inputs } = await buildLambda(WITH_PLUGINS);
    expect(inputs.some((input) => input.endsWith('fixtures/templated.ts'))).toBe(true);
    const output = captureConsole();
    try {
      const result = await handler(functionUrlEvent({ path: '/greet', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ name: 'Lambda' }) }), lambdaContext());
      expect(result.statusCode).toBe(200);
      expect(output.out).toEqual(['HELLO LAMBDA', 'x=1', 'context says Hello Lambda']);
    } finally {
      output.restore();
    }
  });

  describe('in a Worker build, run in workerd', () => {
    let worker: RunningWorker | undefined;
    afterAll(async () => worker?.dispose());

    it('a plugin renders its template and uses context', async () => {
      const built = await buildWorker(WITH_PLUGINS);
      worker = await RunningWorker.start(built.file);
      const response = await worker.request('/greet', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ name: 'Worker' }) });
      expect(response.status).toBe(200);
      await worker.waitFor('context says Hello Worker');
      expect(worker.output).toMatch(/HELLO WORKER[\s\S]*x=1[\s\S]*context says Hello Worker/);
    });

    it('a plugin that needs Node is refused for Workers with a clear message', async () => {
      const config = writeConfig(`server:\n  imports: [${FIXTURES}/node-only.ts]\nendpoints:\n  - /x:\n      actions:\n        - read-file: { path: /etc/hostname }\n`);
      const result = await runCli(['build', '--target', 'cloudflare', config, '--out', tempDir()], { timeoutMs: 60_000 });
      expect(result.code).toBe(1);
      expect(result.stderr).toMatch(/node-only\.ts imports "node:fs", which Cloudflare Workers do not have: run this action on a Node relay/);
      const lambda = await runCli(['build', '--target', 'lambda', config, '--out', tempDir()], { timeoutMs: 60_000 });
      expect(lambda.code).toBe(0);
    });
  });
});
