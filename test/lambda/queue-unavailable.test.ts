import { afterAll, beforeAll, expect, it } from 'vitest';
import { Receiver } from '../helpers/receiver.js';
import { buildLambda, captureConsole, functionUrlEvent, lambdaContext, type LambdaResult } from './lambda-helpers.js';
import { LambdaInvokeEndpoint } from './lambda-invoke-endpoint.js';

// Accepted means written down: when Lambda does not take the event (the role lacks
// lambda:InvokeFunction, throttling, the service is unreachable), the sender gets 503 with a reason
// and Retry-After, and nothing runs: never a 200 for a request no queue holds.
const CONFIG = `
endpoints:
  - /deploy:
      async: true
      retry: { attempts: 3, delay: 1m }
      actions:
        - http: { target: '{{ read_config("RECEIVER_URL") }}/deployed', method: POST }
`;

let handler: (event: unknown, context?: object) => Promise<LambdaResult>;
let receiver: Receiver;
let lambda: LambdaInvokeEndpoint;
const logs = captureConsole();

beforeAll(async () => {
  receiver = await new Receiver().start();
  lambda = await new LambdaInvokeEndpoint((event) => handler(event, lambdaContext())).start();
  lambda.refuse = true;
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

it('answers 503 with the reason and Retry-After when the asynchronous invocation is refused, and runs nothing', async () => {
  const result = await handler(functionUrlEvent({ path: '/deploy', body: '{}' }), lambdaContext());
  expect(result).toMatchObject({ statusCode: 503, body: 'Service Unavailable: the delivery queue is unavailable' });
  expect(Object.entries(result.headers).find(([name]) => name.toLowerCase() === 'retry-after')?.[1]).toBe('5');
  await lambda.delivered();
  expect(lambda.runs).toEqual([]);
  expect(receiver.received).toEqual([]);
  expect(logs.err.join('\n')).toMatch(
    /POST \/deploy: not accepted, the delivery queue is unavailable: the asynchronous invocation of arn:aws:lambda:eu-west-1:123456789012:function:webhook-proxy failed: User is not authorized to perform: lambda:InvokeFunction/,
  );
});
