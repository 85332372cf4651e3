import { describe, expect, it } from 'vitest';
import { accepted, refusedAtStartup } from './refused-at-startup.js';

/** Nine levels of nine aliases each: 9^9 (387 million) strings once expanded. */
function billionLaughs(): string {
  const names = 'abcdefghi'.split('');
  const lines = [`a: &a [${Array(9).fill('"lol"').join(', ')}]`];
  for (let i = 1; i < names.length; i++)
    lines.push(
      `${names[i]}: &${names[i]} [${Array(9)
        .fill(`*${names[i - 1]}`)
        .join(', ')}]`,
    );
  return `${lines.join('\n')}\nendpoints:\n  - /hook:\n      body:\n        lol: *i\n`;
}

describe('aliases that expand without bound', () => {
  it('are refused with the alias where the limit was reached, instead of hanging check', async () => {
    expect(await refusedAtStartup(billionLaughs())).toBe(
      'server.yml:6:8 f[0]: aliases expand this file past 100000 nodes or 10 MiB of text (an alias bomb?); the alias "*e" is where the limit was reached',
    );
  });

  it('count text too: one long script aliased many times', async () => {
    const script = 'x'.repeat(100_000);
    const uses = Array.from({ length: 120 }, (_, i) => `  - /hook${i}:\n      actions:\n        - log: { message: *script }`).join('\n');
    expect(await refusedAtStartup(`script: &script ${script}\nendpoints:\n${uses}\n`)).toMatch(
      /^server\.yml:\d+:\d+ endpoints\[\d+\]\.\/hook\d+\.actions\[0\]\.log\.message: aliases expand this file past 100000 nodes or 10 MiB of text/,
    );
  });

  it('leave real configs alone: 500 endpoints sharing nested defaults through merge keys', async () => {
    const base = 'base: &base\n  method: POST\n  headers:\n    X-Token: "^abc$"\n';
    const defaults = 'defaults: &defaults\n  <<: *base\n  body:\n    ref: "^refs/heads/"\n    repository: { full_name: "^me/" }\n  actions:\n    - log: { message: "{{ request.path }}" }\n';
    const endpoints = Array.from({ length: 500 }, (_, i) => `  - /hook${i}:\n      <<: *defaults`).join('\n');
    await accepted(`${base}${defaults}endpoints:\n${endpoints}\n`);
  });
});
