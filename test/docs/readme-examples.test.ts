import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runCli, writeConfig } from '../helpers/cli.js';

const README = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');

/** Every ```yaml block of the README: whole configs as they are, action lists inside an endpoint. */
function examples(): [string, string][] {
  const blocks = [...README.matchAll(/```yaml\n([\s\S]*?)```/g)].map((found) => found[1]!);
  return blocks.map((block, i) => {
    const heading = [...README.slice(0, README.indexOf(block)).matchAll(/^#+ (.+)$/gm)].at(-1)?.[1] ?? '';
    if (/^\s*(server|endpoints):/m.test(block)) return [`${i}: ${heading}`, block];
    const indented = block.replace(/^/gm, '      ');
    return [`${i}: ${heading}`, `endpoints:\n  - /example:\n      actions:\n${indented}`];
  });
}

/** Runs `webhook-proxy check`; examples with imports name files relative to a config at the repository's root. */
async function checkExample(name: string, yaml: string) {
  if (!/imports:/.test(yaml)) return runCli(['check', writeConfig(yaml)]);
  const file = fileURLToPath(new URL(`../../.readme-example-${name.split(':')[0]}.yml`, import.meta.url));
  writeFileSync(file, yaml);
  try {
    return await runCli(['check', file]);
  } finally {
    rmSync(file);
  }
}

describe('the README examples are valid configurations', () => {
  const cases = examples();
  it('finds the examples', () => expect(cases.length).toBeGreaterThanOrEqual(6));

  it.each(cases)('%s', async (name, yaml) => {
    const result = await checkExample(name, yaml);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
  });
});
