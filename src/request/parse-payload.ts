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

function parseJson(text: string, form: Record<string, string>): ParsedPayload {
  try {
    return { ok: true, payload: JSON.parse(text), form };
  } catch {
    return { ok: false, reason: 'Invalid JSON' };
  }
}

/** Python's truthiness: `{}`, `[]`, null, false, 0 and "" are no payload. */
export function isFalsy(payload: unknown): boolean {
  if (Array.isArray(payload)) return payload.length === 0;
  if (typeof payload === 'object' && payload !== null) return Object.keys(payload).length === 0;
  return !payload;
}
