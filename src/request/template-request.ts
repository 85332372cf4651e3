import { parseJsonExact } from '../templates/runtime/json-exact.js';
import { pyTitle } from '../templates/runtime/py-str.js';
import type { WebhookRequest } from './webhook-request.js';

const decoder = new TextDecoder();
const JSON_MIMETYPE = /^application\/(?:json|[^;\s]+\+json)$/;
const FORM_MIMETYPE = 'application/x-www-form-urlencoded';

/**
 * The `request` object templates see, named as on the original's Flask request:
 * `request.path`, `.method`, `.headers`, `.json`, `.data`, `.args`, `.form`, `.view_args`, `.url`,
 * `.host`, `.remote_addr`, `.content_type`, `.mimetype`, `.is_json`, `.get_json()`, and `.id`, the
 * request id of the log lines (not Flask's).
 * Reference: docs/templates.md.
 *
 * Built per request but filled in on first read: most configs read one or two fields, so the URL
 * is parsed, the headers copied and the JSON re-read only for a template that asks. The fields are
 * getters that keep their value, enumerable like the plain values they were (a printed or
 * iterated `request` shows them all).
 */
export function templateRequest(request: WebhookRequest): Record<string, unknown> {
  let parsedUrl: URL | undefined;
  const url = (): URL => (parsedUrl ??= new URL(request.url));
  const contentType = request.headers.get('content-type');
  const mimetype = (contentType ?? '').split(';')[0].trim().toLowerCase();
  const isJson = JSON_MIMETYPE.test(mimetype);
  let data: string | undefined;
  const text = (): string => (data ??= decoder.decode(request.body));
  let json: { value: unknown } | undefined;
  // Re-read from the source text only to keep integers beyond 2^53 exact, as Python's json does,
  // and only when the parsed payload has one that lost digits (JSON.parse gave it as a number
  // beyond 2^53, noted when the body was parsed): everywhere else the exact parse gives the very same values.
  const exactJson = (): unknown => {
    if (json) return json.value;
    let value = request.payload;
    if (request.inexactIntegers) {
      const source = isJson ? text() : request.form.payload;
      if (source !== undefined) value = parseJsonExact(source);
    }
    json = { value };
    return value;
  };
  let form: Record<string, unknown> | undefined;
  let headers: Record<string, unknown> | undefined;
  let args: Record<string, unknown> | undefined;
  return {
    id: request.id,
    path: request.path,
    method: request.method,
    get headers() {
      headers ??= templateHeaders(request.headers);
      return headers;
    },
    get json() {
      return exactJson();
    },
    get data() {
      return text();
    },
    get args() {
      args ??= multiDict([...url().searchParams]);
      return args;
    },
    get form() {
      form ??= multiDict(mimetype === FORM_MIMETYPE ? [...new URLSearchParams(text())] : Object.entries(request.form));
      return form;
    },
    view_args: request.viewArgs,
    url: request.url,
    get host() {
      return url().host;
    },
    remote_addr: request.remoteAddr,
    content_type: contentType,
    mimetype,
    is_json: isJson,
    /** Flask's get_json(force=False, silent=False): the JSON body; not JSON → error (or None if silent). */
    get_json: (...args: unknown[]): unknown => {
      const { force, silent } = keywords(args, ['force', 'silent', 'cache']);
      if (isJson) return exactJson();
      if (force) {
        try {
          return parseJsonExact(text());
        } catch (e) {
          if (silent) return null;
          throw new Error(`400 Bad Request: Failed to decode JSON object: ${(e as Error).message}`);
        }
      }
      if (silent) return null;
      throw new Error("415 Unsupported Media Type: Did not attempt to load JSON data because the request Content-Type was not 'application/json'.");
    },
  };
}

