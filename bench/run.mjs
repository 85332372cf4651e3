#!/usr/bin/env node
// `npm run bench`: measures the built webhook-proxy against a Hono baseline doing the same work by hand, in the same run
// and writes bench/results.md. `node bench/run.mjs --smoke` is a ~15 s run that only checks the
// benchmark still works (every scenario answered as expected); it asserts nothing about speed and
// writes no file unless given --out.
//
// Options: --smoke, --out FILE, --generator autocannon|wrk, --rounds N, --seconds S, --only IDS
// (`--only a,d`: only those load scenarios, no start-up, memory or bundle figures, and no file
// written unless --out; for quick A/B runs while working on one path).
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, release, totalmem, type } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { lambdaColdStart, workerBundleSize } from './bundles.mjs';
import { adnanhWebhook, bareHono, loggingBaseline, spawnLikeExecute, spawnLikeExecuteOnHono } from './peers.mjs';
import { cpuSeconds, freePort, pinLoadGenerator, rssBytes, sleep, startNodeServer } from './processes.mjs';
import { BUSY_LOAD_AVERAGE, renderReport, summarise } from './report.mjs';
import { GITHUB_SECRET, scenarios, serverConfig } from './scenarios.mjs';
import { median } from './stats.mjs';
import { tempFolder } from './temp-folder.mjs';

const CLI = fileURLToPath(new URL('../dist/node/cli.js', import.meta.url));
// the server runs as the image, `npm start` and the documented service unit run it (docs/performance.md)
const SERVER_FLAGS = ['--max-semi-space-size=8'];
const BASELINE = fileURLToPath(new URL('./baseline-server.mjs', import.meta.url));
const SPAWN_BASELINE = fileURLToPath(new URL('./spawn-baseline-server.mjs', import.meta.url));
const LOAD_GENERATOR = fileURLToPath(new URL('./load-generator.mjs', import.meta.url));
const RESULTS = fileURLToPath(new URL('./results.md', import.meta.url));

const options = parseOptions(process.argv.slice(2));
const settings = options.smoke
  ? {
      rounds: 1,
      seconds: 0.3,
      // no warm-up: the smoke run only checks the answers
      warmup: undefined,
      connections: 32,
      memoryEarly: 100,
      memoryTotal: 500,
      memoryMaxSeconds: 5,
      settleMs: 100,
      startupRuns: 1,
      coldStartRuns: 1,
    }
  : {
      rounds: 3,
      seconds: 4,
      warmup: { stepSeconds: 3, requests: 5_000, maxSeconds: 15 },
      connections: 32,
      memoryEarly: 1_000,
      memoryTotal: 100_000,
      memoryMaxSeconds: 60,
      settleMs: 1_000,
      startupRuns: 10,
      coldStartRuns: 5,
    };
if (options.rounds) settings.rounds = options.rounds;
if (options.seconds) settings.seconds = options.seconds;
settings.command = options.smoke ? 'node bench/run.mjs --smoke' : 'npm run bench';
settings.generator = options.generator ?? (!options.smoke && wrkInstalled() ? 'wrk' : 'autocannon');
if (settings.generator === 'wrk' && settings.seconds < 1) throw new Error('wrk runs whole seconds: use --seconds 1 or more, or --generator autocannon');

if (!existsSync(CLI)) {
  process.stderr.write(`bench: ${CLI} is missing; run \`npm run bench\` (it builds first) or \`npm run build\`\n`);
  process.exit(1);
}

settings.pinning = pinLoadGenerator();
const env = { GITHUB_SECRET };
const configDir = tempFolder('webhook-proxy-bench-config-');
let proxyStarts = 0;
const all = scenarios().filter((s) => !options.only || options.only.includes(s.id));
if (options.only) {
  const unknown = options.only.filter((id) => !scenarios().some((s) => s.id === id));
  if (unknown.length)
    throw new Error(
      `--only: no scenario ${unknown.join(', ')}; scenarios: ${scenarios()
        .map((s) => s.id)
        .join(', ')}`,
    );
}
const peers = { adnanh: adnanhWebhook(), bareHono: bareHono(), loggingBaseline: loggingBaseline(), spawnLikeExecute: spawnLikeExecute(), spawnLikeExecuteOnHono: spawnLikeExecuteOnHono() };
const problems = [];
const say = (text) => process.stderr.write(`bench: ${text}\n`);
const benchStarted = performance.now();
const loadBefore = options.smoke ? loadavg()[0] : await settledLoad();

