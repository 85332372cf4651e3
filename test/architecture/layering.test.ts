import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const STATIC_IMPORT = /(?:^|\n)\s*(?:import|export)\s[^'";]*?from\s+['"](\.[^'"]+)['"]/g;
const DYNAMIC_IMPORT = /\bimport\(\s*['"](\.[^'"]+)['"]\s*\)/g;
/** The adapters whose runtime is Node (AWS Lambda runs Node too): they may use the shared Node-family code. */
const NODE_FAMILY = new Set(['adapters/node', 'adapters/lambda']);
const SHARED = 'adapters/node-platform';

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sourceFiles(path) : /\.ts$/.test(name) && !name.endsWith('.d.ts') ? [path] : [];
  });
}

/** `src`, `tools/<name>` or `adapters/<name>`: the unit the rules speak of; else the top folder. */
function layerOf(path: string): string {
  const parts = relative(ROOT, path).split(sep);
  return parts[0] === 'adapters' || parts[0] === 'tools' ? `${parts[0]}/${parts[1]}` : parts[0]!;
}

/**
 * The core imports only itself; an adapter imports the core and its own folder, never another
 * adapter (Node and Lambda also the shared Node-family folder, which imports no adapter); the
 * build tool imports the core. The one edge into tools/ is the Node CLI's `build` command.
 */
function allowed(from: string, to: string): boolean {
  if (to === from || to === 'src') return true;
  if (to === SHARED) return NODE_FAMILY.has(from);
  return from === 'adapters/node' && to === 'tools/build';
}

it('the rules refuse an adapter importing another, the core importing an adapter or a tool, and the shared folder importing an adapter', () => {
  expect(allowed('adapters/lambda', 'adapters/node')).toBe(false);
  expect(allowed('adapters/node', 'adapters/cloudflare')).toBe(false);
  expect(allowed('adapters/cloudflare', SHARED)).toBe(false);
  expect(allowed(SHARED, 'adapters/node')).toBe(false);
  expect(allowed('src', 'adapters/node')).toBe(false);
  expect(allowed('src', 'tools/build')).toBe(false);
  expect(allowed('tools/build', 'adapters/node')).toBe(false);
  expect(allowed('adapters/lambda', SHARED)).toBe(true);
});

it('src/, adapters/ and tools/ import across layers only as the rules allow', () => {
  const files = ['src', 'adapters', 'tools'].flatMap((dir) => sourceFiles(join(ROOT, dir)));
  expect(files.length).toBeGreaterThan(50);
  const offenders = files.flatMap((file) => {
    const text = readFileSync(file, 'utf8');
    return [...text.matchAll(STATIC_IMPORT), ...text.matchAll(DYNAMIC_IMPORT)]
      .map((found) => resolve(dirname(file), found[1]!))
      .filter((target) => !allowed(layerOf(file), layerOf(target)))
      .map((target) => `${relative(ROOT, file)} imports ${relative(ROOT, target)}`);
  });
  expect(offenders).toEqual([]);
});
