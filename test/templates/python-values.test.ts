import { describe, expect, test } from 'vitest';
import { compileTemplate, toText } from '../../src/templates/index.js';

describe('toText: how values print', () => {
  test('scalars', () => {
    expect(toText(undefined)).toBe('');
    expect(toText(null)).toBe('None');
    expect(toText(true)).toBe('True');
    expect(toText(false)).toBe('False');
    expect(toText(1.0)).toBe('1');
    expect(toText(0.2)).toBe('0.2');
    expect(toText('s')).toBe('s');
  });

  test('arrays and plain objects print as compact JSON', () => {
    expect(toText([1, 'a', null])).toBe('[1,"a",null]');
    expect(toText({ a: { b: [true] } })).toBe('{"a":{"b":[true]}}');
  });

  test('objects with their own toString print that', () => {
    class Headers {
      toString(): string {
        return 'Host: x\r\n';
      }
    }
    expect(toText(new Headers())).toBe('Host: x\r\n');
  });

  test('the same rules apply to output, ~, string, join and %s', () => {
    const t = compileTemplate("{{ v }}|{{ v ~ '' }}|{{ v|string }}|{{ [v]|join }}|{{ '%s' % (v,) }}");
    expect(t.render({ v: null })).toBe('None|None|None|None|None');
    expect(t.render({ v: true })).toBe('True|True|True|True|True');
    expect(t.render({ v: [1] })).toBe('[1]|[1]|[1]|[1]|[1]');
  });

  test('no autoescaping', () => {
    expect(compileTemplate('{{ s }}').render({ s: '<a href="x">&</a>' })).toBe('<a href="x">&</a>');
  });
});
