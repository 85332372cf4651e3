export type ParsedPayload = { ok: true; payload: unknown; form: Record<string, string>; inexactIntegers: boolean } | { ok: false; reason: string };

const JSON_TYPE = /^application\/(?:json|[^;\s]+\+json)\s*(?:;|$)/i;
const FORM_TYPE = /^application\/x-www-form-urlencoded\s*(?:;|$)/i;

const decoder = new TextDecoder();

/**
 * JSON for `application/json` and `application/*+json`; a form body's `payload`
 * field holding JSON (GitHub's form delivery); anything else: no payload.
 */
export function parsePayload(contentType: string | null, body: Uint8Array): ParsedPayload {
  if (contentType && JSON_TYPE.test(contentType)) {
    const text = decoder.decode(body);
    if (isBlank(text)) return { ok: true, payload: null, form: {}, inexactIntegers: false };
    return parseJson(text, {});
  }
  if (contentType && FORM_TYPE.test(contentType)) {
    const form = Object.fromEntries(new URLSearchParams(decoder.decode(body)));
    return form.payload === undefined ? { ok: true, payload: null, form, inexactIntegers: false } : parseJson(form.payload, form);
  }
  return { ok: true, payload: null, form: {}, inexactIntegers: false };
}

/**
 * Whether the text is empty or only whitespace (as `trim()` sees it). A text that starts with a
 * printable ASCII character (`{`, `[`, a quote, a digit) is not, without trimming it: `trim()` on
 * every body cost about half a microsecond per request under load (perf).
 */
function isBlank(text: string): boolean {
  if (text.length === 0) return true;
  const first = text.charCodeAt(0);
  return (first <= 0x20 || first >= 0x7f) && text.trim() === '';
}

/**
 * Deeper than this and the payload is refused: walking a value tens of thousands of levels deep
 * (validation, templates, `tojson`) overflows the stack, and no webhook nests this far.
 */
export const MAX_JSON_DEPTH = 512;

function parseJson(text: string, form: Record<string, string>): ParsedPayload {
  let payload: unknown;
  try {
    // V8 parses without recursing on the native stack, so a deeply nested text is no danger here
    payload = JSON.parse(text);
  } catch {
    return { ok: false, reason: 'Invalid JSON' };
  }
  const walked = walkPayload(payload, MAX_JSON_DEPTH);
  if (walked === TOO_DEEP) return { ok: false, reason: 'JSON nested too deeply' };
  return { ok: true, payload, form, inexactIntegers: walked === INEXACT };
}

const TOO_DEEP = 1;
const INEXACT = 2;

/**
 * One walk over the parsed value, with an explicit stack (a recursive walk would overflow on the
 * very value it guards against): TOO_DEEP when objects and lists nest deeper than `limit` (the root
 * counts as one); else INEXACT when a number is beyond 2^53, an integer sent with more digits than
 * JSON.parse keeps (templates then re-read the text, as Python's json keeps them exact); else 0.
 * Cheaper than scanning the text, since it visits values, not characters.
 */
function walkPayload(root: unknown, limit: number): number {
  if (typeof root !== 'object' || root === null) return typeof root === 'number' && Math.abs(root) > Number.MAX_SAFE_INTEGER ? INEXACT : 0;
  let inexact = false;
  // two parallel stacks rather than a pair per object: this runs on every payload
  const values: object[] = [root];
  const depths: number[] = [1];
  const visit = (child: unknown, depth: number): void => {
    if (typeof child === 'object') {
      if (child !== null) {
        values.push(child);
        depths.push(depth);
      }
    } else if (typeof child === 'number' && Math.abs(child) > Number.MAX_SAFE_INTEGER) inexact = true;
  };
  while (values.length > 0) {
    const value = values.pop()!;
    const depth = depths.pop()!;
    if (depth > limit) return TOO_DEEP;
    if (Array.isArray(value)) for (const child of value) visit(child, depth + 1);
    else for (const key in value) visit((value as Record<string, unknown>)[key], depth + 1);
  }
  return inexact ? INEXACT : 0;
}

/** Python's truthiness: `{}`, `[]`, null, false, 0 and "" are no payload. */
export function isFalsy(payload: unknown): boolean {
  if (Array.isArray(payload)) return payload.length === 0;
  if (typeof payload === 'object' && payload !== null) return Object.keys(payload).length === 0;
  return !payload;
}