/** Python-style arguments (positional, then a trailing `__keywords` object) by name; missing → `defaults`. */
function keywords(args: unknown[], names: string[], defaults: Record<string, unknown> = {}): Record<string, unknown> {
  const last = args[args.length - 1];
  const isKw = typeof last === 'object' && last !== null && '__keywords' in last;
  const pos = isKw ? args.slice(0, -1) : args;
  const kw = (isKw ? last : {}) as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  names.forEach((n, i) => {
    out[n] = i < pos.length ? pos[i] : n in kw ? kw[n] : defaults[n];
  });
  return out;
}

/**
 * Werkzeug's MultiDict, as `request.args` and `request.form`: reading a key gives its FIRST value;
 * `getlist(key)` gives all of them; `get(key, default)`, `to_dict(flat=True)`, `lists()`.
 * Printed or iterated it is a mapping of first values.
 */
export function multiDict(pairs: [string, string][]): Record<string, unknown> {
  const all = new Map<string, string[]>();
  for (const [k, v] of pairs) {
    const list = all.get(k);
    if (list) list.push(v);
    else all.set(k, [v]);
  }
  const out: Record<string, unknown> = {};
  for (const [k, list] of all) out[k] = list[0];
  const methods: Record<string, (...args: unknown[]) => unknown> = {
    get: (key, fallback = null) => all.get(String(key))?.[0] ?? fallback,
    getlist: (key) => [...(all.get(String(key)) ?? [])],
    to_dict: (...args) => {
      const { flat } = keywords(args, ['flat'], { flat: true });
      return Object.fromEntries([...all].map(([k, list]) => [k, flat ? list[0] : [...list]]));
    },
    lists: () => [...all].map(([k, list]) => [k, [...list]]),
  };
  // Non-enumerable: methods are not keys (printing, iterating, `in` and length see only the data).
  for (const [name, fn] of Object.entries(methods)) Object.defineProperty(out, name, { value: fn, enumerable: false });
  return out;
}

/**
 * Headers with case-insensitive `headers["X-Name"]`, `headers.get("X-Name", default)` and
 * `"x-name" in headers`; names come out Title-Case (`X-Github-Event`) as Werkzeug gives them; printed
 * whole they give the raw header block, as Flask's did.
 */
export function templateHeaders(headers: Headers): Record<string, unknown> {
  return caseInsensitiveHeaders(headers, (entries) => entries.map(([name, value]) => `${name}: ${value}\r\n`).join('') + '\r\n');
}

/**
 * A plain mapping of Title-Case header names to values that answers any-case reads, `in` and `get()`.
 * `print` decides how it prints whole (undefined: as a mapping, i.e. JSON).
 */
export function caseInsensitiveHeaders(headers: Headers, print?: (entries: [string, string][]) => string): Record<string, unknown> {
  const entries: [string, string][] = [...headers.entries()].map(([name, value]) => [pyTitle(name), value]);
  const target: Record<string, unknown> = Object.fromEntries(entries);
  const methods: Record<string, unknown> = {
    get: (name: unknown, fallback: unknown = null) => headers.get(String(name)) ?? fallback,
    items: () => entries.map(([k, v]) => [k, v]),
    keys: () => entries.map(([k]) => k),
    values: () => entries.map(([, v]) => v),
    ...(print ? { toString: () => print(entries) } : {}),
  };
  for (const [name, fn] of Object.entries(methods)) Object.defineProperty(target, name, { value: fn, enumerable: false });
  return new Proxy(target, {
    get: (t, name) => {
      if (typeof name !== 'string') return undefined;
      if (Object.prototype.hasOwnProperty.call(methods, name)) return t[name];
      return headers.get(name) ?? undefined;
    },
    has: (t, name) => typeof name === 'string' && (headers.has(name) || Object.prototype.hasOwnProperty.call(methods, name)),
    getOwnPropertyDescriptor: (t, name) => {
      if (typeof name === 'string' && headers.has(name)) return { value: headers.get(name), enumerable: true, configurable: true, writable: true };
      return Reflect.getOwnPropertyDescriptor(t, name);
    },
  });
}