say(`${settings.generator}, ${settings.rounds} round(s) × ${settings.seconds} s per side and scenario; pinning: ${settings.pinning}`);
for (const peer of Object.values(peers)) {
  // loud, not silent: the row is missing from this run's report, and says why there too
  if (!peer.available) say(`WARNING: peer skipped: ${peer.reason}`);
}

const loads = [];
for (const scenario of all) loads.push(await measureScenario(scenario));
const extras = !options.only;
const startup = extras ? await measureStartup() : undefined;
const memory = extras ? await measureMemory(all.find((s) => s.id === 'a')) : undefined;
if (extras) say('Lambda bundle cold start');
const lambda = extras
  ? await lambdaColdStart(
      all.find((s) => s.id === 'b'),
      settings.coldStartRuns,
    )
  : undefined;
if (extras) say('Worker bundle size');
const worker = extras ? await workerBundleSize() : undefined;

const machine = {
  cores: cpus().length,
  model: cpus()[0]?.model.trim() ?? 'unknown',
  memory: totalmem(),
  os: `${type()} ${release()}`,
  node: process.version,
  loadBefore,
  loadAfter: loadavg()[0],
  date: new Date().toISOString().replace(/\.\d+Z$/, 'Z'),
};
settings.generator = loads[0]?.proxyRuns[0]?.generator ?? settings.generator;
const report = renderReport({ machine, settings, loads, startup, memory, lambda, worker });
process.stdout.write(`${report}\n`);
const out = options.out ?? (options.smoke || options.only ? null : RESULTS);
if (out) {
  writeFileSync(out, report);
  say(`wrote ${out}`);
}
// the deliveries page over a full journal is its own run (bench/deliveries-page.mjs), with its own table
if (!options.only) {
  say('deliveries page with a full journal');
  const page = spawnSync(process.execPath, [fileURLToPath(new URL('./deliveries-page.mjs', import.meta.url)), ...(options.smoke ? ['--smoke'] : [])], { stdio: 'inherit' });
  if (page.status !== 0) problems.push('bench/deliveries-page.mjs failed (its output above says why)');
}
say(`finished in ${((performance.now() - benchStarted) / 1000).toFixed(0)} s`);
if (problems.length) {
  say(`the benchmark did not work:\n  ${problems.join('\n  ')}`);
  process.exit(1);
}

/**
 * Every side fresh (webhook-proxy, its baseline, and the scenario's peers), then interleaved
 * rounds whose order rotates each round, so drift hits every side alike; each run comes right
 * after a warm-up of its own server (warmUp).
 */
async function measureScenario(scenario) {
  say(scenario.title);
  const sides = [
    { name: 'webhook-proxy', start: () => startProxy(scenario.output), request: scenario },
    { name: 'baseline', start: () => startBaseline(scenario), request: scenario },
  ];
  for (const id of scenario.peers ?? []) {
    const peer = peers[id];
    const request = { ...scenario, path: peer.path ?? scenario.path, expectStatus: peer.expectStatus ?? scenario.expectStatus };
    if (peer.available) sides.push({ name: peer.name, peer: id, start: () => peer.start(configDir), request });
  }
  for (const side of sides) side.runs = [];
  try {
    for (const side of sides) side.server = await side.start();
    for (const side of sides) await expectAnswer(side.server, side.request);
    for (let round = 0; round < settings.rounds; round++) {
      const order = sides.map((_, i) => sides[(i + round) % sides.length]);
      for (const side of order) {
        await warmUp(side);
        side.runs.push(await measuredLoad(side.server, side.request));
      }
    }
    await expectAnswer(sides[0].server, scenario);
  } finally {
    for (const side of sides) await side.server?.stop();
  }
  for (const side of sides) {
    const answered = side.runs.reduce((sum, r) => sum + r.requests - r.errors, 0);
    if (answered === 0) problems.push(`${scenario.title}: ${side.name} gave no expected answer under load`);
  }
  const [proxySide, baselineSide, ...peerSides] = sides;
  const result = {
    scenario,
    proxyRuns: proxySide.runs,
    baselineRuns: baselineSide.runs,
    proxy: summarise(proxySide.runs),
    baseline: summarise(baselineSide.runs),
    peers: peerSides.map((side) => ({ name: side.name, runs: side.runs, summary: summarise(side.runs) })),
    missingPeers: (scenario.peers ?? []).filter((id) => !peers[id].available).map((id) => peers[id].reason),
  };
  say(
    `  ${result.proxy.rps.toFixed(0)} vs ${result.baseline.rps.toFixed(0)} req/s (${(result.proxy.rps / result.baseline.rps).toFixed(2)}×), p99 ${result.proxy.p99.toFixed(2)} vs ${result.baseline.p99.toFixed(2)} ms, errors ${result.proxy.errors}/${result.baseline.errors}`,
  );
  for (const peer of result.peers) say(`  ${peer.name}: ${peer.summary.rps.toFixed(0)} req/s, p99 ${peer.summary.p99.toFixed(2)} ms, errors ${peer.summary.errors}`);
  return result;
}

