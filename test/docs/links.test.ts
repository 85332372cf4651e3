import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { describe, expect, it } from 'vitest';
import { allDocuments, ROOT } from '../helpers/doc-examples.js';

/** The Markdown outside code (fenced blocks become blank lines, so line numbers hold): code holds examples, not links or headings. */
function prose(markdown: string): string {
  const blankLines = (block: string) => block.replace(/[^\n]/g, '');
  return markdown.replace(/^([^\S\n]*)(`{3,}|~{3,})[^\n]*\n[\s\S]*?^\1\2[^\S\n]*$/gm, blankLines).replace(/`[^`\n]*`/g, (code) => (code.includes('](') ? '' : code));
}

/** GitHub's heading ids: the heading's text, lower-cased, punctuation dropped, spaces made hyphens; repeats get -1, -2, ... */
export function anchors(markdown: string): Set<string> {
  const seen = new Map<string, number>();
  const ids = new Set<string>();
  for (const [, heading] of prose(markdown).matchAll(/^#{1,6}[^\S\n]+(.+?)[^\S\n]*#*[^\S\n]*$/gm)) {
    const text = heading!
      .replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1')
      .replace(/<[^>]+>/g, '')
      .replace(/[`*]/g, '');
    const base = text.toLowerCase().replace(/[^\p{L}\p{N}\p{M} _-]/gu, '').replace(/ /g, '-');
    const count = seen.get(base) ?? 0;
    seen.set(base, count + 1);
    ids.add(count === 0 ? base : `${base}-${count}`);
  }
  return ids;
}

/** Every inline link and image target of a document's prose, with its line. */
function links(markdown: string): { target: string; line: number }[] {
  const text = prose(markdown);
  const found: { target: string; line: number }[] = [];
  for (const match of text.matchAll(/\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g)) {
    found.push({ target: match[1]!, line: text.slice(0, match.index).split('\n').length });
  }
  return found;
}

/** What is wrong with one relative link of `document`, or undefined when it resolves. */
function brokenLink(document: string, target: string): string | undefined {
  if (/^[a-z][a-z0-9+.-]*:/i.test(target)) return undefined; // https:, mailto: ...: not files of the repository
  if (target.startsWith('/')) return 'an absolute path: link relative to the document';
  const [path = '', anchor] = target.split('#', 2) as [string, string | undefined];
  const file = path === '' ? join(ROOT, document) : resolve(ROOT, dirname(document), decodeURIComponent(path));
  const inside = relative(ROOT, file);
  if (inside.startsWith('..') || inside.startsWith(sep)) return 'outside the repository';
  if (!existsSync(file)) return `${inside} does not exist`;
  if (anchor === undefined) return undefined;
  if (!file.endsWith('.md') || statSync(file).isDirectory()) return `an anchor into ${inside}, which is not a Markdown page`;
  if (!anchors(readFileSync(file, 'utf8')).has(decodeURIComponent(anchor).toLowerCase())) return `${inside} has no heading #${anchor}`;
  return undefined;
}

describe('every relative link and #anchor of the documents resolves (GitHub-style heading ids)', () => {
  const documents = allDocuments();
  it('finds the documents', () => expect(documents).toEqual(expect.arrayContaining(['README.md', 'CONTRIBUTING.md', join('docs', 'configuration.md')])));

  it.each(documents)('%s', (document) => {
    const markdown = readFileSync(join(ROOT, document), 'utf8');
    const broken = links(markdown).flatMap(({ target, line }) => {
      const reason = brokenLink(document, target);
      return reason ? [`${document}:${line} (${target}): ${reason}`] : [];
    });
    expect(broken).toEqual([]);
  });
});

describe('the link check itself', () => {
  it('makes GitHub ids of headings with code, punctuation and repeats', () => {
    const ids = anchors('# A `server` key\n## Docker, Compose and Swarm (Node only)\n### Client address: `trust_proxy`\n## Limits\n## Limits\n```sh\n# not a heading\n```\n');
    expect([...ids]).toEqual(['a-server-key', 'docker-compose-and-swarm-node-only', 'client-address-trust_proxy', 'limits', 'limits-1']);
  });

  it('refuses a missing file, a missing anchor, an absolute path and a path out of the repository', () => {
    expect(brokenLink('README.md', 'docs/nope.md')).toBe(`${join('docs', 'nope.md')} does not exist`);
    expect(brokenLink('README.md', '#no-such-heading')).toBe('README.md has no heading #no-such-heading');
    expect(brokenLink('README.md', '/work/shared/spec/decisions.md')).toMatch(/absolute path/);
    expect(brokenLink(join('docs', 'configuration.md'), '../../shared/spec/decisions.md')).toBe('outside the repository');
    expect(brokenLink(join('docs', 'configuration.md'), '../README.md')).toBeUndefined();
  });

  it('skips links inside code', () => expect(links('`[a](nope.md)`\n```md\n[b](nope.md)\n```\n[c](yes.md)\n')).toEqual([{ target: 'yes.md', line: 5 }]));
});

describe('no document refers to files outside the repository', () => {
  // what a reader of a clone cannot open: the team's shared folder, this machine's paths
  const OUTSIDE = [/\.\.\/shared\b/, /(^|[\s`'"(])\/work\//m, /\/shared\/spec\b/];
  const files = [...allDocuments(), 'server.yml', 'serverless.yml', 'wrangler.toml', 'package.json'];
  it.each(files)('%s', (file) => {
    const text = readFileSync(join(ROOT, file), 'utf8');
    expect(OUTSIDE.flatMap((pattern) => text.match(pattern)?.[0] ?? [])).toEqual([]);
  });
});
