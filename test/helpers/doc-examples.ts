import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** The README and every page under docs/ (sub-folders included): what a user copies from. */
export function userDocuments(): string[] {
  const pages = readdirSync(join(ROOT, 'docs'), { recursive: true, encoding: 'utf8' }).filter((file) => file.endsWith('.md'));
  return ['README.md', ...pages.sort().map((file) => join('docs', file))];
}

/** Every document of the repository a reader follows links in: the user's, CONTRIBUTING.md and the examples' READMEs. */
export function allDocuments(): string[] {
  const examples = readdirSync(join(ROOT, 'examples'), { recursive: true, encoding: 'utf8' }).filter((file) => file.endsWith('.md'));
  return [...userDocuments(), 'CONTRIBUTING.md', ...examples.sort().map((file) => join('examples', file))];
}

function dedent(text: string): string {
  const indent = Math.min(
    ...text
      .split('\n')
      .filter((line) => line.trim())
      .map((line) => line.match(/^ */)![0].length),
  );
  return text
    .split('\n')
    .map((line) => line.slice(indent))
    .join('\n');
}

const indent = (text: string, by: number) => text.replace(/^(?=.)/gm, ' '.repeat(by));

export interface DocumentExampleOptions {
  /** Points every `directory:` at this folder (the examples' Compose projects are on the reader's machine). */
  composeDirectory?: string;
}

/**
 * Every ```yaml block of the user's documents that configures webhook-proxy, completed into a whole
 * config: whole configs as they are, a `server:` fragment with one endpoint added, `actions:` sections
 * and action lists inside an endpoint. Other YAML (Prometheus, Compose, cloudflared, serverless) is not
 * ours to check. Each is named `<n>: <document> § <heading>`.
 */
export function documentExamples(options: DocumentExampleOptions = {}): [string, string][] {
  let i = 0;
  return userDocuments().flatMap((document) => {
    const markdown = readFileSync(join(ROOT, document), 'utf8');
    const blocks = [...markdown.matchAll(/```yaml\n([\s\S]*?)```/g)].map((found) => found[1]!);
    return blocks.flatMap((block): [string, string][] => {
      const heading = [...markdown.slice(0, markdown.indexOf(block)).matchAll(/^#+ (.+)$/gm)].at(-1)?.[1] ?? '';
      const name = `${i++}: ${document} § ${heading}`;
      let text = dedent(block.replace(/^\.\.\.\n/, ''));
      if (options.composeDirectory !== undefined) text = text.replace(/directory: .*$/gm, `directory: '${options.composeDirectory}'`);
      const first = text.split('\n').find((line) => line.trim() && !line.trim().startsWith('#')) ?? '';
      if (/^server:/m.test(text) && !/^endpoints:/m.test(text)) return [[name, `${text}\nendpoints:\n  - /example:\n      actions:\n        - log: { message: ok }\n`]];
      if (/^(server|endpoints):/m.test(text)) return [[name, text]];
      if (first.startsWith('actions:')) return [[name, `endpoints:\n  - /example:\n${indent(text, 6)}`]];
      if (first.startsWith('- ')) return [[name, `endpoints:\n  - /example:\n      actions:\n${indent(text, 8)}`]];
      return [];
    });
  });
}
