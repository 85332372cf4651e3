import { describe, expect, test } from 'vitest';
import { compileTemplate, TemplateRenderError } from '../../src/templates/index.js';

const render = (src: string, ctx: Record<string, unknown> = {}): string => compileTemplate(src).render(ctx);

describe('undefined values (Jinja semantics)', () => {
  test('an undefined name renders empty, is falsy, has length 0 and iterates as empty', () => {
    expect(render('[{{ x }}][{{ x|length }}][{% if x %}t{% else %}f{% endif %}][{% for i in x %}{{ i }}{% endfor %}]')).toBe('[][0][f][]');
  });

  test('attribute or item of an undefined is a TemplateRenderError', () => {
    expect(() => render('{{ x.y }}')).toThrow(TemplateRenderError);
    expect(() => render('{{ x["y"] }}')).toThrow("'x' is undefined");
    expect(() => render('{{ a.b.c }}', { a: {} })).toThrow("'a.b' is undefined");
  });

  test('attribute of None is undefined; attribute of that is an error', () => {
    expect(render('[{{ a.b }}]', { a: null })).toBe('[]');
    expect(() => render('{{ a.b.c }}', { a: null })).toThrow(TemplateRenderError);
  });

  test('default applies to undefined, not to None (unless boolean=true)', () => {
    expect(render("{{ x|default('d') }} {{ n|default('d') }} {{ n|default('d', true) }}", { n: null })).toBe('d None d');
  });

  test('context values that are JS undefined behave like missing names', () => {
    expect(render('[{{ x }}]{{ x is defined }}', { x: undefined })).toBe('[]False');
  });
});
