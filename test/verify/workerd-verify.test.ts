import { createHmac } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildWorker, RunningWorker } from '../cloudflare/worker-harness.js';
import { endpointsYaml, PROVIDERS, sampleBody, secrets, SIGNED_ENDPOINT, signedEndpointHeaders, tamperedDelivery, TIMESTAMPED } from './providers.js';

/** Every sender's check in a built worker.js running in real workerd, secrets from bindings. */
describe('verify actions in workerd', () => {
  let worker: RunningWorker;
  const keys = secrets();
  const body = sampleBody();

  beforeAll(async () => {
    const built = await buildWorker(`endpoints:\n${endpointsYaml()}${SIGNED_ENDPOINT}`);
    worker = await RunningWorker.start(built.file, keys);
  });
  afterAll(async () => worker.dispose());

  const send = (path: string, payload: Buffer, headers: Record<string, string>) =>
    worker.request(path, { method: 'POST', body: new Uint8Array(payload), headers: { 'Content-Type': 'application/json', ...headers } });

  describe.each(Object.entries(PROVIDERS))('%s', (name, provider) => {
    const secret = keys[`${name.toUpperCase()}_SECRET`]!;

    it('accepts a genuine delivery and runs the next action', async () => {
      expect((await send(`/${name}`, body, await provider.sign(secret, body))).status).toBe(200);
      await worker.waitFor(`ran ${name}`);
    });

    it('refuses one tampered byte with 401', async () => {
      const tampered = await tamperedDelivery(provider, secret, body);
      expect(await send(`/${name}`, tampered.body, tampered.headers)).toMatchObject({ status: 401, text: 'Invalid signature' });
      await worker.waitFor(`POST /${name}: action 0 (${provider.action}) failed: ${provider.mismatch}`);
    });

    if (TIMESTAMPED.includes(name)) {
      it('refuses a stale delivery', async () => {
        expect((await send(`/${name}`, body, await provider.sign(secret, body, 412))).status).toBe(401);
      });
    }

    it('refuses every request while its secret is unset (500)', async () => {
      expect(await send(`/unset-${name}`, body, await provider.sign('None', body))).toMatchObject({ status: 500, text: 'Internal Server Error' });
      await worker.waitFor(`POST /unset-${name}: action 0 (${provider.action}) failed: the secret is not configured`);
    });
  });

  it('github-verify takes the algorithm from the header name: X-Hub-Signature-256 carrying sha1= is refused', async () => {
    const sha1 = `sha1=${createHmac('sha1', keys.GITHUB_SECRET!).update(body).digest('hex')}`;
    expect(await send('/github', body, { 'X-Hub-Signature-256': sha1 })).toMatchObject({ status: 401, text: 'Invalid signature' });
    await worker.waitFor('failed: Invalid hashing algorithm: X-Hub-Signature-256 carries sha256=<hex>');
  });

  it('verify refuses more than 10 signatures', async () => {
    const headers = await PROVIDERS.standard!.sign(keys.STANDARD_SECRET!, body);
    const flood = `${Array.from({ length: 20 }, () => `v1,${Buffer.alloc(32).toString('base64')}`).join(' ')} ${headers['webhook-signature']}`;
    expect((await send('/standard', body, { ...headers, 'webhook-signature': flood })).status).toBe(401);
    await worker.waitFor('Too many signatures (21; at most 10)');
  });

  it('hmac-verify signs what "signed" says, the body spliced in as bytes', async () => {
    expect((await send('/signed', body, signedEndpointHeaders(keys.HMAC_SECRET!, body, 'evt_1'))).status).toBe(200);
    await worker.waitFor('ran signed');
    expect((await send('/signed', body, { ...signedEndpointHeaders(keys.HMAC_SECRET!, body, 'evt_1'), 'X-Id': 'evt_2' })).status).toBe(401);
  });

  it('ran nothing after a refused check, and never printed a secret', () => {
    for (const name of Object.keys(PROVIDERS)) expect(worker.output.split(`ran ${name}\n`).length - 1, name).toBe(1);
    expect(worker.output).not.toContain('ran unset-');
    for (const secret of Object.values(keys)) expect(worker.output).not.toContain(secret);
  });
});
