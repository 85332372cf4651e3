import { afterAll, beforeAll, beforeEach, expect, it } from 'vitest';
import { Receiver } from '../delivery/delivery-helpers.js';
import { buildLambda, captureConsole, functionUrlEvent, lambdaContext, type LambdaResult } from './lambda-helpers.js';
import { LambdaInvokeEndpoint } from './lambda-invoke-endpoint.js';

// `retry` on Lambda: a failed attempt fails the invocation (the handler throws), and Lambda's
// asynchronous invocation runs the same stored event again; the stand-in Invoke endpoint does what
// Lambda does, without its waits. The real AWS SDK client makes the hand-off.
const CONFIG = `
endpoints:
  - /deploy:
      async: true
      retry: { attempts: 3, delay: 1m }
      actions:
        - log: { message: 'deploying {{ request.json.n }}' }
        - http: { target: '{{ read_config("RECEIVER_URL") }}', method: POST, body: 'n={{ request.json.n }}', fail_on_error: true }
`;

let handler: (event: unknown, context?: object) => Promise<LambdaResult | { delivery: string; state: string }>;
let receiver: Receiver;
let lambda: LambdaInvokeEndpoint;
let logs: ReturnType<typeof captureConsole>;

beforeAll(async () => {
  receiver = await Receiver.start();
  lambda = await new LambdaInvokeEndpoint((event) => handler(event, lambdaContext())).start();
  Object.assign(process.env, {
    RECEIVER_URL: receiver.url,
    AWS_ENDPOINT_URL_LAMBDA: lambda.url,
    AWS_REGION: 'eu-west-1',
    AWS_ACCESS_KEY_ID: 'AKIDEXAMPLE',
    AWS_SECRET_ACCESS_KEY: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY',
  });
  ({ handler } = (await buildLambda(CONFIG)) as unknown as { handler: typeof handler });
});
afterAll(async () => {
  await lambda.stop();
  await receiver.close();
});
beforeEach(() => {
  logs?.restore();
  logs = captureConsole();
  receiver.bodies.length = 0;
});
afterAll(() => logs.restore());

const deploy = (n: number) => handler(functionUrlEvent({ path: '/deploy', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ n }) }), lambdaContext());

it('a receiver that fails twice: two thrown attempts, Lambda runs the same event again, the third succeeds', async () => {
  let answers = 0;
  receiver.status = () => (++answers <= 2 ? 503 : 200);
  expect(await deploy(4)).toMatchObject({ statusCode: 200 });
  await lambda.delivered();

  // one hand-off, three runs of the same stored event
  expect(lambda.invocations).toHaveLength(1);
  expect(
    lambda.runs.map((run) => run.attempt),
    JSON.stringify(lambda.runs),
  ).toEqual([1, 2, 3]);
  for (const run of lambda.runs) expect(run.event).toEqual(lambda.invocations[0]!.event);
  const failed = /^delivery [0-9a-z]+-[0-9a-f]{8} POST \/deploy: attempt failed at action 1: HTTP call failed \(HTTP 503\); Lambda's asynchronous invocation retries it$/;
  expect(lambda.runs[0]!.error).toMatch(failed);
  expect(lambda.runs[1]!.error).toMatch(failed);
  expect(lambda.runs[2]!.result).toEqual({ delivery: expect.any(String), state: 'succeeded' });
  expect(lambda.onFailure).toEqual([]);
  expect(receiver.bodies).toEqual(['n=4', 'n=4', 'n=4']);
  // Lambda's retry runs the stored event from where it began: the action before the failed one runs again
  expect(logs.out.filter((line) => line === 'deploying 4')).toHaveLength(3);
  expect(logs.err.join('\n')).toMatch(/delivery \S+ POST \/deploy: attempt failed at action 1 \(http\): HTTP call failed \(HTTP 503\); Lambda's asynchronous invocation runs it again/);
  expect(logs.err.join('\n')).toMatch(/delivery \S+ POST \/deploy: attempt succeeded/);
});

it('a receiver that keeps failing: every attempt throws and Lambda sends the event to the on-failure destination', async () => {
  lambda.runs.length = 0;
  receiver.status = () => 502;
  expect(await deploy(5)).toMatchObject({ statusCode: 200 });
  await lambda.delivered();

  expect(lambda.runs.map((run) => Boolean(run.error))).toEqual([true, true, true]);
  expect(receiver.bodies).toEqual(['n=5', 'n=5', 'n=5']);
  expect(lambda.onFailure).toHaveLength(1);
  expect(lambda.onFailure[0]).toMatchObject({ condition: 'RetriesExhausted', approximateInvokeCount: 3, event: lambda.invocations.at(-1)!.event });
  expect(lambda.onFailure[0]!.error).toContain('HTTP call failed (HTTP 502)');
});
