/**
 * The `context` object of one request: `{% set _ = context.set("k", v) %}` in one
 * action, `{{ context.k }}` in a later one. A fresh one for every request.
 */
export function createRequestContext(): Record<string, unknown> {
  // one `set` for every request, called as a method (templates bind it to its `context`): a
  // function made per request and kept on the object would keep the request alive longer (see
  // src/request/template-request.ts)
  return Object.defineProperty({}, 'set', { enumerable: false, value: set });
}

function set(this: Record<string, unknown> | undefined, name: string, value: unknown): null {
  if (!this) throw new Error('set() is a method of context: call it as context.set(name, value)');
  this[String(name)] = value;
  // Python's set() returns None, which is what `{{ context.set(...) }}` prints
  return null;
}
