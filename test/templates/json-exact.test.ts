import { describe, expect, test } from 'vitest';
import { parseJsonExact } from '../../src/templates/runtime/json-exact.js';

describe('parseJsonExact: JSON.parse with integers beyond 2^53 kept exact', () => {
  test('big integers become bigints, safe ones stay numbers', () => {
    expect(parseJsonExact('{"id": 12345678901234567890, "n": -98765432109876543210, "small": 1234567890123456}')).toEqual({
      id: 12345678901234567890n,
      n: -98765432109876543210n,
      small: 1234567890123456,
    });
  });

  test('floats, exponents, strings and keys with long digit runs are left alone', () => {
    const text = '{"12345678901234567890": "12345678901234567890", "f": 1.12345678901234567890, "e": 12345678901234567890e2, "x": 1e12345678901234567}';
    expect(parseJsonExact(text)).toEqual(JSON.parse(text));
  });

  test('escaped quotes inside strings do not confuse it', () => {
    expect(parseJsonExact('["a\\" 12345678901234567890 \\"", 12345678901234567891]')).toEqual(['a" 12345678901234567890 "', 12345678901234567891n]);
  });

  test('a payload containing a \\u0000 escape parses plainly, so data is never taken for a marker', () => {
    expect(parseJsonExact('["\\u0000int:5", 12345678901234567890]')).toEqual(['\u0000int:5', 12345678901234567000]);
  });

  test('invalid JSON still throws', () => {
    expect(() => parseJsonExact('{"a": 12345678901234567890,}')).toThrow(SyntaxError);
  });
});
