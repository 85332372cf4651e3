// Figures of the edge bundles made by `webhook-proxy build --target lambda|cloudflare`:
// the Lambda bundle's cold start and the Worker bundle's gzipped size. Each returns
// { available: false, reason } while the CLI cannot build that target yet.
import { execFile } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { GITHUB_SECRET, PORTABLE_ENDPOINTS, serverConfig } from './scenarios.mjs';
import { median } from './stats.mjs';
import { tempFolder } from './temp-folder.mjs';

const CLI = fileURLToPath(new URL('../dist/node/cli.js', import.meta.url));
const COLD_START = fileURLToPath(new URL('./lambda-cold-start.mjs', import.meta.url));

function run(file, args, env = {}) {
  return new Promise((resolve) => {
    execFile(file, args, { env: { ...process.env, ...env }, maxBuffer: 64 * 1024 * 1024, timeout: 120_000 }, (error, stdout, stderr) => resolve({ ok: !error, stdout, stderr, error }));
  });
}

/** Builds the portable scenario endpoints for a target; returns the output folder or why not. */
async function build(target) {
  const dir = tempFolder(`webhook-proxy-bench-${target}-`);
  const config = join(dir, 'server.yml');
  writeFileSync(config, serverConfig(0, PORTABLE_ENDPOINTS));
  const out = join(dir, 'out');
  const built = await run(process.execPath, [CLI, 'build', '--target', target, config, '--out', out]);
  if (!built.ok) {
    const why = (built.stderr || built.stdout || String(built.error)).trim().split('\n')[0];
    return { available: false, reason: `\`webhook-proxy build --target ${target}\` failed: ${why}` };
  }
  return { available: true, out };
}

/** Median cold start (fresh process: import + first answer) of the Lambda bundle over `runs`. */
export async function lambdaColdStart(scenario, runs) {
  const built = await build('lambda');
  if (!built.available) return built;
  const bundle = join(built.out, 'index.mjs');
  if (!existsSync(bundle)) return { available: false, reason: `the build wrote no ${bundle}` };
  const samples = [];
  for (let i = 0; i < runs; i++) {
    const result = await run(process.execPath, [COLD_START, bundle, scenario.bodyFile, JSON.stringify(scenario.headers), scenario.path], { GITHUB_SECRET });
    const line = result.stdout.split('\n').find((l) => l.startsWith('COLDSTART '));
    if (!result.ok || !line) return { available: false, reason: `the Lambda bundle failed to answer: ${(result.stderr || result.stdout).trim().split('\n').slice(-3).join(' / ')}` };
    const sample = JSON.parse(line.slice('COLDSTART '.length));
    if (sample.statusCode !== scenario.expectStatus) return { available: false, reason: `the Lambda bundle answered ${sample.statusCode}, expected ${scenario.expectStatus}` };
    samples.push(sample);
  }
  const med = (key) => median(samples.map((s) => s[key]));
  return {
    available: true,
    runs,
    importMs: med('importMs'),
    firstAnswerMs: med('firstAnswerMs'),
    coldStartMs: med('coldStartMs'),
    sinceProcessStartMs: med('sinceProcessStartMs'),
    bytes: readFileSync(bundle).length,
  };
}

/** Size of the Worker bundle, raw and gzipped (level 9). */
export async function workerBundleSize() {
  const built = await build('cloudflare');
  if (!built.available) return built;
  const worker = join(built.out, 'worker.js');
  if (!existsSync(worker)) return { available: false, reason: `the build wrote no ${worker}` };
  const bytes = readFileSync(worker);
  return { available: true, bytes: bytes.length, gzipBytes: gzipSync(bytes, { level: 9 }).length };
}
