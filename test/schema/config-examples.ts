import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** server.yml and every config under examples/ (not the Compose file examples/docker-compose.yml). */
export function exampleFiles(): string[] {
  const examples = readdirSync(join(ROOT, 'examples'), { recursive: true, encoding: 'utf8' })
    .filter((file) => /\.ya?ml$/.test(file))
    .map((file) => join('examples', file))
    .filter((file) => file !== join('examples', 'docker-compose.yml'));
  return ['server.yml', ...examples].map((file) => relative(ROOT, join(ROOT, file)));
}

function dedent(text: string): string {
  const indent = Math.min(...text.split('\n').filter((line) => line.trim()).map((line) => line.match(/^ */)![0].length));
  return text.split('\n').map((line) => line.slice(indent)).join('\n');
}

const indent = (text: string, by: number) => text.replace(/^(?=.)/gm, ' '.repeat(by));

/**
 * The ```yaml blocks of README.md and docs/ that configure webhook-proxy, completed into whole
 * configs the way test/docs/readme-examples.test.ts completes them for `check`.
 */
export function documentExamples(): [string, string][] {
  const documents = ['README.md', ...readdirSync(join(ROOT, 'docs'), { recursive: true, encoding: 'utf8' }).filter((file) => file.endsWith('.md')).map((file) => join('docs', file))];
  let i = 0;
  return documents.flatMap((document) => {
    const markdown = readFileSync(join(ROOT, document), 'utf8');
    const blocks = [...markdown.matchAll(/```yaml\n([\s\S]*?)```/g)].map((found) => found[1]!);
    return blocks.flatMap((block): [string, string][] => {
      const heading = [...markdown.slice(0, markdown.indexOf(block)).matchAll(/^#+ (.+)$/gm)].at(-1)?.[1] ?? '';
      const name = `${i++}: ${document} § ${heading}`;
      const text = dedent(block.replace(/^\.\.\.\n/, ''));
      const first = text.split('\n').find((line) => line.trim() && !line.trim().startsWith('#')) ?? '';
      if (/^server:/m.test(text) && !/^endpoints:/m.test(text)) return [[name, `${text}\nendpoints:\n  - /example:\n      actions:\n        - log: { message: ok }\n`]];
      if (/^(server|endpoints):/m.test(text)) return [[name, text]];
      if (first.startsWith('actions:')) return [[name, `endpoints:\n  - /example:\n${indent(text, 6)}`]];
      if (first.startsWith('- ')) return [[name, `endpoints:\n  - /example:\n      actions:\n${indent(text, 8)}`]];
      return [];
    });
  });
}
