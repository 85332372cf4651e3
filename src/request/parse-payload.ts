export type ParsedPayload =
  | { ok: true; payload: unknown; form: Record<string, string> }
  | { ok: false; reason: string };

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
    if (text.trim() === '') return { ok: true, payload: null, form: {} };
    return parseJson(text, {});
  }
  if (contentType && FORM_TYPE.test(contentType)) {
    const form = Object.fromEntries(new URLSearchParams(decoder.decode(body)));
    return form.payload === undefined ? { ok: true, payload: null, form } : parseJson(form.payload, form);
  }
  return { ok: true, payload: null, form: {} };
}

/**
 * Deeper than this and the payload is refused before parsing: walking a value tens of thousands of
 * levels deep (validation, templates, `tojson`) overflows the stack, and no webhook nests this far.
 */
export const MAX_JSON_DEPTH = 512;

function parseJson(text: string, form: Record<string, string>): ParsedPayload {
  if (nestingExceeds(text, MAX_JSON_DEPTH)) return { ok: false, reason: 'JSON nested too deeply' };
  try {
    return { ok: true, payload: JSON.parse(text), form };
  } catch {
    return { ok: false, reason: 'Invalid JSON' };
  }
}

/**
 * Whether brackets outside strings nest deeper than `limit`, by a scan that keeps only a counter (a
 * recursive check would overflow on the very input it guards against). Exact for valid JSON; text
 * that is not valid JSON is refused either way.
 */
function nestingExceeds(text: string, limit: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (inString) {
      if (code === 0x5c /* backslash: skip the escaped character */) i++;
      else if (code === 0x22 /* " */) inString = false;
    } else if (code === 0x22) {
      inString = true;
    } else if (code === 0x5b /* [ */ || code === 0x7b /* { */) {
      if (++depth > limit) return true;
    } else if (code === 0x5d /* ] */ || code === 0x7d /* } */) {
      depth--;
    }
  }
  return false;
}

/** Python's truthiness: `{}`, `[]`, null, false, 0 and "" are no payload. */
export function isFalsy(payload: unknown): boolean {
  if (Array.isArray(payload)) return payload.length === 0;
  if (typeof payload === 'object' && payload !== null) return Object.keys(payload).length === 0;
  return !payload;
}
