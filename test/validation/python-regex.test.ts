import { describe, expect, it } from 'vitest';
import { compilePythonRegex, matchesAtStart } from '../../src/validation/python-regex.js';

const matches = (rule: string, value: string) => matchesAtStart(compilePythonRegex(rule), value);

describe('rules are Python regexes matched at the start of the value (re.match)', () => {
  it('matches at the start and need not reach the end', () => {
    expect(matches('push', 'pushed')).toBe(true);
    expect(matches('push', 'a push')).toBe(false);
    expect(matches('^(src/.+)?', 'anything at all')).toBe(true);
  });

  it("keeps Python's $ that also matches before one trailing newline", () => {
    expect(matches('^abc$', 'abc')).toBe(true);
    expect(matches('^abc$', 'abc\n')).toBe(true);
    expect(matches('^abc$', 'abc\n\n')).toBe(false);
    expect(matches('[$]', '$')).toBe(true);
  });

  it('translates named groups and backreferences', () => {
    expect(matches('(?P<word>[a-z]+)-(?P=word)$', 'abc-abc')).toBe(true);
    expect(matches('(?P<word>[a-z]+)-(?P=word)$', 'abc-abd')).toBe(false);
  });

  it('translates \\A, \\Z, {,n}, comments and leading inline flags', () => {
    expect(matches('\\Aabc\\Z', 'abc')).toBe(true);
    expect(matches('abc\\Z', 'abc\n')).toBe(false);
    expect(matches('a{,2}b$', 'aab')).toBe(true);
    expect(matches('a(?#a comment)b', 'ab')).toBe(true);
    expect(matches('(?i)PUSH', 'push')).toBe(true);
  });

  it('accepts escapes Python allows but JavaScript unicode mode would not', () => {
    expect(matches('^[0-9a-f\\-]+$', 'ab-12')).toBe(true);
    expect(matches('^a\\-b', 'a-b')).toBe(true);
  });

  it.each([
    ['(?(1)a|b)', /conditional groups/],
    ['(?>a)', /atomic groups/],
    ['a++', /possessive/],
    ['(?x) a b', /verbose/],
    ['a(?i)b', /inline flags/],
    ['(unclosed', /invalid regular expression/],
  ])('refuses %s with a reason', (rule, reason) => {
    expect(() => compilePythonRegex(rule)).toThrow(reason);
  });
});
