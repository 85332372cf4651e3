import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { Miniflare } from 'miniflare';
import { describe, expect, it } from 'vitest';
import { buildBundle } from '../helpers/build-bundle.js';
import { runCli, tempDir, writeConfig } from '../helpers/cli.js';
import { COMPATIBILITY_DATE } from './worker-harness.js';

const EXAMPLE = join(import.meta.dirname, '../../examples/edge-relay/worker.yml');
const GZIP_BUDGET = 60 * 1024;

describe('webhook-proxy build --target cloudflare', () => {
  it('refuses execute and the docker family, naming the endpoint, the action and the relay pattern', async () => {
    const configs = {
      execute: `endpoints:\n  - /deploy:\n      actions:\n        - log: { message: first }\n        - execute: { command: 'make deploy' }\n`,
      docker: `endpoints:\n  - /restart:\n      actions:\n        - docker:\n            $containers:\n              $list:\n                all: true\n`,
    };
    for (const [action, yaml] of Object.entries(configs)) {
      const configFile = writeConfig(yaml);
      const refused = buildBundle({ target: 'cloudflare', configFile, outDir: tempDir(), warn: () => undefined });
      await expect(refused).rejects.toThrow(`the "${action}" action cannot run on cloudflare`);
      const error = await refused.then(
        () => new Error('it built'),
        (e: Error) => e,
      );
      expect(error.message).toMatch(/server\.yml:\d+:\d+/);
      expect(error.message).toContain(action === 'execute' ? 'endpoints[0]./deploy.actions[1].execute' : 'endpoints[0]./restart.actions[0].docker');
      expect(error.message).toMatch(/Forward the request to a webhook-proxy on Node with an "http" action.*Edge relay/);
    }
  });

  it('the CLI writes DIR/worker.js, and refuses execute with exit 1', async () => {
    const outDir = tempDir();
    const built = await runCli(['build', '--target', 'cloudflare', EXAMPLE, '--out', outDir], { timeoutMs: 30_000 });
    expect(built.code, built.stderr).toBe(0);
    expect(existsSync(join(outDir, 'worker.js'))).toBe(true);
    const refused = await runCli(['build', '--target', 'cloudflare', writeConfig('endpoints:\n  - /x:\n      actions:\n        - execute: { command: date }\n'), '--out', tempDir()], {
      timeoutMs: 30_000,
    });
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('the "execute" action cannot run on cloudflare');
  }, 90_000);

  it('bundles no YAML parser and no template compiler, and the shipped example stays under 60 KB gzipped', async () => {
    const configFile = EXAMPLE;
    const outDir = tempDir();
    const built = await buildBundle({ target: 'cloudflare', configFile, outDir, warn: () => undefined });
    const forbidden = built.inputs.filter((input) =>
      /node_modules\/yaml\/|node_modules\/nunjucks\/(?!browser\/nunjucks-slim)|src\/config\/(load-config|settings|yaml-source)|src\/templates\/(compile|jinja-syntax|precompile)\.ts/.test(input),
    );
    expect(forbidden).toEqual([]);
    expect(built.inputs).toContain('node_modules/nunjucks/browser/nunjucks-slim.js');
    const gzipped = gzipSync(readFileSync(built.file)).length;
    console.log(`examples/edge-relay/worker.yml → worker.js: ${built.bytes} bytes, ${gzipped} bytes gzipped`);
    expect(gzipped).toBeLessThan(GZIP_BUDGET);
  });

  it('workerd, as Miniflare runs it here, refuses eval: what the template tests in workerd rely on', async () => {
    const mf = new Miniflare({
      modules: true,
      compatibilityDate: COMPATIBILITY_DATE,
      script: 'export default { fetch() { try { new Function("return 1")(); return new Response("eval allowed"); } catch (e) { return new Response(e.name); } } };',
    });
    try {
      expect(await (await mf.dispatchFetch('http://worker.test/')).text()).toBe('EvalError');
    } finally {
      await mf.dispose();
    }
  });

  it('wrangler deploy --dry-run runs the custom build of wrangler.toml and takes worker.js as it is', () => {
    const outdir = tempDir();
    const root = join(import.meta.dirname, '../..');
    const result = spawnSync('npx', ['wrangler', 'deploy', '--dry-run', '--outdir', outdir], {
      cwd: root,
      env: { ...process.env, WRANGLER_SEND_METRICS: 'false', CI: 'true', NO_COLOR: '1' },
      encoding: 'utf8',
      timeout: 120_000,
    });
    const output = `${result.stdout}\n${result.stderr}`;
    expect(result.status, output).toBe(0);
    expect(output).toContain('[custom build] Running: node dist/node/cli.js build --target cloudflare');
    expect(output).toMatch(/--dry-run: exiting now/);
    expect(readFileSync(join(outdir, 'worker.js'), 'utf8')).toBe(readFileSync(join(root, 'dist/cloudflare/worker.js'), 'utf8'));
  }, 150_000);
});
