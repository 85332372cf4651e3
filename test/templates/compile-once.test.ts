import nunjucks from 'nunjucks';
import { describe, expect, test, vi } from 'vitest';
import { compileTemplate } from '../../src/templates/index.js';

describe('compile once, render many', () => {
  test('compileTemplate lexes/compiles eagerly; render never compiles again', () => {
    const lex = vi.spyOn((nunjucks as unknown as { lexer: { lex: (...a: unknown[]) => unknown } }).lexer, 'lex');
    const FunctionSpy = vi.spyOn(globalThis, 'Function');
    try {
      const t = compileTemplate('{% for x in items if x %}{{ loop.index }}{{ x|upper }}{% endfor %}\n');
      expect(lex).toHaveBeenCalledTimes(1);
      const compiles = FunctionSpy.mock.calls.length;
      for (let i = 0; i < 50; i++) expect(t.render({ items: ['a', '', 'b'] })).toBe('1A2B');
      expect(lex).toHaveBeenCalledTimes(1);
      expect(FunctionSpy.mock.calls.length).toBe(compiles);
    } finally {
      lex.mockRestore();
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
