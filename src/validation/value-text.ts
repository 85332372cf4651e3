/**
 * The texts a payload value is matched as. Numbers in their JSON form; booleans
 * and null both as Python printed them (what configs for the original were
 * written against) and as JSON; objects as compact JSON.
 */
export function valueTexts(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (value === null || value === undefined) return ['None', 'null'];
  if (value === true) return ['True', 'true'];
  if (value === false) return ['False', 'false'];
  return [JSON.stringify(value)];
}

/**
 * How a value is shown in a validation failure line: cut to 200 characters, control characters
 * escaped, and the members of an object whose name suggests a credential masked.
 */
export function describeValue(value: unknown): string {
  const text = typeof value === 'string' ? value : JSON.stringify(value ?? null, (key, member: unknown) => (key && isSensitiveName(key) ? MASKED : member));
  return escapeControl(text.length > 200 ? `${text.slice(0, 200)}…` : text);
}

const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;
const HAS_CONTROL = new RegExp(CONTROL.source);
const NAMED: Record<string, string> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };

/**
 * A request's text as it may be printed in a log line: a newline cannot start a forged line, an
 * ANSI escape cannot recolour or erase the terminal, a bidi override cannot reorder what is read.
 */
export function escapeControl(text: string): string {
  // nearly every text has none: a plain test is a fraction of a replace that finds nothing
  if (!HAS_CONTROL.test(text)) return text;
  return text.replace(CONTROL, (ch) => NAMED[ch] ?? (ch.charCodeAt(0) < 0x100 ? `\\x${ch.charCodeAt(0).toString(16).padStart(2, '0')}` : `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`));
}

// substrings, case-insensitive: X-Api-Key, Cookie, X-Session-Id, db_password, Proxy-Authorization...
const SENSITIVE_NAME = /token|secret|signature|auth|key|cookie|password|passphrase|session|credential/i;

/**
 * Headers and payload keys whose name suggests a credential: their value, and the
 * rule they are checked against (often `{{ read_config("TOKEN") }}`), are never printed.
 */
export function isSensitiveName(name: string): boolean {
  return SENSITIVE_NAME.test(name);
}

export const MASKED = '[masked]';
