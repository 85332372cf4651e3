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

/** How a value is shown in a validation failure line, cut to 200 characters. */
export function describeValue(value: unknown): string {
  const text = typeof value === 'string' ? value : JSON.stringify(value ?? null);
  return text.length > 200 ? `${text.slice(0, 200)}…` : text;
}

const SENSITIVE_HEADER = /token|secret|signature|authorization|key/i;

/** Header values that may carry credentials are never printed. */
export function describeHeaderValue(name: string, value: string): string {
  return SENSITIVE_HEADER.test(name) ? '[masked]' : describeValue(value);
}
