import { afterAll, beforeAll, expect, it } from 'vitest';
import { buildLambda, captureConsole, functionUrlEvent, lambdaContext, type LambdaResult } from './lambda-helpers.js';
import { LambdaInvokeEndpoint } from './lambda-invoke-endpoint.js';

// An async endpoint without `retry` has one attempt (attempts 1): its failure must not fail the
// invocation, or Lambda's asynchronous invocation would run it up to twice more.
const CONFIG = `
endpoints:
  - /async-fails:
      async: true
      actions:
        - log: { message: first }
        - eval: { block: '{{ error("async failure") }}' }
        - log: { message: never }
`;

let handler: (event: unknown, context?: object) => Promise<LambdaResult | { delivery: string; state: string }>;
let lambda: LambdaInvokeEndpoint;
const logs = captureConsole();

beforeAll(async () => {
  lambda = await new LambdaInvokeEndpoint((event) => handler(event, lambdaContext())).start();
  Object.assign(process.env, {
    AWS_ENDPOINT_URL_LAMBDA: lambda.url,
    AWS_REGION: 'eu-west-1',
    AWS_ACCESS_KEY_ID: 'AKIDEXAMPLE',
    AWS_SECRET_ACCESS_KEY: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY',
  });
  ({ handler } = (await buildLambda(CONFIG)) as unknown as { handler: typeof handler });
});
afterAll(async () => {
  logs.restore();
  await lambda.stop();
});

it('runs once, ends the invocation without an error and logs the delivery dead', async () => {
  expect(await handler(functionUrlEvent({ path: '/async-fails' }), lambdaContext())).toMatchObject({ statusCode: 200 });
  await lambda.delivered();

  expect(lambda.runs).toEqual([{ event: lambda.invocations[0]!.event, attempt: 1, result: { delivery: expect.any(String), state: 'dead' } }]);
  expect(lambda.onFailure).toEqual([]);
  expect(logs.out).toContain('first');
  expect(logs.out).not.toContain('never');
  const err = logs.err.join('\n');
  expect(err).toMatch(/POST \/async-fails: action 1 \(eval\) failed: async failure/);
  expect(err).toMatch(
    /delivery \S+ POST \/async-fails: attempt 1 of 1 failed at action 1 \(eval\): async failure; dead \(not retried: the invocation ends without an error, so Lambda does not run it again\)/,
  );
});
