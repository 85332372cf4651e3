import { createHmac } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { buildLambda, captureConsole, functionUrlEvent, lambdaContext, type LambdaResult } from '../lambda/lambda-helpers.js';
import { endpointsYaml, PROVIDERS, sampleBody, secrets, SIGNED_ENDPOINT, signedEndpointHeaders, tamperedDelivery, TIMESTAMPED } from './providers.js';

/** Every sender's check in the built Lambda handler (`build --target lambda`), given Function URL events. */
describe('verify actions in the built Lambda handler', () => {
  let handler: (event: unknown, context?: object) => Promise<LambdaResult>;
  let logs: ReturnType<typeof captureConsole> | undefined;
  const keys = secrets();
  const body = sampleBody();

  beforeAll(async () => {
    Object.assign(process.env, keys);
    ({ handler } = await buildLambda(`endpoints:\n${endpointsYaml()}${SIGNED_ENDPOINT}`));
  });
  afterEach(() => logs?.restore());
  afterAll(() => {
    for (const key of Object.keys(keys)) delete process.env[key];
  });

  async function invoke(path: string, payload: Buffer, headers: Record<string, string>) {
    logs = captureConsole();
    const result = await handler(functionUrlEvent({ path, headers: { 'content-type': 'application/json', ...headers }, body: payload }), lambdaContext());
    return { ...result, out: logs.out.join('\n'), err: logs.err.join('\n') };
  }

  describe.each(Object.entries(PROVIDERS))('%s', (name, provider) => {
    const secret = keys[`${name.toUpperCase()}_SECRET`]!;

    it(`accepts a genuine delivery and runs the next action`, async () => {
      const result = await invoke(`/${name}`, body, await provider.sign(secret, body));
      expect(result.statusCode, result.err).toBe(200);
      expect(result.out).toContain(`ran ${name}`);
    });

    it('refuses one tampered byte with 401, running nothing after it', async () => {
      const tampered = await tamperedDelivery(provider, secret, body);
      const result = await invoke(`/${name}`, tampered.body, tampered.headers);
      expect(result).toMatchObject({ statusCode: 401, body: 'Invalid signature' });
      expect(result.out).not.toContain(`ran ${name}`);
      expect(result.err).toContain(`POST /${name}: action 0 (${provider.action}) failed: ${provider.mismatch}`);
      expect(result.out + result.err).not.toContain(secret);
    });

    if (TIMESTAMPED.includes(name)) {
      it('refuses a stale delivery', async () => {
        const result = await invoke(`/${name}`, body, await provider.sign(secret, body, 412));
        expect(result.statusCode).toBe(401);
        expect(result.err).toMatch(/timestamp 41\d s old|Message timestamp too old/);
      });
    }

    it('refuses every request while its secret is unset (500)', async () => {
      const result = await invoke(`/unset-${name}`, body, await provider.sign('None', body));
      expect(result).toMatchObject({ statusCode: 500, body: 'Internal Server Error' });
      expect(result.err).toContain(`POST /unset-${name}: action 0 (${provider.action}) failed: the secret is not configured`);
    });
  });

  it('github-verify takes the algorithm from the header name: X-Hub-Signature-256 carrying sha1= is refused', async () => {
    const sha1 = `sha1=${createHmac('sha1', keys.GITHUB_SECRET!).update(body).digest('hex')}`;
    const result = await invoke('/github', body, { 'X-Hub-Signature-256': sha1 });
    expect(result).toMatchObject({ statusCode: 401, body: 'Invalid signature' });
    expect(result.err).toContain('failed: Invalid hashing algorithm: X-Hub-Signature-256 carries sha256=<hex>');
  });

  it('verify refuses more than 10 signatures', async () => {
    const headers = await PROVIDERS.standard!.sign(keys.STANDARD_SECRET!, body);
    const flood = `${Array.from({ length: 20 }, () => `v1,${Buffer.alloc(32).toString('base64')}`).join(' ')} ${headers['webhook-signature']}`;
    const result = await invoke('/standard', body, { ...headers, 'webhook-signature': flood });
    expect(result.statusCode).toBe(401);
    expect(result.err).toContain('Too many signatures (21; at most 10)');
  });

  it('hmac-verify signs what "signed" says, the body spliced in as bytes', async () => {
    expect((await invoke('/signed', body, signedEndpointHeaders(keys.HMAC_SECRET!, body, 'evt_1'))).statusCode).toBe(200);
    const moved = await invoke('/signed', body, { ...signedEndpointHeaders(keys.HMAC_SECRET!, body, 'evt_1'), 'X-Id': 'evt_2' });
    expect(moved.statusCode).toBe(401);
  });
});
