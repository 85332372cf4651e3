#!/usr/bin/env node
// The deliveries page (server.ui) with a full journal: 100,000 rows (90,000 deliveries and 10,000
// refused requests, all within the last day, the summary's worst case), written straight into the
// journal's SQLite file, then the page's views are timed over real HTTP against the built CLI:
// the first page, a state filter, a route filter, the 200th page (by cursor) and a delivery.
// Prints a table of milliseconds (median and slowest of N requests). `--smoke` fills 2,000 rows
// and checks every view answers as expected; it asserts nothing about speed.
// Options: --smoke, --rows N, --out FILE (a markdown table; default with no --smoke:
// bench/deliveries-page-results.md).
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { tempFolder } from './temp-folder.mjs';

const CLI = fileURLToPath(new URL('../dist/node/cli.js', import.meta.url));
const args = process.argv.slice(2);
const smoke = args.includes('--smoke');
const rowsArg = args.indexOf('--rows');
const total = rowsArg >= 0 ? Number(args[rowsArg + 1]) : smoke ? 2_000 : 100_000;
const outArg = args.indexOf('--out');
const out = outArg >= 0 ? args[outArg + 1] : smoke ? null : fileURLToPath(new URL('./deliveries-page-results.md', import.meta.url));
const repeats = smoke ? 3 : 25;
const TOKEN = 'bench-token';
const UI = '/_/deliveries';
const say = (text) => process.stderr.write(`bench deliveries page: ${text}\n`);

// the full journal is about 70 MB: gone with the run
const dir = tempFolder('webhook-proxy-bench-ui-');
const stateDir = join(dir, 'state');
const config = join(dir, 'server.yml');
writeFileSync(
  config,
  `server: { port: 0, state_dir: '${stateDir}', ui: { token: '${TOKEN}' } }
endpoints:
${['/github', '/gitlab', '/deploy', '/stripe'].map((route) => `  - ${route}:\n      async: true\n      actions:\n        - log: { message: 'ok' }\n`).join('')}`,
);

// the server makes the file and its tables; the rows go in while it is stopped
await (await start()).stop();
const filled = fill(join(stateDir, 'webhook-proxy.db'), total);
say(`${total} rows written (${filled.deliveries} deliveries, ${filled.answered} refused requests)`);

const server = await start();
const problems = [];
const views = [];
try {
  const list = await measure('first page', UI, (text) => count(text, '<tr>\n<td data-label="Time">') === 50);
  const nextCursor = /href="[^"]*before=([^"&]+)"[^>]*rel="next"/.exec(list)?.[1];
  await measure('state filter (dead)', `${UI}?state=dead`, (text) => count(text, '<td data-label="State"><span class="state state-dead">dead') === 50);
  await measure('route filter (/stripe), last 24 h', `${UI}?route=%2Fstripe&since=24h`, (text) => count(text, '<td data-label="Route">/stripe') === 50);
  // 200 pages down, by following the cursor the page gives once and jumping with one from the data
  await measure(
    `a page ${Math.min(10_000, Math.floor((total - Math.floor(total / 10)) / 2)).toLocaleString('en')} rows down`,
    `${UI}?before=${encodeURIComponent(filled.deepCursor)}`,
    (text) => count(text, '<tr>\n<td data-label="Time">') === 50,
    !nextCursor,
  );
  await measure('a delivery', `${UI}/d/${filled.someId}`, (text) => text.includes(`<code>${filled.someId}</code>`));
} finally {
  await server.stop();
}

const lines = [
  `Deliveries page with ${total.toLocaleString('en')} journal rows: ${repeats} requests per view over HTTP on 127.0.0.1, ${cpus().length} cores (${cpus()[0]?.model.trim() ?? 'unknown'}), Node ${process.version}, load average ${loadavg()[0].toFixed(1)}.`,
  'The slowest request of "first page" is the first after the server started: its SQLite pages are read from the file and the summary (counts per state over the last day, a sparkline per route) is computed; the summary is then reused for 5 s.',
  '',
  '| view | median ms | slowest ms |',
  '| --- | ---: | ---: |',
  ...views.map((view) => `| ${view.name} | ${view.median.toFixed(1)} | ${view.max.toFixed(1)} |`),
];
process.stdout.write(`${lines.join('\n')}\n`);
if (out) {
  writeFileSync(out, `${lines.join('\n')}\n\nMade by \`node bench/deliveries-page.mjs\` (\`--smoke\`: 2,000 rows, checks only).\n`);
  say(`wrote ${out}`);
}
if (problems.length) {
  say(`the benchmark did not work:\n  ${problems.join('\n  ')}`);
  process.exit(1);
}

async function measure(name, path, check, cursorMissing = false) {
  if (cursorMissing) problems.push('the first page has no link to older rows');
  const times = [];
  let text = '';
  for (let i = 0; i < repeats; i++) {
    const started = performance.now();
    const response = await fetch(server.url + path, { headers: { Authorization: `Bearer ${TOKEN}` } });
    text = await response.text();
    times.push(performance.now() - started);
    if (response.status !== 200) {
      problems.push(`${name}: ${path} answered ${response.status}`);
      break;
    }
  }
  if (!check(text)) problems.push(`${name}: ${path} did not show what it should`);
  times.sort((a, b) => a - b);
  views.push({ name, median: times[Math.floor(times.length / 2)], max: times[times.length - 1] });
  return text;
}

function count(text, needle) {
  return text.split(needle).length - 1;
}

function start() {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, config], { cwd: dir, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk) => {
      stderr += chunk;
      const found = / on (http:\/\/\S+)/.exec(stderr);
      if (found) {
        child.stderr.removeAllListeners('data');
        child.stderr.resume();
        resolve({
          url: found[1],
          stop: () => new Promise((done) => (child.exitCode !== null ? done() : (child.once('exit', done), child.kill('SIGTERM')))),
        });
      }
    });
    child.once('exit', (code) => reject(new Error(`the server exited with ${code}:\n${stderr}`)));
  });
}

