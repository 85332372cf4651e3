import type { JsonValue } from './delivery-record.js';

/**
 * `context` as the journal keeps it between attempts: each value's JSON form (what
 * `JSON.stringify` makes of it, `toJSON` included). A value with no JSON form (a function,
 * a cycle, a BigInt) is dropped and named in `dropped`, so the log can say which. Objects with
 * methods (the docker actions' results) keep their data and lose their methods: a retry reads
 * the same values whether or not the process restarted in between.
 */
export function contextToJson(context: Readonly<Record<string, unknown>>): { json: Record<string, JsonValue>; dropped: string[] } {
  const json: Record<string, JsonValue> = {};
  const dropped: string[] = [];
  for (const [name, value] of Object.entries(context)) {
    try {
      const text = JSON.stringify(value);
      if (text === undefined) dropped.push(name);
      else json[name] = JSON.parse(text) as JsonValue;
    } catch {
      dropped.push(name);
    }
  }
  return { json, dropped };
}
