import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { githubPushBody, sign } from '../helpers/github-payloads.js';
import { Receiver } from '../helpers/receiver.js';
import { buildLambda, captureConsole, functionUrlEvent, lambdaContext, type LambdaResult } from './lambda-helpers.js';
import { LambdaInvokeEndpoint } from './lambda-invoke-endpoint.js';

// Async endpoints on Lambda: the request is handed to the function's asynchronous invocation queue
// (an Event self-invocation made with the real AWS SDK client, here sent to a local Invoke
// endpoint), the answer comes once it is queued, and the actions run in that invocation.
const SECRET = 'async-secret';
const CONFIG = `
endpoints:
  - /deploy/<name>:
      async: true
      headers:
        X-GitHub-Event: push
      actions:
        - github-verify:
            secret: '{{ read_config("GITHUB_SECRET") }}'
        - eval:
            block: '{{ context.set("pusher", request.json.pusher.name) }}'
        - http:
            target: '{{ read_config("RECEIVER_URL") }}/deployed/{{ request.view_args.name }}'
            body: '{{ context.pusher }} from {{ request.remote_addr }}'
`;

describe('async endpoints on Lambda', () => {
  let handler: (event: unknown, context?: object) => Promise<LambdaResult | { delivery: string; state: string }>;
  let receiver: Receiver;
  let lambda: LambdaInvokeEndpoint;
  let logs: ReturnType<typeof captureConsole>;
  const push = githubPushBody();
  const pusher = (JSON.parse(push.toString('utf8')) as { pusher: { name: string } }).pusher.name;
  const deployEvent = (body = push) =>
    functionUrlEvent({
      path: '/deploy/web',
      headers: { 'content-type': 'application/json', 'x-github-event': 'push', 'x-hub-signature-256': sign('sha256', SECRET, body) },
      body,
      base64: true,
      sourceIp: '192.0.2.10',
    });

  beforeAll(async () => {
    receiver = await new Receiver().start();
    lambda = await new LambdaInvokeEndpoint((event) => handler(event, lambdaContext())).start();
    Object.assign(process.env, {
      GITHUB_SECRET: SECRET,
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
    await receiver.stop();
  });
  beforeEach(() => {
    logs = captureConsole();
    receiver.received.length = 0;
    lambda.invocations.length = 0;
    lambda.refuse = false;
    delete process.env.WEBHOOK_PROXY_ASYNC;
  });
  afterEach(() => logs.restore());

  it('answers 200 once the request is queued, then runs the actions in an Event invocation of the same function', async () => {
    const result = await handler(deployEvent(), lambdaContext('hooks'));
    expect(result).toMatchObject({ statusCode: 200, body: 'OK\n' });
    // answered: nothing has run here
    expect(receiver.received).toEqual([]);
    expect(lambda.invocations).toHaveLength(1);
    expect(lambda.invocations[0]).toMatchObject({ functionName: 'arn:aws:lambda:eu-west-1:123456789012:function:hooks', invocationType: 'Event' });

    // the event is a delivery record: the request, where the actions start (after github-verify), an id
    expect(lambda.invocations[0]!.event).toMatchObject({ webhookProxyDelivery: 1, record: { kind: 'request', nextAction: 1, attempts: 0, request: { route: '/deploy/<name>', method: 'POST' } } });
    expect(await lambda.delivered()).toEqual([{ delivery: expect.stringMatching(/^[0-9a-z]+-[0-9a-f]{8}$/), state: 'succeeded' }]);
    // github-verify passed on the raw bytes carried through the event; context and view args survived
    expect(logs.out).toContain('GitHub webhook successfully validated');
    expect(receiver.last()).toMatchObject({ path: '/deployed/web', body: `${pusher} from 192.0.2.10` });
  });

  it('still refuses invalid requests with 409 and invokes nothing', async () => {
    const event = functionUrlEvent({ path: '/deploy/web', headers: { 'x-github-event': 'issues' }, body: '{}' });
    expect(await handler(event, lambdaContext())).toMatchObject({ statusCode: 409 });
    expect(lambda.invocations).toEqual([]);
  });

  it('WEBHOOK_PROXY_ASYNC=inline runs async actions before answering without invoking', async () => {
    // read when the handler is made: a function's environment does not change between invocations
    process.env.WEBHOOK_PROXY_ASYNC = 'inline';
    const inline = (await buildLambda(CONFIG)).handler;
    expect(await inline(deployEvent(), lambdaContext())).toMatchObject({ statusCode: 200 });
    expect(lambda.invocations).toEqual([]);
    expect(receiver.last()).toMatchObject({ path: '/deployed/web' });
  });
});