/**
 * Load until the side has answered `warmup.requests` (in steps of `warmup.stepSeconds`, at most
 * about `warmup.maxSeconds`), right before each of its measured runs. Measured on (d) (perf, RSS):
 * - a fixed 3 s is too short at a few hundred requests a second: V8 was still optimizing the
 *   server's functions through the runs (its compiler threads took about a tenth of the core);
 * - a server left idle while the other sides run shrinks its heap (V8's memory reducer: 95 → 69
 *   MiB after 30 s) and needs thousands of requests to be back at speed (367 → 465 req/s).
 * Either way a run measured warm-up rather than a server under steady load.
 */
async function warmUp(side) {
  const { warmup } = settings;
  if (!warmup) return;
  const started = performance.now();
  let answered = 0;
  do {
    const result = await load(side.server.url, side.request, { seconds: warmup.stepSeconds });
    answered += result.requests - result.errors;
  } while (answered < warmup.requests && performance.now() - started < warmup.maxSeconds * 1000);
}

function startBaseline(scenario) {
  return startNodeServer(scenario.baseline === 'spawn' ? [SPAWN_BASELINE] : [BASELINE], { output: 'pipe' });
}

/** One round on one server, with the CPU time the server spent per request (load-independent). */
async function measuredLoad(server, scenario) {
  const cpuBefore = cpuSeconds(server.pid);
  const result = await load(server.url, scenario, { seconds: settings.seconds });
  const cpuAfter = cpuSeconds(server.pid);
  result.cpuMsPerRequest = cpuBefore === null || cpuAfter === null || result.requests === 0 ? NaN : ((cpuAfter - cpuBefore) * 1000) / result.requests;
  return result;
}

function startProxy(output) {
  if (output === 'pipe') return startNodeServer([...SERVER_FLAGS, CLI, proxyConfig()], { output, env });
  return freePort().then((port) => startNodeServer([...SERVER_FLAGS, CLI, proxyConfig(port)], { output, port, env }));
}

/**
 * The config file for one webhook-proxy start, with a state folder of its own. A shared one
 * carried the journal of the async scenario (c) into every later server: some 40,000 deliveries,
 * 390 MB, which made those start slower, hold more memory, and do journal work during their runs.
 */
function proxyConfig(port = 0) {
  proxyStarts++;
  const file = join(configDir, `server-${proxyStarts}.yml`);
  writeFileSync(file, serverConfig(port, undefined, join(configDir, `state-${proxyStarts}`)));
  return file;
}

/** One request outside the load run: the scenario must be measuring the answer it claims to. */
async function expectAnswer(server, scenario) {
  const response = await fetch(server.url + scenario.path, {
    method: scenario.method,
    headers: scenario.headers,
    body: scenario.bodyFile ? readFileSync(scenario.bodyFile) : undefined,
  });
  await response.arrayBuffer();
  if (response.status !== scenario.expectStatus) {
    throw new Error(`${scenario.title}: ${server.url}${scenario.path} answered ${response.status}, expected ${scenario.expectStatus}\n${server.stderrTail()}`);
  }
}

/** Runs the load generator in its own process (on the load core) and returns its result. */
function load(url, scenario, amountOrSeconds) {
  const job = {
    generator: amountOrSeconds.amount ? 'autocannon' : settings.generator,
    url: url + scenario.path,
    method: scenario.method,
    headers: scenario.headers,
    bodyFile: scenario.bodyFile,
    connections: settings.connections,
    expectStatus: scenario.expectStatus,
    ...amountOrSeconds,
  };
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [LOAD_GENERATOR, JSON.stringify(job)], { stdio: ['ignore', 'pipe', 'inherit'] });
    let text = '';
    child.stdout.on('data', (chunk) => (text += chunk));
    child.on('error', reject);
    child.on('close', (code) => {
      if (code !== 0) return reject(new Error(`load generator exited with ${code}: ${text}`));
      resolve(JSON.parse(text.trim().split('\n').at(-1)));
    });
  });
}

