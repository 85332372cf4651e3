import { createHmac } from 'node:crypto';
import { sign as octokitSign } from '@octokit/webhooks-methods';
import { Webhook } from 'standardwebhooks';
import Stripe from 'stripe';

/**
 * Valid requests of every sender, signed by the sender's own library where npm has one
 * (`@octokit/webhooks-methods`, `standardwebhooks`, `stripe`) and otherwise by node:crypto
 * following the sender's documented algorithm: an implementation independent of ours.
 */
export interface Provider {
  /** The action under test. */
  action: string;
  /** The action's settings (YAML flow mapping) with `secret` as given. */
  settings(secret: string): string;
  /** Headers of a genuine delivery of `body`, made `secondsAgo` seconds ago (negative: ahead). */
  sign(secret: string, body: Buffer, secondsAgo?: number): Promise<Record<string, string>>;
  /** What stderr says about a tampered body. */
  mismatch: string;
  /** The sender does not sign the body: the tampered byte goes into this header (a token) instead. */
  tamperHeader?: string;
}

const epoch = (secondsAgo: number) => Math.floor(Date.now() / 1000) - secondsAgo;
const hmac = (algorithm: string, secret: string | Buffer, ...parts: (string | Buffer)[]) => {
  const mac = createHmac(algorithm, secret);
  for (const part of parts) mac.update(part);
  return mac;
};

export const PROVIDERS: Record<string, Provider> = {
  github: {
    action: 'github-verify',
    settings: (secret) => `{ secret: '${secret}' }`,
    // octokit's sign takes a string: the bodies given here are UTF-8
    sign: async (secret, body) => ({ 'X-GitHub-Event': 'push', 'X-Hub-Signature-256': await octokitSign(secret, body.toString('utf8')) }),
    mismatch: 'GitHub webhook validation failed',
  },
  standard: {
    action: 'verify',
    settings: (secret) => `{ secret: '${secret}' }`,
    sign: async (secret, body, secondsAgo = 0) => {
      const id = `msg_${Math.random().toString(36).slice(2)}`;
      const timestamp = new Date(epoch(secondsAgo) * 1000);
      return { 'webhook-id': id, 'webhook-timestamp': String(epoch(secondsAgo)), 'webhook-signature': new Webhook(secret).sign(id, timestamp, body.toString('utf8')) };
    },
    mismatch: 'No matching signature found',
  },
  gitlab: {
    action: 'gitlab-verify',
    settings: (secret) => `{ token: '${secret}' }`,
    sign: async (secret) => ({ 'X-Gitlab-Event': 'Push Hook', 'X-Gitlab-Token': secret }),
    mismatch: 'token mismatch',
    tamperHeader: 'X-Gitlab-Token',
  },
  gitea: {
    action: 'gitea-verify',
    settings: (secret) => `{ secret: '${secret}' }`,
    sign: async (secret, body) => ({ 'X-Gitea-Event': 'push', 'X-Gitea-Signature': hmac('sha256', secret, body).digest('hex') }),
    mismatch: 'signature mismatch',
  },
  bitbucket: {
    action: 'bitbucket-verify',
    settings: (secret) => `{ secret: '${secret}' }`,
    sign: async (secret, body) => ({ 'X-Event-Key': 'repo:push', 'X-Hub-Signature': `sha256=${hmac('sha256', secret, body).digest('hex')}` }),
    mismatch: 'signature mismatch',
  },
  stripe: {
    action: 'stripe-verify',
    settings: (secret) => `{ secret: '${secret}' }`,
    sign: async (secret, body, secondsAgo = 0) => ({
      'Stripe-Signature': Stripe.webhooks.generateTestHeaderString({ payload: body.toString('utf8'), secret, timestamp: epoch(secondsAgo) }),
    }),
    mismatch: 'signature mismatch',
  },
  slack: {
    action: 'slack-verify',
    settings: (secret) => `{ secret: '${secret}' }`,
    sign: async (secret, body, secondsAgo = 0) => {
      const timestamp = String(epoch(secondsAgo));
      return { 'X-Slack-Request-Timestamp': timestamp, 'X-Slack-Signature': `v0=${hmac('sha256', secret, `v0:${timestamp}:`, body).digest('hex')}` };
    },
    mismatch: 'signature mismatch',
  },
  shopify: {
    action: 'shopify-verify',
    settings: (secret) => `{ secret: '${secret}' }`,
    sign: async (secret, body) => ({ 'X-Shopify-Topic': 'orders/create', 'X-Shopify-Hmac-Sha256': hmac('sha256', secret, body).digest('base64') }),
    mismatch: 'signature mismatch',
  },
  hmac: {
    action: 'hmac-verify',
    settings: (secret) => `{ secret: '${secret}', header: X-Signature, algorithm: sha512, encoding: base64, prefix: 'sha512=', timestamp_header: X-Timestamp }`,
    sign: async (secret, body, secondsAgo = 0) => {
      const timestamp = String(epoch(secondsAgo));
      return { 'X-Timestamp': timestamp, 'X-Signature': `sha512=${hmac('sha512', secret, `${timestamp}.`, body).digest('base64')}` };
    },
    mismatch: 'signature mismatch',
  },
};

