import { rmSync, existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Plugin } from 'esbuild';
import type { ActionDefinition } from '../../src/actions/define-action.js';
import { findActions } from '../../src/actions/find-actions.js';
import { ConfigError } from '../../src/config/config-error.js';
import type { ImportEntry } from '../../src/config/read-imports.js';

/** The package's own entry, which plugins import as `webhook-proxy` (for defineAction and types). */
const PACKAGE_ENTRY = fileURLToPath(new URL('./index.js', import.meta.url));

export interface LoadedModule {
  readonly entry: ImportEntry;
  readonly actions: readonly ActionDefinition<unknown>[];
}

/**
 * Loads the `server.imports` modules (.js, .mjs, .ts, …), paths relative to the
 * config file. Each is bundled on its own with esbuild (TypeScript compiled,
 * `webhook-proxy` resolved to this package) into a uniquely named temporary file,
 * so two modules with the same file name in different folders both load.
 */
export async function loadActionModules(entries: readonly ImportEntry[], configFile: string): Promise<LoadedModule[]> {
  const loaded: LoadedModule[] = [];
  for (const entry of entries) {
    const file = resolve(dirname(configFile), entry.path);
    const fail = (reason: string): never => {
      throw new ConfigError(`Failed to import ${entry.path}: ${reason}`, entry.position, 'server.imports');
    };
    if (!existsSync(file)) fail('no such file');
    const exports = await importBundled(file).catch((error: unknown) => fail(describe(error)));
    const actions = findActions(exports);
    if (actions.length === 0) fail('the module exports no action (export default defineAction({ name, keys, prepare, run }))');
    loaded.push({ entry, actions });
  }
  return loaded;
}

async function importBundled(file: string): Promise<Record<string, unknown>> {
  // esbuild loads only for configs with imports, off every other start
  const { build } = await import('esbuild');
  const result = await build({
    entryPoints: [file],
    bundle: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    write: false,
    logLevel: 'silent',
    plugins: [packageAlias],
    // bundled CommonJS dependencies may require() Node built-ins
    banner: { js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);" },
  });
  const dir = mkdtempSync(join(tmpdir(), 'webhook-proxy-action-'));
  const out = join(dir, 'action.mjs');
  writeFileSync(out, result.outputFiles[0]!.contents);
  try {
    return (await import(pathToFileURL(out).href)) as Record<string, unknown>;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const packageAlias: Plugin = {
  name: 'webhook-proxy-package',
  setup(builder) {
    builder.onResolve({ filter: /^webhook-proxy$/ }, () => ({ path: PACKAGE_ENTRY, external: true }));
  },
};

function describe(error: unknown): string {
  if (error && typeof error === 'object' && 'errors' in error && Array.isArray((error as { errors: unknown[] }).errors)) {
    const [first] = (error as { errors: { text: string; location?: { file: string; line: number; column: number } }[] }).errors;
    if (first) return first.location ? `${first.location.file}:${first.location.line}:${first.location.column + 1}: ${first.text}` : first.text;
  }
  return error instanceof Error ? `(${error.name}) ${error.message}` : String(error);
}
