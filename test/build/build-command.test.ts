import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { builtinActions } from '../../src/actions/builtin-actions.js';
import { buildBundle } from '../helpers/build-bundle.js';
import { runCli, tempDir, writeConfig } from '../helpers/cli.js';

const PORTABLE = `
endpoints:
  - /hook:
      actions:
        - log:
            message: 'got {{ request.json.ref }}'
`;
const WITH_DOCKER = `
endpoints:
  - /hook:
      actions:
        - log:
            message: ok
  - /deploy:
      actions:
        - docker:
            $containers:
              $list:
            output: '{{ result }}'
`;

describe('webhook-proxy build', () => {
  it('writes DIR/index.mjs for lambda with no YAML parser and no template compiler inside', async () => {
    const out = join(tempDir(), 'out');
    const built = await buildBundle({ target: 'lambda', configFile: writeConfig(PORTABLE), outDir: out, warn: () => {} });
    expect(built.file).toBe(join(out, 'index.mjs'));
    expect(built.bytes).toBe(statSync(built.file).size);
    const inputs = built.inputs.join('\n');
    expect(inputs).toContain('nunjucks/browser/nunjucks-slim.js');
    expect(inputs).not.toMatch(/node_modules\/yaml\//);
    expect(inputs).not.toMatch(/nunjucks\/index\.js|nunjucks\/src\/compiler/);
    // the config loader stays out; its error type (a start-up check of the function's variables) may come
    expect(inputs).not.toMatch(/src\/templates\/(compile|jinja-syntax)\.ts|src\/config\/(?!config-error\.ts)/);
    expect(readFileSync(built.file, 'utf8')).toMatch(/export\s*\{[^}]*\bhandler\b/);
  });

  it('carries only the built-in actions the config uses', async () => {
    for (const target of ['lambda', 'cloudflare'] as const) {
      const built = await buildBundle({ target, configFile: writeConfig(PORTABLE), outDir: join(tempDir(), 'out'), warn: () => {} });
      const actionNames = new Set(builtinActions.map((action) => `src/actions/${action.name}.ts`));
      const actions = built.inputs.filter((input) => actionNames.has(input));
      // log is named; on Lambda the metrics observer tells its actions apart by the metrics action, so it comes too
      expect(actions.sort(), target).toEqual(target === 'lambda' ? ['src/actions/log.ts', 'src/actions/metrics.ts'] : ['src/actions/log.ts']);
    }
  });

  it('defaults to dist/<target>/ in the working folder and prints the size', async () => {
    const dir = tempDir();
    const config = writeConfig(PORTABLE);
    const result = await runCli(['build', '--target', 'lambda', config], { cwd: dir, timeoutMs: 30_000 });
    expect(result.code).toBe(0);
    expect(existsSync(join(dir, 'dist', 'lambda', 'index.mjs'))).toBe(true);
    expect(result.stdout).toMatch(/built .*dist\/lambda\/index\.mjs \(\d+ bytes, target lambda\)/);
  });

  it('refuses a docker action for lambda, naming the endpoint, the action and the relay pattern; check agrees', async () => {
    const config = writeConfig(WITH_DOCKER);
    const out = join(tempDir(), 'out');
    const built = await runCli(['build', '--target', 'lambda', config, '--out', out], { timeoutMs: 30_000 });
    expect(built.code).toBe(1);
    expect(built.stderr).toMatch(/endpoints\[1\]\.\/deploy\.actions\[0\]\.docker: the "docker" action cannot run on lambda/);
    expect(built.stderr).toMatch(/Edge relay/);
    expect(existsSync(out)).toBe(false);
    const checked = await runCli(['check', config, '--target', 'lambda']);
    expect([checked.code, checked.stderr]).toEqual([1, built.stderr]);
    expect((await runCli(['check', writeConfig(PORTABLE), '--target', 'lambda'])).code).toBe(0);
  });

  it.each([
    [['build', 'server.yml'], /build needs --target/],
    [['build', '--target', 'node'], /--target must be one of lambda, cloudflare/],
    [['build', '--target', 'lambda', 'a.yml', 'b.yml'], /at most one config file/],
    [['build', '--target', 'lambda', '--out'], /--out needs a folder/],
    [['build', '--target', 'lambda', '--minify'], /unknown option --minify/],
  ])('usage error for %j exits 2', async (args, message) => {
    const result = await runCli(args);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(message);
    expect(result.stderr).toContain('webhook-proxy build --target lambda|cloudflare');
  });
});
