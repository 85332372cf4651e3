import type { WebhookRequest } from './webhook-request.js';

const decoder = new TextDecoder();

/**
 * The `request` object templates see, named as on the original's Flask request:
 * `request.path`, `.method`, `.headers`, `.json`, `.data`, `.args`, `.form`,
 * `.view_args`, `.url`, `.host`, `.remote_addr`, `.content_type`.
 */
export function templateRequest(request: WebhookRequest): Record<string, unknown> {
  const url = new URL(request.url);
  let data: string | undefined;
  return {
    path: request.path,
    method: request.method,
    headers: templateHeaders(request.headers),
    json: request.payload,
    get data() {
      data ??= decoder.decode(request.body);
      return data;
    },
    args: Object.fromEntries(url.searchParams),
    form: request.form,
    view_args: request.viewArgs,
    url: request.url,
    host: url.host,
    remote_addr: request.remoteAddr,
    content_type: request.headers.get('content-type'),
  };
}

/**
 * Headers with case-insensitive `headers["X-Name"]` and `headers.get("X-Name", default)`;
 * printed whole they give the raw header block, as Flask's did.
 */
export function templateHeaders(headers: Headers): Record<string, unknown> {
  const methods: Record<string, unknown> = {
    get: (name: string, fallback: unknown = null) => headers.get(String(name)) ?? fallback,
    items: () => [...headers.entries()],
    keys: () => [...headers.keys()],
    values: () => [...headers.values()],
    toString: () => [...headers.entries()].map(([name, value]) => `${titleCase(name)}: ${value}\r\n`).join('') + '\r\n',
  };
  return new Proxy(methods, {
    get: (target, name) => {
      if (typeof name !== 'string') return undefined;
      if (Object.prototype.hasOwnProperty.call(target, name)) return target[name];
      return headers.get(name) ?? undefined;
    },
    has: (target, name) => typeof name === 'string' && headers.has(name),
    ownKeys: () => [...headers.keys()],
    getOwnPropertyDescriptor: (_target, name) =>
      typeof name === 'string' && headers.has(name) ? { value: headers.get(name), enumerable: true, configurable: true } : undefined,
  });
}

function titleCase(name: string): string {
  return name.replace(/(^|-)([a-z])/g, (_match, dash: string, letter: string) => dash + letter.toUpperCase());
}
