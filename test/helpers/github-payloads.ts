import { createHmac } from 'node:crypto';
import examples from '@octokit/webhooks-examples';

type Example = Record<string, unknown>;

/** Real GitHub payloads of one event, from @octokit/webhooks-examples. */
export function githubExamples(event: string): Example[] {
  const found = (examples as unknown as { name: string; examples: Example[] }[]).find((entry) => entry.name === event);
  if (!found) throw new Error(`no examples for ${event}`);
  return found.examples;
}

/** A push with commits, as GitHub serialises it (with its whitespace). */
export function githubPushBody(): Buffer {
  const push = githubExamples('push').find((example) => (example.commits as unknown[]).length > 0)!;
  return Buffer.from(JSON.stringify(push, null, 2));
}

export function sign(algorithm: 'sha1' | 'sha256', secret: string, body: Buffer): string {
  return `${algorithm}=${createHmac(algorithm, secret).update(body).digest('hex')}`;
}
