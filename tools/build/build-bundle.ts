/**
 * `webhook-proxy build --target lambda|cloudflare`: one ESM file holding the config as data, its
 * templates precompiled, the target's adapter and the core. The config, loaded by the CLI, is
 * checked for the target here, at build time, so the bundle starts without a YAML parser or a template compiler.
 */
import { mkdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, type BuildOptions, type Plugin } from 'esbuild';
import { builtinActions } from '../../src/actions/builtin-actions.js';
import { BUNDLE_TARGETS, type BundleTarget } from '../../src/bundle/bundle-targets.js';
import { checkBundle } from '../../src/bundle/check-bundle.js';
import type { ServerConfig } from '../../src/config/server-config.js';
import { precompileTemplates } from '../../src/templates/precompile.js';

export interface BuildBundleOptions {
  target: BundleTarget;
  /** The loaded config (the CLI loads it: the build tool reads no YAML of its own). */
  config: ServerConfig;
  /** Where the config came from: server.imports are relative to its folder. */
  configFile: string;
  outDir: string;
}

export interface BuiltBundle {
  /** The written file. */
  file: string;
  bytes: number;
  /** Source files in the bundle, relative to the package root (what tests check for YAML or the compiler). */
  inputs: string[];
}

interface TargetSettings {
  /** The output file's name in outDir. */
  file: string;
  /** How the generated entry exports what `start` returns. */
  exportLine: string;
  esbuild: BuildOptions;
}

const TARGETS: Record<BundleTarget, TargetSettings> = {
  lambda: {
    file: 'index.mjs',
    exportLine: 'export const handler = start({ data, templates, actions, plugins });',
    esbuild: {
      platform: 'node',
      // serverless.yml's runtime, nodejs22.x: the maintained LTS
      target: 'node22',
      // the Lambda Node.js runtime ships AWS SDK v3; it is imported on the first async request only
      external: ['@aws-sdk/*'],
      // bundled CommonJS dependencies may require() Node built-ins
      banner: { js: "import { createRequire as __webhookProxyRequire } from 'node:module'; const require = __webhookProxyRequire(import.meta.url);" },
    },
  },
  cloudflare: {
    file: 'worker.js',
    exportLine: 'export default start({ data, templates, actions, plugins });',
    esbuild: {
      platform: 'browser',
      target: 'es2022',
      conditions: ['workerd', 'worker', 'browser'],
      external: ['cloudflare:*', 'node:*'],
    },
  },
};

/** The package root (holds src/ and adapters/), from this file in tools/build/ or dist/node/. */
function packageRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    try {
      const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { name?: string };
      if (manifest.name === 'webhook-proxy') return dir;
    } catch {
      // no package.json here; keep climbing
    }
    const parent = dirname(dir);
    if (parent === dir) throw new Error('cannot find the webhook-proxy package root (its package.json)');
    dir = parent;
  }
}

