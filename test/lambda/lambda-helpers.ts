import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { vi } from 'vitest';
import { buildBundle } from '../helpers/build-bundle.js';

type Handler = (event: unknown, context?: object) => Promise<LambdaResult>;

export interface LambdaResult {
  statusCode: number;
  headers: Record<string, string>;
  body: string;
  isBase64Encoded: boolean;
  cookies?: string[];
}

/**
 * A folder inside the repository's node_modules: the bundle imports `@aws-sdk/client-lambda`
 * at run time (the Lambda runtime provides it), and Node resolves it from there.
 */
export function bundleFolder(): string {
  const base = join(process.cwd(), 'node_modules', '.cache', 'webhook-proxy-lambda-tests');
  mkdirSync(base, { recursive: true });
  return mkdtempSync(join(base, 'bundle-'));
}

/** Writes server.yml, runs `build --target lambda` on it and imports the built handler. */
export async function buildLambda(yaml: string): Promise<{ handler: Handler; file: string; bytes: number; inputs: string[] }> {
  const dir = bundleFolder();
  const configFile = join(dir, 'server.yml');
  writeFileSync(configFile, yaml);
  const built = await buildBundle({ target: 'lambda', configFile, outDir: join(dir, 'out'), warn: () => {} });
  const module = (await import(pathToFileURL(built.file).href)) as { handler: Handler };
  return { handler: module.handler, ...built };
}

export interface EventOptions {
  method?: string;
  path: string;
  query?: string;
  headers?: Record<string, string>;
  body?: Buffer | string;
  /** Send the body base64-encoded, as a Function URL does for non-text content types. */
  base64?: boolean;
  sourceIp?: string;
  cookies?: string[];
}

const DOMAIN = 'abcdefghij.lambda-url.eu-west-1.on.aws';

/** A Function URL event (payload format 2.0) as AWS sends it. */
export function functionUrlEvent(options: EventOptions): Record<string, unknown> {
  const method = options.method ?? 'POST';
  const body = options.body === undefined ? undefined : Buffer.isBuffer(options.body) ? options.body : Buffer.from(options.body, 'utf8');
  const headers = Object.fromEntries(Object.entries(options.headers ?? {}).map(([name, value]) => [name.toLowerCase(), value]));
  const now = new Date();
  return {
    version: '2.0',
    routeKey: '$default',
    rawPath: options.path,
    rawQueryString: options.query ?? '',
    ...(options.cookies ? { cookies: options.cookies } : {}),
    headers: {
      host: DOMAIN,
      'x-amzn-trace-id': 'Root=1-6718e2a4-0c1b2f3d4e5f60718293a4b5',
      'x-forwarded-proto': 'https',
      'x-forwarded-port': '443',
      'x-forwarded-for': options.sourceIp ?? '198.51.100.7',
      ...(body ? { 'content-length': String(body.length) } : {}),
      ...headers,
    },
    ...(options.query ? { queryStringParameters: Object.fromEntries(new URLSearchParams(options.query)) } : {}),
    requestContext: {
      accountId: 'anonymous',
      apiId: 'abcdefghij',
      domainName: DOMAIN,
      domainPrefix: 'abcdefghij',
      http: { method, path: options.path, protocol: 'HTTP/1.1', sourceIp: options.sourceIp ?? '198.51.100.7', userAgent: headers['user-agent'] ?? 'GitHub-Hookshot/a1b2c3d' },
      requestId: 'c6af9ac6-7b61-11e6-9a41-93e8deadbeef',
      routeKey: '$default',
      stage: '$default',
      time: now.toUTCString(),
      timeEpoch: now.getTime(),
    },
    ...(body ? { body: options.base64 ? body.toString('base64') : body.toString('utf8'), isBase64Encoded: options.base64 === true } : { isBase64Encoded: false }),
  };
}

export function lambdaContext(functionName = 'webhook-proxy'): Record<string, unknown> {
  return {
    functionName,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:eu-west-1:123456789012:function:${functionName}`,
    memoryLimitInMB: '256',
    awsRequestId: 'f3c5c3b0-0d5e-4c1a-9a0e-3c2b1a0d9e8f',
    getRemainingTimeInMillis: () => 30_000,
  };
}

/** What the function wrote to CloudWatch (console.log / console.error) while the spy is on. */
export function captureConsole(): { out: string[]; err: string[]; restore(): void } {
  const out: string[] = [];
  const err: string[] = [];
  const log = vi.spyOn(console, 'log').mockImplementation((...args: unknown[]) => void out.push(args.join(' ')));
  const error = vi.spyOn(console, 'error').mockImplementation((...args: unknown[]) => void err.push(args.join(' ')));
  return {
    out,
    err,
    restore() {
      log.mockRestore();
      error.mockRestore();
    },
  };
}
