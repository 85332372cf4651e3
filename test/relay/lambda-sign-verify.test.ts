import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Receiver } from '../helpers/receiver.js';
import { buildLambda, captureConsole, functionUrlEvent, lambdaContext, type LambdaResult } from '../lambda/lambda-helpers.js';
import { newRelaySecret, referenceSignedHeaders } from './relay-helpers.js';

const SECRET = newRelaySecret();

/** sign and verify in the built Lambda bundle (the third runtime; Node and workerd are tested beside). */
describe('sign and verify on Lambda', () => {
  let handler: (event: unknown, context?: object) => Promise<LambdaResult>;
  let receiver: Receiver;

  beforeAll(async () => {
    receiver = await new Receiver().start();
    process.env.LAMBDA_RELAY_SECRET = SECRET;
    ({ handler } = await buildLambda(`
endpoints:
  - /relay:
      actions:
        - verify: { secret: '{{ read_config("LAMBDA_RELAY_SECRET") }}' }
  - /forward:
      actions:
        - http:
            target: '${receiver.url}/signed'
            forward_body: true
            sign: { secret: '{{ read_config("LAMBDA_RELAY_SECRET") }}' }
`));
  });
  afterAll(async () => {
    delete process.env.LAMBDA_RELAY_SECRET;
    await receiver?.stop();
  });

  async function invoke(path: string, body: Buffer, headers: Record<string, string> = {}) {
    const logs = captureConsole();
    try {
      const result = await handler(functionUrlEvent({ path, body, headers: { 'content-type': 'application/json', ...headers } }), lambdaContext());
      return { status: result.statusCode, out: logs.out, err: logs.err };
    } finally {
      logs.restore();
    }
  }

  it('verify accepts a reference-signed message once and refuses its replay', async () => {
    const body = Buffer.from('{"ref":"refs/heads/main"}');
    const headers = referenceSignedHeaders(SECRET, 'msg_lambda_1', body);
    expect(await invoke('/relay', body, headers)).toMatchObject({ status: 200, out: ['Webhook signature verified (webhook-id msg_lambda_1)'] });
    const replay = await invoke('/relay', body, headers);
    expect(replay.status).toBe(401);
    expect(replay.err.join('\n')).toContain('Message already accepted: webhook-id msg_lambda_1 is a replay');
  });

  it('sign produces headers the reference library accepts, over the forwarded bytes', async () => {
    const body = Buffer.from('{"ref":"refs/heads/main","n":1}');
    expect((await invoke('/forward', body)).status).toBe(200);
    const got = receiver.last();
    const headers = { 'webhook-id': String(got.headers['webhook-id']), 'webhook-timestamp': String(got.headers['webhook-timestamp']), 'webhook-signature': String(got.headers['webhook-signature']) };
    expect(got.body).toBe(body.toString());
    expect(new Webhook(SECRET).verify(got.body, headers)).toEqual({ ref: 'refs/heads/main', n: 1 });
  });
});
