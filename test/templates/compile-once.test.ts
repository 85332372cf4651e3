import { describe, expect, test, vi } from 'vitest';
import { compileTemplate } from '../../src/templates/index.js';

describe('compile once, render many', () => {
  test('compileTemplate lexes/compiles eagerly; render never compiles again', () => {
    const FunctionSpy = vi.spyOn(globalThis, 'Function');
    try {
      const t = compileTemplate('{% for x in items if x %}{{ loop.index }}{{ x|upper }}{% endfor %}\n');
      // The generated code is evaluated exactly once, when the template is compiled.
      expect(FunctionSpy).toHaveBeenCalledTimes(1);
      const compiles = FunctionSpy.mock.calls.length;
      for (let i = 0; i < 50; i++) expect(t.render({ items: ['a', '', 'b'] })).toBe('1A2B');
      expect(FunctionSpy.mock.calls.length).toBe(compiles);
    } finally {
      FunctionSpy.mockRestore();
    }
  });

  test('render is pure: the same context renders the same, and the context is not modified', () => {
    const t = compileTemplate('{% set x = a ~ "!" %}{{ x }}');
    const ctx = { a: 'hi' };
    expect(t.render(ctx)).toBe('hi!');
    expect(t.render(ctx)).toBe('hi!');
    expect(ctx).toEqual({ a: 'hi' });
    expect(t.source).toBe('{% set x = a ~ "!" %}{{ x }}');
  });
});
