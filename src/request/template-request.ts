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
 *
 * The getters and `get_json` are the same functions for every request, reading the request through
 * a symbol. Functions made per request and stored on the object (an object literal's `get x() {}`,
 * or an arrow function closing over the request) made V8 keep every request's whole payload alive
 * through each young-generation collection until the next full one: under load that was most of
 * the server's garbage-collection time and pauses, and most of its memory growth.
 */
export function templateRequest(request: WebhookRequest): Record<string, unknown> {
  const contentType = request.headers.get('content-type');
  const { mimetype, isJson } = mimetypeOf(contentType);
  const lazy: Lazy = { request, mimetype, isJson };
  // a symbol key: Object.keys, JSON and iteration do not see it, and a plain assignment costs
  // less than defining a property
  const fields: Record<string | symbol, unknown> = { [LAZY]: lazy };
  fields.id = request.id;
  fields.path = request.path;
  fields.method = request.method;
  Object.defineProperty(fields, 'headers', HEADERS);
  Object.defineProperty(fields, 'json', JSON_FIELD);
  Object.defineProperty(fields, 'data', DATA);
  Object.defineProperty(fields, 'args', ARGS);
  Object.defineProperty(fields, 'form', FORM);
  fields.view_args = request.viewArgs;
  fields.url = request.url;
  Object.defineProperty(fields, 'host', HOST);
  fields.remote_addr = request.remoteAddr;
  fields.content_type = contentType;
  fields.mimetype = mimetype;
  fields.is_json = lazy.isJson;
  fields.get_json = GET_JSON;
  return fields as Record<string, unknown>;
}

// a sender sends the same Content-Type every time: its mimetype is worked out once, not per request
let lastContentType: string | null | undefined;
let lastMimetype = { mimetype: '', isJson: false };

function mimetypeOf(contentType: string | null): { mimetype: string; isJson: boolean } {
  if (contentType !== lastContentType) {
    const mimetype = (contentType ?? '').split(';')[0]!.trim().toLowerCase();
    lastMimetype = { mimetype, isJson: JSON_MIMETYPE.test(mimetype) };
    lastContentType = contentType;
  }
  return lastMimetype;
}

/** What a request's lazy fields are made from, and what they made. */
interface Lazy {
  readonly request: WebhookRequest;
  readonly mimetype: string;
  readonly isJson: boolean;
  url?: URL;
  data?: string;
  json?: { value: unknown };
  form?: Record<string, unknown>;
  headers?: Record<string, unknown>;
  args?: Record<string, unknown>;
}

const LAZY = Symbol('templateRequest');

function lazyField(read: (lazy: Lazy) => unknown): PropertyDescriptor {
  return {
    enumerable: true,
    configurable: true,
    get(this: { [LAZY]: Lazy }) {
      return read(this[LAZY]);
    },
  };
}

const url = (lazy: Lazy): URL => (lazy.url ??= new URL(lazy.request.url));
const text = (lazy: Lazy): string => (lazy.data ??= decoder.decode(lazy.request.body));

/**
 * Re-read from the source text only to keep integers beyond 2^53 exact, as Python's json does, and
 * only when the parsed payload has one that lost digits (JSON.parse gave it as a number beyond 2^53,
 * noted when the body was parsed): everywhere else the exact parse gives the very same values.
 */
function exactJson(lazy: Lazy): unknown {
  if (lazy.json) return lazy.json.value;
  const { request } = lazy;
  let value = request.payload;
  if (request.inexactIntegers) {
    const source = lazy.isJson ? text(lazy) : request.form.payload;
    if (source !== undefined) value = parseJsonExact(source);
  }
  lazy.json = { value };
  return value;
}

const HEADERS = lazyField((lazy) => (lazy.headers ??= templateHeaders(lazy.request.headers)));
const JSON_FIELD = lazyField(exactJson);
const DATA = lazyField(text);
const ARGS = lazyField((lazy) => (lazy.args ??= multiDict([...url(lazy).searchParams])));
const FORM = lazyField((lazy) => (lazy.form ??= multiDict(lazy.mimetype === FORM_MIMETYPE ? [...new URLSearchParams(text(lazy))] : Object.entries(lazy.request.form))));
const HOST = lazyField((lazy) => url(lazy).host);

/**
 * Flask's get_json(force=False, silent=False): the JSON body; not JSON → error (or None if silent).
 * One function for every request, called as a method (templates bind it to its `request`).
 */
function GET_JSON(this: { [LAZY]?: Lazy } | undefined, ...args: unknown[]): unknown {
  const lazy = this?.[LAZY];
  if (!lazy) throw new Error('get_json() is a method of request: call it as request.get_json()');
  return getJson(lazy, args);
}

function getJson(lazy: Lazy, args: unknown[]): unknown {
  const { force, silent } = keywords(args, ['force', 'silent', 'cache']);
  if (lazy.isJson) return exactJson(lazy);
  if (force) {
    try {
      return parseJsonExact(text(lazy));
    } catch (e) {
      if (silent) return null;
      throw new Error(`400 Bad Request: Failed to decode JSON object: ${(e as Error).message}`);
    }
  }
  if (silent) return null;
  throw new Error("415 Unsupported Media Type: Did not attempt to load JSON data because the request Content-Type was not 'application/json'.");
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
