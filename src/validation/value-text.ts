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

const SENSITIVE_NAME = /token|secret|signature|authorization|key/i;

/**
 * Headers and payload keys whose name suggests a credential: their value, and the
 * rule they are checked against (often `{{ read_config("TOKEN") }}`), are never printed.
 */
export function isSensitiveName(name: string): boolean {
  return SENSITIVE_NAME.test(name);
}

export const MASKED = '[masked]';