/** A JSON body like the senders', with a letter to flip for the tampered case. */
export function sampleBody(): Buffer {
  return Buffer.from(JSON.stringify({ id: 'evt_1NG8Du2eZvKYlo2CUI79vXWy', object: 'event', ref: 'refs/heads/main', repository: { full_name: 'octo/Codertocat' } }, null, 2));
}

/** The same body with one bit of one letter flipped: still valid JSON, no longer what was signed. */
export function tamper(body: Buffer): Buffer {
  const tampered = Buffer.from(body);
  tampered[body.indexOf('Codertocat') + 1] ^= 1;
  return tampered;
}

/** A genuine delivery with one byte changed: in the body, or in the token of a sender that signs no body. */
export async function tamperedDelivery(provider: Provider, secret: string, body: Buffer): Promise<{ body: Buffer; headers: Record<string, string> }> {
  const headers = await provider.sign(secret, body);
  if (!provider.tamperHeader) return { body: tamper(body), headers };
  const token = Buffer.from(headers[provider.tamperHeader]!);
  token[token.length - 1] ^= 1;
  return { body, headers: { ...headers, [provider.tamperHeader]: token.toString() } };
}

/**
 * Two endpoints per provider: `/<name>`, its secret from `read_config("<NAME>_SECRET")`, then a
 * log line; and `/unset-<name>`, its secret from a key that is never set.
 */
export function endpointsYaml(): string {
  return Object.entries(PROVIDERS)
    .map(
      ([name, provider]) =>
        `  - /${name}:\n      actions:\n        - ${provider.action}: ${provider.settings(`{{ read_config("${name.toUpperCase()}_SECRET") }}`)}\n        - log: { message: 'ran ${name}' }\n` +
        `  - /unset-${name}:\n      actions:\n        - ${provider.action}: ${provider.settings('{{ read_config("NEVER_SET_SECRET") }}')}\n        - log: { message: 'ran unset-${name}' }\n`,
    )
    .join('');
}

/** An hmac-verify endpoint whose signed content is a template: `<X-Id>:<timestamp>:<body>`, SHA-1 hex. */
export const SIGNED_ENDPOINT = `  - /signed:
      actions:
        - hmac-verify:
            secret: '{{ read_config("HMAC_SECRET") }}'
            header: X-Sig
            algorithm: sha1
            timestamp_header: X-Ts
            signed: '{{ request.headers["X-Id"] }}:{{ timestamp }}:{{ body }}'
        - log: { message: 'ran signed' }
`;

/** Headers of a genuine request to SIGNED_ENDPOINT. */
export function signedEndpointHeaders(secret: string, body: Buffer, id: string): Record<string, string> {
  const timestamp = String(epoch(0));
  return { 'X-Id': id, 'X-Ts': timestamp, 'X-Sig': hmac('sha1', secret, `${id}:${timestamp}:`, body).digest('hex') };
}

/** The providers whose scheme carries a timestamp (stale deliveries are refused). */
export const TIMESTAMPED = ['standard', 'stripe', 'slack', 'hmac'];

/** The secrets endpointsYaml reads, as environment variables or bindings. */
export function secrets(): Record<string, string> {
  return Object.fromEntries(Object.keys(PROVIDERS).map((name) => [`${name.toUpperCase()}_SECRET`, name === 'standard' ? 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw' : `${name}-secret-4f1d`]));
}
