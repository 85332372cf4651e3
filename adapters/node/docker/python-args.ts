/** Python-SDK-style arguments: keyword binding, shlex splitting, `KEY=value` lists. */

/** A template call's arguments: nunjucks passes `f(a, key=1)` keywords as a trailing `__keywords` object. */
export function templateArgs(fn: string, args: unknown[], names: readonly string[]): Record<string, unknown> {
  const last = args[args.length - 1];
  const keywords = last && typeof last === 'object' && Object.prototype.hasOwnProperty.call(last, '__keywords') ? { ...(last as Record<string, unknown>) } : undefined;
  delete keywords?.__keywords;
  const positional = keywords ? args.slice(0, -1) : args;
  if (positional.length > names.length) throw new Error(`${fn}() takes at most ${names.length} arguments (${positional.length} given)`);
  const bound: Record<string, unknown> = {};
  positional.forEach((value, i) => (bound[names[i]!] = value));
  for (const [name, value] of Object.entries(keywords ?? {})) {
    if (!names.includes(name)) throw new Error(`${fn}() got an unexpected keyword argument '${name}'`);
    bound[name] = value;
  }
  return bound;
}

/** Splits a command line like Python's shlex.split (POSIX mode). */
export function shlexSplit(text: string): string[] {
  const words: string[] = [];
  let word = '';
  let inWord = false;
  let quote: '"' | "'" | null = null;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quote === "'") {
      if (ch === "'") quote = null;
      else word += ch;
    } else if (quote === '"') {
      if (ch === '"') quote = null;
      else if (ch === '\\' && i + 1 < text.length && '\\"$`\n'.includes(text[i + 1]!)) word += text[++i];
      else word += ch;
    } else if (/\s/.test(ch)) {
      if (inWord) words.push(word);
      word = '';
      inWord = false;
    } else {
      inWord = true;
      if (ch === "'" || ch === '"') quote = ch;
      else if (ch === '\\' && i + 1 < text.length) word += text[++i];
      else word += ch;
    }
  }
  if (quote) throw new Error(`No closing quotation in command: ${text}`);
  if (inWord) words.push(word);
  return words;
}

/** A command as the SDK takes it: a string (split like a shell) or a list. */
export function commandList(value: unknown, what: string): string[] | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'string') return shlexSplit(value);
  if (Array.isArray(value)) return value.map((item) => String(item));
  throw new Error(`${what} must be a string or a list of strings`);
}

/** `{KEY: value}` or `['KEY=value']` → `['KEY=value']`. */
export function keyValueList(value: unknown, what: string): string[] | undefined {
  if (value === undefined || value === null) return undefined;
  if (Array.isArray(value)) return value.map((item) => String(item));
  if (typeof value === 'object') return Object.entries(value as Record<string, unknown>).map(([key, item]) => `${key}=${item === null ? '' : String(item)}`);
  throw new Error(`${what} must be a mapping or a list of KEY=value strings`);
}

/** `{name: value}` or `['name']` (labels given as a list get empty values) → a mapping. */
export function labelMap(value: unknown, what: string): Record<string, string> | undefined {
  if (value === undefined || value === null) return undefined;
  if (Array.isArray(value)) return Object.fromEntries(value.map((item) => [String(item), '']));
  if (typeof value === 'object') return Object.fromEntries(Object.entries(value as Record<string, unknown>).map(([key, item]) => [key, String(item)]));
  throw new Error(`${what} must be a mapping or a list`);
}

/** A boolean argument that may come from a template as text (`'true'`, `'False'`). */
export function truthy(value: unknown): boolean {
  if (typeof value === 'string') return !['', '0', 'false', 'no', 'none', 'off'].includes(value.trim().toLowerCase());
  return Boolean(value);
}

/** An integer argument that may come from a template as text. */
export function integer(value: unknown, what: string): number {
  const number = typeof value === 'string' ? Number(value.trim()) : value;
  if (typeof number !== 'number' || !Number.isInteger(number)) throw new Error(`${what} must be a whole number, not ${JSON.stringify(value)}`);
  return number;
}