export async function buildBundle(options: BuildBundleOptions): Promise<BuiltBundle> {
  const settings = TARGETS[options.target];
  if (!settings) throw new Error(`unknown build target "${String(options.target)}" (known: ${BUNDLE_TARGETS.join(', ')})`);
  const config = options.config;
  const { data, templates } = checkBundle(config, options.target);
  const templatesModule = precompileTemplates(templates);

  const root = packageRoot();
  const entry = join(root, 'adapters', options.target, 'bundle-entry.ts');
  const version = (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string }).version;
  const plugins = config.server.imports.map((path) => resolve(dirname(options.configFile), path));
  const actions = usedBuiltinActions(config).map((name) => join(root, 'src', 'actions', `${name}.ts`));
  const generated: Plugin = {
    name: 'webhook-proxy-generated',
    setup(b) {
      b.onResolve({ filter: /^webhook-proxy:(config|templates)$/ }, (args) => ({ path: args.path, namespace: 'webhook-proxy-generated' }));
      b.onLoad({ filter: /.*/, namespace: 'webhook-proxy-generated' }, (args) =>
        args.path === 'webhook-proxy:config' ? { contents: JSON.stringify(data), loader: 'json' } : { contents: templatesModule, loader: 'js' },
      );
    },
  };
  const outDir = resolve(options.outDir);
  mkdirSync(outDir, { recursive: true });
  const file = join(outDir, settings.file);
  const result = await build({
    ...settings.esbuild,
    stdin: {
      contents: [
        `import { start } from ${JSON.stringify(entry)};`,
        `import { findActions } from ${JSON.stringify(join(root, 'src', 'actions', 'find-actions.ts'))};`,
        "import data from 'webhook-proxy:config';",
        "import templates from 'webhook-proxy:templates';",
        ...actions.map((path, i) => `import action${i} from ${JSON.stringify(path)};`),
        `const actions = [${actions.map((_path, i) => `action${i}`).join(', ')}];`,
        ...plugins.map((path, i) => `import * as plugin${i} from ${JSON.stringify(path)};`),
        `const plugins = [${plugins.map((_path, i) => `plugin${i}`).join(', ')}].flatMap(findActions);`,
        settings.exportLine,
      ].join('\n'),
      resolveDir: root,
      sourcefile: `webhook-proxy-${options.target}-entry.js`,
      loader: 'js',
    },
    bundle: true,
    format: 'esm',
    minify: true,
    legalComments: 'none',
    outfile: file,
    metafile: true,
    logLevel: 'silent',
    // a Worker without server.queue leaves the queue journal's code out (adapters/cloudflare/worker-runtime.ts)
    define: { __VERSION__: JSON.stringify(version), __WORKER_QUEUES__: JSON.stringify(config.server.queue !== null) },
    plugins: [generated, userModules(root, options.target)],
  }).catch((error: unknown) => {
    throw new Error(`bundling for ${options.target} failed: ${describeBuildError(error)}`);
  });
  return { file, bytes: statSync(file).size, inputs: Object.keys(result.metafile.inputs) };
}

/**
 * The built-in actions the config names, each the default export of src/actions/<name>.ts (a
 * test holds every built-in action to that file name).
 */
function usedBuiltinActions(config: ServerConfig): string[] {
  const builtin = new Set(builtinActions.map((action) => action.name));
  return [...new Set(config.endpoints.flatMap((endpoint) => endpoint.actions.map((action) => action.type)).filter((name) => builtin.has(name)))].sort();
}

const NODE_BUILTIN =
  /^(node:.*|assert|buffer|child_process|cluster|crypto|dgram|dns|events|fs|fs\/promises|http|http2|https|module|net|os|path|process|readline|stream|tls|tty|url|util|v8|vm|worker_threads|zlib)$/;

/**
 * User modules (server.imports) import `webhook-proxy` as the package: in a bundle that is the
 * core. A Worker has no Node built-ins, so a user module that imports one is refused, by name.
 */
function userModules(root: string, target: BundleTarget): Plugin {
  return {
    name: 'webhook-proxy-user-modules',
    setup(b) {
      b.onResolve({ filter: /^webhook-proxy$/ }, () => ({ path: join(root, 'src', 'index.ts') }));
      if (target !== 'cloudflare') return;
      b.onResolve({ filter: NODE_BUILTIN }, (args) => {
        const ours = ['src', 'adapters', 'node_modules'].some((dir) => args.importer.startsWith(join(root, dir) + '/'));
        if (!args.importer || ours) return undefined;
        return {
          errors: [{ text: `${args.importer} imports "${args.path}", which Cloudflare Workers do not have: run this action on a Node relay (see "Edge relay" in the README)` }],
        };
      });
    },
  };
}

function describeBuildError(error: unknown): string {
  const first = (error as { errors?: { text: string }[] } | null)?.errors?.[0];
  if (first) return first.text;
  return error instanceof Error ? error.message : String(error);
}
