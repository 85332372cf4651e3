import { readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runCli, tempDir, writeConfig } from '../helpers/cli.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
/** The README and every page under docs/: what a user copies from. */
const DOCUMENTS = ['README.md', ...readdirSync(join(ROOT, 'docs'), { recursive: true, encoding: 'utf8' }).filter((file) => file.endsWith('.md')).map((file) => join('docs', file))];

/** A Compose project the examples' `directory:` values are pointed at (the real ones are on the reader's machine). */
const COMPOSE_PROJECT = tempDir();
writeFileSync(join(COMPOSE_PROJECT, 'docker-compose.yml'), 'services:\n  app:\n    image: example/app:latest\n');

function dedent(text: string): string {
  const indent = Math.min(...text.split('\n').filter((line) => line.trim()).map((line) => line.match(/^ */)![0].length));
  return text.split('\n').map((line) => line.slice(indent)).join('\n');
}

const indent = (text: string, by: number) => text.replace(/^(?=.)/gm, ' '.repeat(by));

/**
 * Every ```yaml block of the README that configures webhook-proxy: whole configs as they are,
 * `actions:` sections and action lists inside an endpoint. Other YAML (Prometheus, Compose,
 * cloudflared) is not ours to check.
 */
function examples(): [string, string][] {
  let i = 0;
  return DOCUMENTS.flatMap((document) => examplesOf(document, readFileSync(join(ROOT, document), 'utf8'), () => i++));
}

function examplesOf(document: string, markdown: string, next: () => number): [string, string][] {
  const blocks = [...markdown.matchAll(/```yaml\n([\s\S]*?)```/g)].map((found) => found[1]!);
  return blocks.flatMap((block): [string, string][] => {
    const heading = [...markdown.slice(0, markdown.indexOf(block)).matchAll(/^#+ (.+)$/gm)].at(-1)?.[1] ?? '';
    const name = `${next()}: ${document} § ${heading}`;
    const text = dedent(block.replace(/^\.\.\.\n/, '')).replace(/directory: .*$/gm, `directory: '${COMPOSE_PROJECT}'`);
    const first = text.split('\n').find((line) => line.trim() && !line.trim().startsWith('#')) ?? '';
    // a `server:` fragment is checked with one endpoint added
    if (/^server:/m.test(text) && !/^endpoints:/m.test(text)) return [[name, `${text}\nendpoints:\n  - /example:\n      actions:\n        - log: { message: ok }\n`]];
    if (/^(server|endpoints):/m.test(text)) return [[name, text]];
    if (first.startsWith('actions:')) return [[name, `endpoints:\n  - /example:\n${indent(text, 6)}`]];
    if (first.startsWith('- ')) return [[name, `endpoints:\n  - /example:\n      actions:\n${indent(text, 8)}`]];
    return [];
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

describe('the examples of the README and docs/ are valid configurations', () => {
  const cases = examples();
  it('finds the examples', () => expect(cases.length).toBeGreaterThanOrEqual(15));

  it.each(cases)('%s', async (name, yaml) => {
    const result = await checkExample(name, yaml);
    // the deprecated docker-swarm action says so at start, as the original did; secrets the
    // examples read with read_config are not set here, and check names them
    const unexpected = result.stderr.replace(/^The docker-swarm action is deprecated.*\n/gm, '').replace(/^warning: configuration key "\w+" is not set .*\n/gm, '');
    expect(unexpected).toBe('');
    expect(result.code).toBe(0);
  });
});
