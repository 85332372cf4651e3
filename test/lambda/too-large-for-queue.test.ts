import { afterAll, beforeAll, expect, it } from 'vitest';
import { Receiver } from '../helpers/receiver.js';
import { buildLambda, captureConsole, functionUrlEvent, lambdaContext, type LambdaResult } from './lambda-helpers.js';
import { LambdaInvokeEndpoint } from './lambda-invoke-endpoint.js';

// An asynchronous invocation carries at most 1 MB: a request whose event would be larger cannot be
// queued, now or later, so it is refused with 413 and the way out (a synchronous endpoint takes up
// to the Function URL's 6 MB); nothing runs.
const CONFIG = `
endpoints:
  - /deploy:
      async: true
      actions:
        - http: { target: '{{ read_config("RECEIVER_URL") }}/deployed', method: POST }
  - /sync:
      actions:
        - http: { target: '{{ read_config("RECEIVER_URL") }}/synced', method: POST, body: '{{ request.data | length }}' }
`;

let handler: (event: unknown, context?: object) => Promise<LambdaResult>;
let receiver: Receiver;
let lambda: LambdaInvokeEndpoint;
const logs = captureConsole();

beforeAll(async () => {
  receiver = await new Receiver().start();
  lambda = await new LambdaInvokeEndpoint((event) => handler(event, lambdaContext())).start();
  Object.assign(process.env, {
    RECEIVER_URL: receiver.url,
    AWS_ENDPOINT_URL_LAMBDA: lambda.url,
    AWS_REGION: 'eu-west-1',
    AWS_ACCESS_KEY_ID: 'AKIDEXAMPLE',
    AWS_SECRET_ACCESS_KEY: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY',
  });
  ({ handler } = await buildLambda(CONFIG));
});
afterAll(async () => {
  logs.restore();
  await lambda.stop();
  await receiver.stop();
});

const big = Buffer.from(JSON.stringify({ padding: 'x'.repeat(1024 * 1024) }));

it('answers 413 with the reason when the event would be over the asynchronous invocation cap', async () => {
  const result = await handler(functionUrlEvent({ path: '/deploy', headers: { 'content-type': 'application/json' }, body: big, base64: true }), lambdaContext());
  expect(result.statusCode).toBe(413);
  expect(result.body).toMatch(
    /^Payload Too Large: the request is too large for the delivery queue \(\d+ bytes as an asynchronous Lambda invocation, limit 1048576\); without "async" an endpoint takes up to 6 MB$/,
  );
  expect(lambda.invocations).toEqual([]);
  expect(receiver.received).toEqual([]);
  expect(logs.err.join('\n')).toMatch(/POST \/deploy: not accepted, the request is too large for the delivery queue/);
});

it('takes the same body on a synchronous endpoint', async () => {
  const result = await handler(functionUrlEvent({ path: '/sync', headers: { 'content-type': 'application/json' }, body: big, base64: true }), lambdaContext());
  expect(result.statusCode).toBe(200);
  expect(receiver.last()).toMatchObject({ path: '/synced', body: String(big.length) });
});
