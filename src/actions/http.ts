import type { Settings, TemplateTree } from '../config/settings.js';
import { commonKeys, key } from '../key-table.js';
import { newMessageId, signWebhook } from '../relay/sign-webhook.js';
import { parseSize } from '../request/parse-size.js';
import type { Template } from '../templates/index.js';
import { ActionError } from './action-error.js';
import { defineAction } from './define-action.js';
import { fetchFollowingRedirects } from './http-fetch.js';
import { responseForTemplates } from './http-response.js';

const DEFAULT_MAX_RESPONSE_SIZE = 10 * 1024 ** 2;

/** Headers the HTTP client sets itself; copying the incoming ones would break the call. */
const UNFORWARDABLE = ['host', 'content-length', 'transfer-encoding', 'connection', 'keep-alive', 'upgrade', 'te', 'trailer'];
const encoder = new TextEncoder();

/** `sign:` Standard Webhooks signing of the request (the edge → relay hop). */
interface PreparedSign {
  secret: Template;
  /** The `webhook-id`; a fresh `msg_<uuid>` per call when absent. */
  id?: Template;
}

interface PreparedHttp {
  target: Template;
  method: string;
  headers: Record<string, Template>;
  /** A string template, or with `json: true` a tree rendered leaf by leaf. */
  body?: Template | TemplateTree;
  json: boolean;
  failOnError: boolean;
  output: Template;
  timeout: number;
  verify: boolean | string;
  /** Bytes of the answer read at most; past it the action fails. */
  maxResponseSize: number;
  /** Send the incoming body's exact bytes. */
  forwardBody: boolean;
  /** Incoming headers copied verbatim when present. */
  forwardHeaders: string[];
  sign?: PreparedSign;
}

