import { describe, expect, it } from 'vitest';
import { BACKTRACKING_INPUT_LIMIT, compilePythonRegex } from '../../src/validation/python-regex.js';

// The linear-time engine must answer exactly as the backtracking one (JavaScript's RegExp over the
// translated rule, what every rule ran on before) for every rule it takes. Compared on random
// rules and values: a seeded generator, so a failure reproduces.
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state * 1664525 + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

const ATOMS = ['a', 'b', 'A', '1', ' ', '.', '\\d', '\\w', '\\s', '\\W', '[ab]', '[^a]', '[a-c1]', '[\\-a]', '[]a]', '\\n', '\\x61', '\\.'];
const ASSERTIONS = ['^', '$', '\\b', '\\B', '\\A', '\\Z'];
const QUANTIFIERS = ['', '', '', '*', '+', '?', '{2}', '{1,3}', '{,2}', '{2,}', '*?', '+?'];

function randomRule(next: () => number, depth = 0): string {
  const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)]!;
  let out = '';
  const length = 1 + Math.floor(next() * 4);
  for (let i = 0; i < length; i++) {
    const roll = next();
    if (roll < 0.15) out += pick(ASSERTIONS);
    else if (roll < 0.35 && depth < 2) out += `${pick(['(', '(?:', '(?P<g>'])}${randomRule(next, depth + 1)}${next() < 0.4 ? `|${randomRule(next, depth + 1)}` : ''})${pick(QUANTIFIERS)}`;
    else out += pick(ATOMS) + pick(QUANTIFIERS);
  }
  return out;
}

function randomValue(next: () => number): string {
  const chars = ['a', 'b', 'A', 'B', '1', ' ', '\n', '-', ']', '.', 'é'];
  let out = '';
  // long enough for the DFA to read most of a value before the NFA takes the last two characters
  const length = Math.floor(next() * 14);
  for (let i = 0; i < length; i++) out += chars[Math.floor(next() * chars.length)];
  return out;
}

/** The backtracking engine on the same rule, as the fallback builds it. */
function backtracking(rule: string): (value: string) => boolean {
  const viaLookahead = compilePythonRegex(`${rule}(?=)`);
  expect(viaLookahead.linear).toBe(false);
  return (value) => viaLookahead.test(value);
}

describe('the linear-time rule engine', () => {
  it('answers like the backtracking engine on random rules, values and flags', () => {
    const next = random(12);
    let compared = 0;
    for (let n = 0; n < 1500; n++) {
      const flags = ['', '(?i)', '(?m)', '(?s)', '(?ims)'][n % 5]!;
      const rule = flags + randomRule(next);
      let linear;
      try {
        linear = compilePythonRegex(rule);
      } catch {
        continue; // e.g. a quantified assertion: refused the same way by both
      }
      expect(linear.linear, rule).toBe(true);
      const reference = backtracking(rule);
      for (let v = 0; v < 12; v++) {
        const value = randomValue(next);
        expect(linear.test(value), `${JSON.stringify(rule)} on ${JSON.stringify(value)}`).toBe(reference(value));
        compared++;
      }
    }
    expect(compared).toBeGreaterThan(10_000);
  });

  it('matches a crafted value against (a+)+$ without backtracking, at any length', () => {
    const rule = compilePythonRegex('(a+)+$');
    expect(rule.linear).toBe(true);
    expect(rule.test(`${'a'.repeat(60)}!`)).toBe(false);
    expect(rule.test(`${'a'.repeat(100_000)}!`)).toBe(false);
    expect(rule.test('a'.repeat(100_000))).toBe(true);
    expect(compilePythonRegex('(x+x+)+y').test('x'.repeat(5000))).toBe(false);
  });

  it('keeps the backtracking engine for backreferences and lookaround, on values up to the limit only', () => {
    for (const rule of ['(?P<w>[a-z]+)-(?P=w)$', '(a)\\1', 'a(?=b)', 'a(?!b)', '(?<=a)b', '(?<!a)b']) {
      expect(compilePythonRegex(rule).linear, rule).toBe(false);
    }
    const rule = compilePythonRegex('(?P<w>a+)-(?P=w)$');
    const half = 'a'.repeat(BACKTRACKING_INPUT_LIMIT / 2 - 1);
    expect(rule.test(`${half}-${half}`)).toBe(true);
    const over = 'a'.repeat(BACKTRACKING_INPUT_LIMIT / 2);
    expect(rule.test(`${over}-${over}`)).toBe(false);
  });

  it('reads Python syntax the JavaScript translation handled: $ before a final newline, \\A, \\Z, {,n}, (?i), a leading ]', () => {
    const cases: Array<[string, string, boolean]> = [
      ['^abc$', 'abc\n', true],
      ['^abc$', 'abc\n\n', false],
      ['(?m)^b$', 'a\nb\nc', false],
      ['(?m)a$\nb', 'a\nb', true],
      ['abc\\Z', 'abc\n', false],
      ['\\Aabc\\Z', 'abc', true],
      ['a{,2}b$', 'aab', true],
      ['a{,2}b$', 'aaab', false],
      ['(?i)PUSH', 'push', true],
      ['[]a]+$', ']a]', true],
      ['[^]a]', ']', false],
      ['a.c', 'a\nc', false],
      ['(?s)a.c', 'a\nc', true],
      ['refs/heads/(main|release-\\d+)$', 'refs/heads/release-12', true],
      ['a{', 'a{', true],
    ];
    for (const [rule, value, expected] of cases) {
      const compiled = compilePythonRegex(rule);
      expect(compiled.linear, rule).toBe(true);
      expect(compiled.test(value), `${rule} on ${JSON.stringify(value)}`).toBe(expected);
    }
  });
});
