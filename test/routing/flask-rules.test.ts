import { describe, expect, it } from 'vitest';
import { compileRoute } from '../../src/routing/flask-rule.js';
import { Router } from '../../src/routing/router.js';

describe('Flask route rules', () => {
  it.each([
    ['/hook/<name>', '/hook/abc', { name: 'abc' }],
    ['/hook/<string:name>', '/hook/a.b', { name: 'a.b' }],
    ['/n/<int:id>', '/n/42', { id: 42 }],
    ['/f/<float:x>', '/f/1.5', { x: 1.5 }],
    ['/p/<path:rest>', '/p/a/b/c', { rest: 'a/b/c' }],
    ['/u/<uuid:id>', '/u/72d3162e-cc78-11e3-81ab-4c9367dc0958', { id: '72d3162e-cc78-11e3-81ab-4c9367dc0958' }],
    ['/a/<any(push, tag):kind>', '/a/tag', { kind: 'tag' }],
    ['/static', '/static', {}],
  ])('%s matches %s', (rule, path, args) => {
    expect(compileRoute(rule).match(path)).toEqual(args);
  });

  it.each([
    ['/n/<int:id>', '/n/abc'],
    ['/n/<int:id>', '/n/-1'],
    ['/f/<float:x>', '/f/1'],
    ['/hook/<name>', '/hook/a/b'],
    ['/hook', '/hook/'],
    ['/u/<uuid:id>', '/u/not-a-uuid'],
    ['/a/<any(push, tag):kind>', '/a/other'],
  ])('%s does not match %s', (rule, path) => {
    expect(compileRoute(rule).match(path)).toBeNull();
  });

  it('matches static rules before dynamic ones, then in config order', () => {
    const router = new Router(['/hooks/<name>', '/hooks/special', '/hooks/<path:rest>'].map((rule) => ({ pattern: compileRoute(rule), value: rule })));
    expect(router.match('/hooks/special')?.value).toBe('/hooks/special');
    expect(router.match('/hooks/other')?.value).toBe('/hooks/<name>');
    expect(router.match('/hooks/a/b')?.value).toBe('/hooks/<path:rest>');
    expect(router.match('/nothing')).toBeNull();
  });

  it.each([['hook'], ['/x/<bogus:y>'], ['/x/<a>/<a>'], ['/x/<unclosed']])('refuses the malformed rule %s', (rule) => {
    expect(() => compileRoute(rule)).toThrow();
  });
});