/** Sends an HTTP request; the answer is `response` in the output template. */
export default defineAction<PreparedHttp>({
  name: 'http',
  keys: [
    key('target', 'template', 'The URL to call.', { required: true }),
    key('method', 'string', 'HTTP method of the call.', { default: 'POST' }),
    key('headers', 'template-map', 'Headers of the call (templates).'),
    key('body', 'any', 'The body: a template, or with json: true a tree whose strings are templates.'),
    key('json', 'boolean', 'Send body as JSON (Content-Type: application/json unless headers set it).', { default: false }),
    key('fail_on_error', 'boolean', 'A status outside 2xx fails the action.', { default: false }),
    commonKeys.output('HTTP {{ response.status_code }} : {{ response.content }}'),
    key('timeout', 'duration', 'Seconds to wait for the answer.', { default: 30 }),
    key('verify', 'any', 'TLS certificate check: true, false, or the path of a CA bundle.', { default: true }),
    key('max_response_size', 'size', 'Bytes of the answer read at most; past it the action fails.', { default: '10MiB' }),
    key('forward_body', 'boolean', 'Send the incoming body byte for byte.', { default: false }),
    key('forward_headers', 'string-list', 'Incoming headers copied to the call when present.'),
    key('sign', 'mapping', 'Sign the call as Standard Webhooks (webhook-id, webhook-timestamp, webhook-signature).', {
      keys: [key('secret', 'template', 'The signing secret.', { required: true }), key('id', 'template', 'The webhook-id (default: a new msg_<uuid> per call).')],
    }),
  ],
  prepare(settings) {
    const json = settings.boolean('json', false);
    const forwardBody = settings.boolean('forward_body', false);
    if (forwardBody && settings.has('body')) settings.fail('forward_body', 'cannot be used with "body": forward_body sends the incoming body as it is');
    if (forwardBody && json) settings.fail('forward_body', 'cannot be used with "json: true": forward_body sends the incoming body as it is');
    const verify = settings.value('verify');
    if (verify !== undefined && verify !== null && typeof verify !== 'boolean' && (typeof verify !== 'string' || verify === '')) {
      settings.fail('verify', 'must be true, false or the path of a CA bundle');
    }
    const method = settings.value('method');
    if (method !== undefined && (typeof method !== 'string' || !/^[A-Za-z]+$/.test(method))) settings.fail('method', 'must be an HTTP method like POST');
    return {
      target: settings.template('target', { required: true }),
      method: typeof method === 'string' ? method.toUpperCase() : 'POST',
      headers: settings.templateMap('headers') ?? {},
      body: json ? settings.templateTree('body') : settings.template('body'),
      json,
      failOnError: settings.boolean('fail_on_error', false),
      output: settings.template('output', { default: 'HTTP {{ response.status_code }} : {{ response.content }}' }),
      timeout: settings.seconds('timeout') ?? 30,
      verify: (verify as boolean | string | null | undefined) ?? true,
      maxResponseSize: settings.has('max_response_size')
        ? (parseSize(settings.value('max_response_size')) ?? settings.fail('max_response_size', 'must be a size like 10MiB, 512KB or a number of bytes'))
        : DEFAULT_MAX_RESPONSE_SIZE,
      forwardBody,
      forwardHeaders: forwardHeaderNames(settings.value('forward_headers'), (reason) => settings.fail('forward_headers', reason)),
      sign: prepareSign(settings),
    };
  },
  async run(prepared, call) {
    // the receiver can log the same id; forward_headers or headers may set it otherwise
    const headers = new Headers({ 'X-Request-Id': call.request.id });
    for (const name of prepared.forwardHeaders) {
      const value = call.request.headers.get(name);
      if (value !== null) headers.set(name, value);
    }
    for (const [name, value] of Object.entries(prepared.headers)) headers.set(name, call.render(value));
    let body: string | Uint8Array | undefined;
    if (prepared.forwardBody) {
      body = call.request.body;
    } else if (prepared.body !== undefined && prepared.body !== null) {
      if (prepared.json) {
        // leaves are rendered and stripped as the original did; non-string leaves stay JSON values
        body = JSON.stringify(call.renderTree(prepared.body as TemplateTree, undefined), (_key, value: unknown) => (typeof value === 'string' ? value.trim() : value));
        if (!headers.has('content-type')) headers.set('Content-Type', 'application/json');
      } else {
        body = call.render(prepared.body as Template);
      }
    }
    const target = call.render(prepared.target).trim();
    let url: URL;
    try {
      url = new URL(target);
    } catch {
      throw new ActionError(`http: "${target}" is not a URL`);
    }
    const hasBody = body !== undefined && prepared.method !== 'GET' && prepared.method !== 'HEAD';
    // signed over exactly the bytes sent, so the body is encoded once, here
    const bytes = !hasBody || body === undefined ? new Uint8Array(0) : typeof body === 'string' ? encoder.encode(body) : body;
    let messageId = '';
    if (prepared.sign) {
      messageId = prepared.sign.id ? call.render(prepared.sign.id).trim() : newMessageId();
      if (messageId === '') throw new ActionError('http: sign.id rendered empty');
      // a key nobody configured is no key: the relay would be handed requests anyone can sign
      const key = call.renderSecret(prepared.sign.secret);
      let signed;
      try {
        signed = await signWebhook(key, messageId, Math.floor(Date.now() / 1000), bytes);
      } catch (error) {
        throw new ActionError(`http: cannot sign: ${error instanceof Error ? error.message : String(error)}`);
      }
      for (const [name, value] of Object.entries(signed)) headers.set(name, value);
    }
    const tag = messageId ? ` [webhook-id ${messageId}]` : '';
    let answer;
    try {
      answer = await fetchFollowingRedirects(
        call.runtime,
        { url, method: prepared.method, headers, body: hasBody ? bytes : undefined },
        {
          timeoutMs: prepared.timeout * 1000,
          tlsVerify: prepared.verify,
          maxResponseSize: prepared.maxResponseSize,
        },
      );
    } catch (error) {
      throw new ActionError(`HTTP ${prepared.method} to ${url.origin}${url.pathname} failed: ${describeFetchError(error, prepared.timeout)}${tag}`);
    }
    const { response, content } = answer;
    if (prepared.failOnError && (response.status < 200 || response.status > 299)) {
      throw new ActionError(`HTTP call failed (HTTP ${response.status})${tag}`);
    }
    call.print(call.render(prepared.output, { response: { ...responseForTemplates(response, content), url: answer.url } }));
  },
});

function forwardHeaderNames(value: unknown, fail: (reason: string) => never): string[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value) || !value.every((name) => typeof name === 'string' && /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/.test(name))) {
    return fail('must be a list of header names, like [X-GitHub-Event, X-GitHub-Delivery]');
  }
  const refused = value.find((name: string) => UNFORWARDABLE.includes(name.toLowerCase()));
  if (refused) return fail(`"${refused}" cannot be forwarded: the HTTP client sets it for the new request`);
  return value as string[];
}

function prepareSign(settings: Settings): PreparedSign | undefined {
  const raw = settings.value('sign');
  if (raw === undefined || raw === null) return undefined;
  if (typeof raw !== 'object' || Array.isArray(raw)) settings.fail('sign', 'must be a mapping like {secret: "{{ read_config(\'RELAY_SECRET\') }}"}');
  const unknown = Object.keys(raw).find((key) => key !== 'secret' && key !== 'id');
  if (unknown) settings.fail('sign', `unknown key "${unknown}" (known: secret, id)`);
  const templates = settings.templateMap('sign')!;
  if (!templates.secret || !(raw as Record<string, unknown>).secret) settings.fail('sign', 'missing required key "secret"');
  return { secret: templates.secret, id: templates.id };
}

function describeFetchError(error: unknown, timeout: number): string {
  if (error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError')) return `no answer within ${timeout} s`;
  const cause = error instanceof Error && error.cause instanceof Error ? error.cause : undefined;
  const code = cause && (cause as Error & { code?: string }).code;
  return code ? `${code} (${cause.message})` : error instanceof Error ? error.message : String(error);
}