/** Spawn → accepting connections, alternating webhook-proxy and baseline, fresh processes each. */
async function measureStartup() {
  say('start-up time');
  const proxyMs = [];
  const baselineMs = [];
  // one state folder for all the starts, as a server restarted on one machine: the first start
  // creates its journal, the others open it
  const config = proxyConfig();
  for (let i = 0; i < settings.startupRuns; i++) {
    const proxy = await startNodeServer([...SERVER_FLAGS, CLI, config], { output: 'pipe', env });
    proxyMs.push(proxy.startupMs);
    await proxy.stop();
    const baseline = await startNodeServer([BASELINE], { output: 'pipe' });
    baselineMs.push(baseline.startupMs);
    await baseline.stop();
  }
  return { runs: settings.startupRuns, proxyMs: median(proxyMs), baselineMs: median(baselineMs) };
}

/**
 * The 1-minute load average once the machine has settled, waiting at most 90 s: `npm run bench`
 * builds first, and that build alone leaves the average above the busy mark for about a minute
 * (0.56 and 0.63 in two runs on an idle machine), so a reading taken at once would not tell
 * whether other work is running.
 */
async function settledLoad() {
  const deadline = performance.now() + 90_000;
  let load = loadavg()[0];
  if (load >= BUSY_LOAD_AVERAGE) say(`waiting up to 90 s for the load average (${load.toFixed(2)}, the build's among it) to fall below ${BUSY_LOAD_AVERAGE}`);
  while (load >= BUSY_LOAD_AVERAGE && performance.now() < deadline) {
    await sleep(2000);
    load = loadavg()[0];
  }
  return load;
}

/** RSS idle, after a few requests and after many: steady growth between the last two is a leak. */
async function measureMemory(scenario) {
  say(`RSS over ${settings.memoryTotal.toLocaleString('en')} requests`);
  const measureOne = async (start, expectStatus) => {
    const server = await start();
    try {
      await sleep(settings.settleMs);
      const idle = rssBytes(server.pid);
      const first = await load(server.url, { ...scenario, expectStatus }, { amount: settings.memoryEarly, maxSeconds: settings.memoryMaxSeconds });
      await sleep(settings.settleMs);
      const early = rssBytes(server.pid);
      const rest = await load(server.url, { ...scenario, expectStatus }, { amount: settings.memoryTotal - settings.memoryEarly, maxSeconds: settings.memoryMaxSeconds });
      await sleep(settings.settleMs);
      const late = rssBytes(server.pid);
      const errors = first.errors + rest.errors;
      if (first.requests + rest.requests === errors) problems.push('memory run: no expected answer');
      return { idle, early, late, errors, earlyRequests: first.requests, totalRequests: first.requests + rest.requests };
    } finally {
      await server.stop();
    }
  };
  const proxy = await measureOne(() => startNodeServer([...SERVER_FLAGS, CLI, proxyConfig()], { output: 'pipe', env }), scenario.expectStatus);
  const baseline = await measureOne(() => startNodeServer([BASELINE], { output: 'pipe' }), 200);
  return { early: settings.memoryEarly, total: settings.memoryTotal, proxy, baseline };
}

function wrkInstalled() {
  try {
    execFileSync('wrk', ['-v'], { stdio: 'ignore' });
    return true;
  } catch (error) {
    // `wrk -v` prints its version and exits 1; only a missing binary is ENOENT
    return error.code !== 'ENOENT';
  }
}

function parseOptions(args) {
  const parsed = {};
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    const value = () => {
      const next = args[++i];
      if (next === undefined) throw new Error(`${arg} needs a value`);
      return next;
    };
    if (arg === '--smoke') parsed.smoke = true;
    else if (arg === '--out') parsed.out = value();
    else if (arg === '--generator') {
      parsed.generator = value();
      if (!['autocannon', 'wrk'].includes(parsed.generator)) throw new Error('--generator must be autocannon or wrk');
    } else if (arg === '--rounds') parsed.rounds = Number(value());
    else if (arg === '--seconds') parsed.seconds = Number(value());
    else if (arg === '--only')
      parsed.only = value()
        .split(',')
        .map((id) => id.trim())
        .filter(Boolean);
    else throw new Error(`unknown option ${arg}; options: --smoke, --out FILE, --generator autocannon|wrk, --rounds N, --seconds S, --only IDS`);
  }
  return parsed;
}
