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
  // tsup's own log lists every chunk and source map (about 90 lines); errors still print
  silent: true,
  onSuccess: async () => {
    console.log(`built dist/node (webhook-proxy ${version})`);
  },
});
