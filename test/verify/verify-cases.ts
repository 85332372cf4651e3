import { afterAll, beforeAll, expect, it } from 'vitest';
import { ServerProcess } from '../helpers/cli.js';
import { PROVIDERS, sampleBody, tamperedDelivery } from './providers.js';

export interface Delivery {
  status: number;
  text: string;
  /** stdout lines the request printed. */
  lines: string[];
  /** stderr written while it was handled. */
  stderr: string;
}

export interface CaseOptions {
  /** What stderr says when the signature header is absent. */
  missing: string;
  /** The scheme carries a timestamp: stale and future deliveries are refused. */
  timestamped?: boolean;
  /** Extra endpoints (YAML list items) for the file's own cases. */
  moreEndpoints?: string;
}

/**
 * The cases every sender's check must pass, against the built CLI over real HTTP: a genuine
 * delivery, a tampered byte, a wrong secret, a missing header, stale and future timestamps, an
 * unset secret, and an async endpoint. Returns a handle for the file's own cases.
 */
export function senderCases(name: string, options: CaseOptions): { server(): ServerProcess; deliver(path: string, body: Buffer, headers: Record<string, string>): Promise<Delivery> } {
  const provider = PROVIDERS[name]!;
  const secret = `${name}-Secret-93ab7f`;
  const unsetKey = `UNSET_${name.toUpperCase()}_SECRET`;
  let server: ServerProcess;
  const body = sampleBody();

  beforeAll(async () => {
    server = await ServerProcess.start(
      `
server: { port: 0 }
endpoints:
  - /hook:
      actions:
        - ${provider.action}: ${provider.settings('{{ read_config("SENDER_SECRET") }}')}
        - log: { message: 'ran {{ request.json.object }}' }
  - /wrong-secret:
      actions:
        - ${provider.action}: ${provider.settings('another-secret-entirely')}
        - log: { message: 'ran wrong-secret' }
  - /unset:
      actions:
        - ${provider.action}: ${provider.settings(`{{ read_config("${unsetKey}") }}`)}
        - log: { message: 'ran unset' }
  - /async:
      async: true
      actions:
        - ${provider.action}: ${provider.settings('{{ read_config("SENDER_SECRET") }}')}
        - log: { message: 'ran async' }
${options.moreEndpoints ?? ''}`,
      { env: { SENDER_SECRET: secret } },
    );
  });
  afterAll(async () => server.stop());

  async function deliver(path: string, payload: Buffer, headers: Record<string, string>): Promise<Delivery> {
    const mark = server.stdout.length;
    const errMark = server.stderr.length;
    const response = await server.request(path, { method: 'POST', body: new Uint8Array(payload), headers: { 'Content-Type': 'application/json', ...headers } });
    return { status: response.status, text: response.text, lines: server.linesSince(mark), stderr: server.stderr.slice(errMark) };
  }
  const failed = (reason: string) => `POST /hook: action 0 (${provider.action}) failed: ${reason}`;

  it('accepts a genuine delivery and runs the next action', async () => {
    const result = await deliver('/hook', body, await provider.sign(secret, body));
    expect(result.status, result.stderr).toBe(200);
    expect(result.lines.at(-1)).toBe('ran event');
  });

  it('refuses one tampered byte with 401 Invalid signature, running nothing after it', async () => {
    const tampered = await tamperedDelivery(provider, secret, body);
    const result = await deliver('/hook', tampered.body, tampered.headers);
    expect(result).toMatchObject({ status: 401, text: 'Invalid signature', lines: [] });
    expect(result.stderr).toContain(failed(provider.mismatch));
  });

  it('refuses a delivery signed with another secret', async () => {
    const result = await deliver('/wrong-secret', body, await provider.sign(secret, body));
    expect(result).toMatchObject({ status: 401, text: 'Invalid signature', lines: [] });
    expect(result.stderr).toContain(`action 0 (${provider.action}) failed: ${provider.mismatch}`);
  });

  it('refuses a delivery without the signature header', async () => {
    const result = await deliver('/hook', body, {});
    expect(result).toMatchObject({ status: 401, text: 'Invalid signature', lines: [] });
    expect(result.stderr).toContain(failed(options.missing));
  });

  if (options.timestamped) {
    it('refuses a stale and a future timestamp, and accepts one within the tolerance', async () => {
      const stale = await deliver('/hook', body, await provider.sign(secret, body, 412));
      expect(stale).toMatchObject({ status: 401, lines: [] });
      expect(stale.stderr).toMatch(new RegExp(`action 0 \\(${provider.action}\\) failed: timestamp 41\\d s old \\(tolerance 300 s\\)`));
      const future = await deliver('/hook', body, await provider.sign(secret, body, -400));
      expect(future).toMatchObject({ status: 401, lines: [] });
      expect(future.stderr).toMatch(/timestamp (399|400) s in the future \(tolerance 300 s\)/);
      expect((await deliver('/hook', body, await provider.sign(secret, body, 250))).status).toBe(200);
    });
  }

  it('never uses an unset secret: 500, and stderr names the key', async () => {
    // signed with the text an unset key renders, which must not authenticate
    const result = await deliver('/unset', body, await provider.sign('None', body));
    expect(result).toMatchObject({ status: 500, text: 'Internal Server Error', lines: [] });
    expect(server.stderr).toContain(`configuration key "${unsetKey}" is not set`);
    expect(result.stderr).toMatch(new RegExp(`action 0 \\(${provider.action}\\) failed: the secret is not configured`));
  });

  it('on an async endpoint checks the sender before answering', async () => {
    const tampered = await tamperedDelivery(provider, secret, body);
    const forged = await deliver('/async', tampered.body, tampered.headers);
    expect(forged).toMatchObject({ status: 401, text: 'Invalid signature', lines: [] });
    expect((await deliver('/async', body, await provider.sign(secret, body))).status).toBe(200);
    await server.waitFor('stdout', /ran async/);
  });

  it('never prints the secret', () => {
    expect(server.stdout + server.stderr).not.toContain(secret);
  });

  return { server: () => server, deliver };
}
