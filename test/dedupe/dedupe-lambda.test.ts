import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { githubPushBody, sign } from '../helpers/github-payloads.js';
import { buildLambda, captureConsole, functionUrlEvent, lambdaContext, type LambdaResult } from '../lambda/lambda-helpers.js';

const SECRET = 'lambda-dedupe-secret';

describe('dedupe in the built Lambda handler: within one execution environment', () => {
  let handler: (event: unknown, context?: object) => Promise<LambdaResult>;
  let output: ReturnType<typeof captureConsole>;
  beforeAll(async () => {
    ({ handler } = await buildLambda(`
endpoints:
  - /github:
      dedupe: '{{ request.headers["X-GitHub-Delivery"] }}'
      dedupe_window: 1h
      actions:
        - github-verify:
            secret: ${SECRET}
            output: ''
        - log:
            message: 'ran {{ request.headers["X-GitHub-Delivery"] }}'
`));
  });
  afterEach(() => output?.restore());

  const body = githubPushBody();
  const deliver = (id: string, secret = SECRET) =>
    handler(
      functionUrlEvent({
        path: '/github',
        body,
        headers: { 'content-type': 'application/json', 'x-github-event': 'push', 'x-github-delivery': id, 'x-hub-signature-256': sign('sha256', secret, body) },
      }),
      lambdaContext(),
    );
  const runs = (id: string) => output.out.filter((line) => line === `ran ${id}`).length;

  it('the same delivery twice runs once; a forged copy first does not block it; other ids run', async () => {
    output = captureConsole();
    expect(await deliver('l-1', 'forged')).toMatchObject({ statusCode: 401, body: 'Invalid signature' });
    expect(await deliver('l-1')).toMatchObject({ statusCode: 200, body: 'OK\n' });
    expect(await deliver('l-1')).toMatchObject({ statusCode: 200, body: 'Duplicate delivery' });
    expect(await deliver('l-2')).toMatchObject({ statusCode: 200, body: 'OK\n' });
    expect([runs('l-1'), runs('l-2')]).toEqual([1, 1]);
  });
});
