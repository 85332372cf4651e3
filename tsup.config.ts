import { readFileSync } from 'node:fs';
import { defineConfig } from 'tsup';

const { version } = JSON.parse(readFileSync('package.json', 'utf8')) as { version: string };

export default defineConfig({
  entry: { cli: 'adapters/node/cli.ts', index: 'adapters/node/index.ts' },
  outDir: 'dist/node',
  format: ['esm'],
  platform: 'node',
  target: 'node20',
  // tsup's declaration build sets baseUrl, which TypeScript 6 deprecates
  dts: { entry: { index: 'adapters/node/index.ts' }, compilerOptions: { ignoreDeprecations: '6.0' } },
  sourcemap: true,
  // not cleaned: tests of other features may be running the CLI from dist/ while it rebuilds
  clean: false,
  define: { __VERSION__: JSON.stringify(version) },
  // The pure-JavaScript dependencies go into the chunks: Node's module loader costs per file, and
  // these are about 200 files (yaml 72, @opentelemetry/api 51, prom-client 32, nunjucks 21), a
  // sixth of the server's start-up (319 → 265 ms to accepting connections, medians of 10). They stay
  // in `dependencies`: `webhook-proxy build` bundles src/ for Lambda and Workers from them. Native or
  // rarely used ones stay outside: better-sqlite3, dockerode and ssh2 (loaded on first use), esbuild.
  noExternal: ['hono', '@hono/node-server', 'yaml', 'nunjucks', 'prom-client', '@octokit/webhooks-methods'],
  // a bundled CommonJS module may require() Node's own modules (nunjucks: events, fs, path)
  banner: { js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);" },
  // tsup's own log lists every chunk and source map (about 90 lines); errors still print
  silent: true,
  onSuccess: async () => {
    console.log(`built dist/node (webhook-proxy ${version})`);
  },
});