/** Rows as the server writes them, spread over the last day, in one transaction. */
function fill(file, rows) {
  const db = openDatabase(file);
  const now = Date.now();
  const routes = ['/github', '/gitlab', '/deploy', '/stripe'];
  const answered = Math.floor(rows / 10);
  const deliveries = rows - answered;
  const request = (route, id) =>
    JSON.stringify({
      route,
      method: 'POST',
      id,
      path: route,
      url: `http://127.0.0.1${route}`,
      headers: [
        ['content-type', 'application/json'],
        ['x-hub-signature-256', 'sha256=00'],
      ],
      body: Buffer.from(JSON.stringify({ ref: 'refs/heads/main', n: id })).toString('base64'),
      viewArgs: {},
      remoteAddr: '127.0.0.1',
      startAt: 0,
    });
  const insertDelivery = db.prepare(
    "INSERT INTO deliveries (id, kind, route, method, state, attempts, next_action, due_at, received_at, updated_at, last_error, request, context, owner) VALUES (?, 'request', ?, 'POST', ?, 1, 1, ?, ?, ?, ?, ?, '{}', NULL)",
  );
  const insertAttempt = db.prepare('INSERT INTO delivery_attempts (delivery_id, attempt, started_at, finished_at, outcome, action_index, error) VALUES (?, 1, ?, ?, ?, ?, ?)');
  const insertAction = db.prepare('INSERT INTO delivery_actions (delivery_id, attempt, action_index, started_at, finished_at, ok, error, output) VALUES (?, 1, 0, ?, ?, ?, ?, ?)');
  const insertAnswered = db.prepare(
    "INSERT INTO answered_requests (received_at, request_id, route, method, path, state, status, duration_ms, remote_addr, headers, body, body_size, output) VALUES (?, ?, ?, 'POST', ?, 'rejected', 401, 0.4, '127.0.0.1', '[]', '{}', 2, ?)",
  );
  let someId = '';
  // 10,000 rows down, or half way in a small journal
  const deep = Math.min(10_000, Math.floor(deliveries / 2));
  let deepCursor = '';
  db.exec('BEGIN');
  for (let i = 0; i < deliveries; i++) {
    const at = now - Math.floor(((deliveries - i) / deliveries) * 86_000_000);
    const id = `${at.toString(36)}-${i.toString(16).padStart(8, '0')}`;
    const route = routes[i % routes.length];
    const dead = i % 7 === 0;
    insertDelivery.run(id, route, dead ? 'dead' : 'succeeded', at, at, at + 40, dead ? 'HTTP call failed (HTTP 502)' : null, request(route, `req-${i}`));
    insertAttempt.run(id, at, at + 40, dead ? 'failed' : 'succeeded', dead ? 0 : null, dead ? 'HTTP call failed (HTTP 502)' : null);
    insertAction.run(id, at, at + 40, dead ? 0 : 1, dead ? 'HTTP call failed (HTTP 502)' : null, dead ? '' : 'ok');
    if (i === Math.floor(deliveries / 2)) someId = id;
    if (i === deliveries - deep) deepCursor = `${at}.d:${id}`;
  }
  for (let i = 0; i < answered; i++) {
    const at = now - Math.floor(((answered - i) / answered) * 86_000_000);
    const route = routes[i % routes.length];
    insertAnswered.run(at, `refused-${i}`, route, route, JSON.stringify([{ index: 0, level: 'error', text: 'action 0 (github-verify) failed: GitHub webhook validation failed' }]));
  }
  db.exec('COMMIT');
  db.close();
  return { deliveries, answered, someId, deepCursor };
}

function openDatabase(file) {
  const builtin = process.getBuiltinModule?.('node:sqlite');
  if (builtin?.DatabaseSync) return new builtin.DatabaseSync(file);
  const Database = createRequire(import.meta.url)('better-sqlite3');
  return new Database(file);
}
