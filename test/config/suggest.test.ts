import { describe, expect, it } from 'vitest';
import { editDistance, suggest } from '../../src/config/suggest.js';

describe('suggest', () => {
  it('finds the nearest name within two edits, swaps of neighbours counting as one', () => {
    expect(suggest('header', ['method', 'headers', 'body'])).toBe('headers');
    expect(suggest('lgo', ['log', 'eval'])).toBe('log');
    expect(suggest('githb-verify', ['verify', 'github-verify'])).toBe('github-verify');
    expect(suggest('ENDPOINT', ['server', 'endpoints'])).toBe('endpoints');
  });

  it('suggests nothing for a name three edits away or for the name itself', () => {
    expect(suggest('description', ['method', 'headers', 'body', 'async', 'actions'])).toBeUndefined();
    expect(suggest('srv', ['server'])).toBeUndefined();
    expect(suggest('body', ['body'])).toBeUndefined();
  });

  it('measures edits', () => {
    expect(editDistance('', 'abc')).toBe(3);
    expect(editDistance('kitten', 'sitting')).toBe(3);
    expect(editDistance('ab', 'ba')).toBe(1);
    expect(editDistance('ca', 'abc')).toBe(3);
  });
});
