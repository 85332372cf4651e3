import { describe, expect, test } from 'vitest';
import { compileTemplate } from '../../src/templates/index.js';

const render = (src: string, ctx: Record<string, unknown> = {}): string => compileTemplate(src).render(ctx);

describe('Python methods vs real JS methods', () => {
  test("an object's own methods win (bound), e.g. a case-insensitive headers class", () => {
    class Headers {
      private readonly h = new Map([['x-github-event', 'push']]);
      get(name: string, def: unknown = null): unknown {
        return this.h.get(name.toLowerCase()) ?? def;
      }
    }
    expect(render("{{ headers.get('X-GitHub-Event') }} {{ headers.get('Nope', 'd') }}", { headers: new Headers() })).toBe('push d');
  });

  test('a function-valued property of a plain object is used as is', () => {
    const ctx = {
      context: {
        store: {} as Record<string, unknown>,
        set(k: string, v: unknown) {
          this.store[k] = v;
          return null;
        },
      },
    };
    expect(render("{{ context.set('a', 1) }}", ctx)).toBe('None');
    expect(ctx.context.store).toEqual({ a: 1 });
  });

  test('JSON keys named like dict methods: dot gives the method, subscript gives the key (as Jinja)', () => {
    const payload = { items: ['x'], get: 'g', keys: 'k' };
    expect(render("{{ p['items']|join }} {{ p['get'] }} {{ p.get('keys') }} {{ p.keys()|join(',') }}", { p: payload })).toBe('x g k items,get,keys');
  });

  test('a Proxy with a get trap (case-insensitive lookup) works with subscripts', () => {
    const data: Record<string, string> = { 'content-type': 'application/json' };
    const headers = new Proxy(data, { get: (t, k) => (typeof k === 'string' ? t[k.toLowerCase()] : undefined) });
    class Req {
      headers = headers;
    }
    expect(render("{{ r.headers['Content-Type'] }}", { r: new Req() })).toBe('application/json');
  });

  test('string methods', () => {
    expect(render("{{ 'a,b,,c'.split(',') }} {{ ' x '.strip() }} {{ 'xxhixx'.rstrip('x') }} {{ 'a.b'.rsplit('.', 1) }} {{ '{:>3}'.format(7) }}")).toBe('["a","b","","c"] x xxhi ["a","b"]   7');
  });

  test('list methods mutate the list', () => {
    expect(render('{% set l = [3] %}{% set _ = l.append(4) %}{{ l }} {{ l.index(4) }} {{ l.count(3) }}')).toBe('[3,4] 1 1');
  });
});
