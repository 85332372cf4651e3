/**
 * The `context` object of one request: `{% set _ = context.set("k", v) %}` in one
 * action, `{{ context.k }}` in a later one. A fresh one for every request.
 */
export function createRequestContext(): Record<string, unknown> {
  const context: Record<string, unknown> = {};
  Object.defineProperty(context, 'set', {
    enumerable: false,
    value: (name: string, value: unknown) => {
      context[String(name)] = value;
      // Python's set() returns None, which is what `{{ context.set(...) }}` prints
      return null;
    },
  });
  return context;
}
