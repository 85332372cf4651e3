import { describe, expect, test } from 'vitest';
import { compileTemplate, TemplateRenderError, TemplateSyntaxError } from '../../src/templates/index.js';

class ActionError extends Error {}

describe('errors', () => {
  test('an error thrown by a context function comes through unchanged', () => {
    const thrown = new ActionError('boom');
    const error = (): never => {
      throw thrown;
    };
    const t = compileTemplate('before {{ error("x") }} after');
    let caught: unknown;
    try {
      t.render({ error });
    } catch (e) {
      caught = e;
    }
    expect(caught).toBe(thrown);
    expect(caught).toBeInstanceOf(ActionError);
    expect((caught as Error).message).toBe('boom');
  });

  test('also from a method, inside a loop, a macro and a set', () => {
    const thrown = new ActionError('inner');
    const ctx = {
      obj: {
        fail: () => {
          throw thrown;
        },
      },
      items: [1],
    };
    for (const src of ['{% for i in items %}{{ obj.fail() }}{% endfor %}', '{% macro m() %}{{ obj.fail() }}{% endmacro %}{{ m() }}', '{% set _ = obj.fail() %}']) {
      expect(() => compileTemplate(src).render(ctx)).toThrow(thrown);
    }
  });

  test('a syntax error is a TemplateSyntaxError with the line', () => {
    let caught: unknown;
    try {
      compileTemplate('line one\nline two {{ 1 + }}\n');
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(TemplateSyntaxError);
    expect((caught as TemplateSyntaxError).line).toBe(2);
    expect((caught as TemplateSyntaxError).column).toBeGreaterThan(0);
  });

  test('unknown filters and tests fail at compile time, as in Jinja', () => {
    expect(() => compileTemplate('{{ x|nope }}')).toThrow(TemplateSyntaxError);
    expect(() => compileTemplate('{{ x is nope }}')).toThrow(/No test named 'nope'/);
    expect(() => compileTemplate('{% for x in y %}{% endif %}')).toThrow(TemplateSyntaxError);
  });

  test('engine failures are TemplateRenderError with a clear message', () => {
    expect(() => compileTemplate('{{ request.json.x.y }}').render({ request: { json: {} } })).toThrow(new TemplateRenderError("'request.json.x' is undefined"));
    expect(() => compileTemplate('{{ nothing() }}').render({})).toThrow(/'nothing' is undefined/);
    expect(() => compileTemplate('{{ s() }}').render({ s: 'str' })).toThrow(/'s' is not callable/);
    expect(() => compileTemplate("{{ '%d' % 'x' }}").render({})).toThrow(TemplateRenderError);
    expect(() => compileTemplate('{{ 1 / 0 }}').render({})).toThrow(/division by zero/);
  });
});
