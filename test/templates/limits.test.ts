import { describe, expect, test } from 'vitest';
import { compileTemplate, TemplateRenderError } from '../../src/templates/index.js';

const render = (src: string, ctx: Record<string, unknown> = {}): string => compileTemplate(src).render(ctx);

// Payload values reach arithmetic: a huge exponent or repetition must fail the action, not stall or
// exhaust the process that serves every other request.
describe('resource limits', () => {
  test('a ** result beyond 100000 bits is an error; big results below it are exact', () => {
    expect(() => render('{{ 2 ** n }}', { n: 1_000_000_000 })).toThrow(TemplateRenderError);
    expect(render('{{ (2 ** 1000)|string|length }}')).toBe('302');
  });

  test('string and list repetition beyond 10 million items is an error', () => {
    expect(() => render("{{ 'ab' * n }}", { n: 6_000_000 })).toThrow(/repetition result too large/);
    expect(() => render('{{ [0] * n }}', { n: 20_000_000 })).toThrow(/repetition result too large/);
    expect(render("{{ ('ab' * 1000)|length }}")).toBe('2000');
  });

  test('range() beyond 10 million items is an error', () => {
    expect(() => render('{{ range(n)|length }}', { n: 1e9 })).toThrow(/range\(\) too large/);
    expect(render('{{ range(0, 100, 7)|length }}')).toBe('15');
  });
});
