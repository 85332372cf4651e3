import type { TemplateTree } from '../config/settings.js';
import type { Template } from '../templates/index.js';
import { ActionError } from './action-error.js';
import { defineAction } from './define-action.js';
import { responseForTemplates } from './http-response.js';

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
}

/** Sends an HTTP request; the answer is `response` in the output template. */
export default defineAction<PreparedHttp>({
  name: 'http',
  keys: ['target', 'method', 'headers', 'body', 'json', 'fail_on_error', 'output', 'timeout', 'verify'],
  prepare(settings) {
    const json = settings.boolean('json', false);
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
    };
  },
  async run(prepared, call) {
    const headers = new Headers();
    for (const [name, value] of Object.entries(prepared.headers)) headers.set(name, call.render(value));
    let body: string | undefined;
    if (prepared.body !== undefined && prepared.body !== null) {
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
    let response: Response;
    try {
      response = await call.runtime.fetch(new Request(url, { method: prepared.method, headers, body: hasBody ? body : undefined }), {
        timeoutMs: prepared.timeout * 1000,
        tlsVerify: prepared.verify,
      });
    } catch (error) {
      throw new ActionError(`HTTP ${prepared.method} to ${url.origin}${url.pathname} failed: ${describeFetchError(error, prepared.timeout)}`);
    }
    const content = new Uint8Array(await response.arrayBuffer());
    if (prepared.failOnError && (response.status < 200 || response.status > 299)) {
      throw new ActionError(`HTTP call failed (HTTP ${response.status})`);
    }
    call.print(call.render(prepared.output, { response: responseForTemplates(response, content) }));
  },
});

function describeFetchError(error: unknown, timeout: number): string {
  if (error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError')) return `no answer within ${timeout} s`;
  const cause = error instanceof Error && error.cause instanceof Error ? error.cause : undefined;
  const code = cause && (cause as Error & { code?: string }).code;
  return code ? `${code} (${cause.message})` : error instanceof Error ? error.message : String(error);
}
