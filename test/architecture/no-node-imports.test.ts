import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';

const SRC = fileURLToPath(new URL('../../src', import.meta.url));
const NODE_BUILTINS = /(?:from\s+|import\s*\(\s*|require\s*\(\s*)['"](node:[^'"]+|fs|path|os|child_process|net|http|https|crypto|stream|url|util|process|buffer|events)(?:\/[^'"]*)?['"]/g;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sourceFiles(path) : /\.[cm]?[jt]s$/.test(name) ? [path] : [];
  });
}

it('the core under src/ imports no Node built-in module, so Lambda and Workers can run it', () => {
  const files = sourceFiles(SRC);
  expect(files.length).toBeGreaterThan(20);
  const offenders = files.flatMap((file) => [...readFileSync(file, 'utf8').matchAll(NODE_BUILTINS)].map((found) => `${relative(SRC, file)}: ${found[1]}`));
  expect(offenders).toEqual([]);
});

it('the core reaches the platform only through the runtime interface (no process, Buffer or require)', () => {
  const offenders = sourceFiles(SRC).flatMap((file) => {
    const text = readFileSync(file, 'utf8').replace(/\/\/.*$|\/\*[\s\S]*?\*\//gm, '');
    return [/\bprocess\.(?:env|stdout|stderr|argv|exit)/, /\bBuffer\./, /(?<![.\w])require\(\s*['"`]/]
      .filter((pattern) => pattern.test(text))
      .map((pattern) => `${relative(SRC, file)}: ${pattern.source}`);
  });
  expect(offenders).toEqual([]);
});
