// One load run against one server, in its own process (pinned by the parent to the core the
// servers do not use). Reads a JSON job from argv[2], prints one JSON result line on stdout.
//
// Job: { generator: 'autocannon' | 'wrk', url, method, headers, bodyFile?, connections,
//        seconds? | amount? (with maxSeconds: stop there even if fewer were sent), expectStatus }
// Result: { generator, requests, seconds, rps, p50, p99 (ms), errors, statuses }
//   errors = socket errors + timeouts + answers whose status is not expectStatus.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';

const job = JSON.parse(process.argv[2]);
const result = job.generator === 'wrk' ? await runWrk(job) : await runAutocannon(job);
process.stdout.write(`${JSON.stringify(result)}\n`);

/** autocannon, with latencies recorded here: its own histogram keeps whole milliseconds and 2xx only. */
async function runAutocannon(job) {
  let latencies = new Float64Array(1 << 16);
  let count = 0;
  const statuses = {};
  const instance = autocannon({
    url: job.url,
    method: job.method,
    headers: job.headers,
    body: job.bodyFile ? readFileSync(job.bodyFile) : undefined,
    connections: job.connections,
    pipelining: 1,
    ...(job.amount ? { amount: job.amount } : { duration: job.seconds }),
  });
  // a count-bound run on a slow server must still end in bounded time; `requests` says how far it got
  const cap = job.amount && job.maxSeconds ? setTimeout(() => instance.stop(), job.maxSeconds * 1000) : undefined;
  instance.on('response', (_client, statusCode, _bytes, responseTimeMs) => {
    if (count === latencies.length) {
      const grown = new Float64Array(latencies.length * 2);
      grown.set(latencies);
      latencies = grown;
    }
    latencies[count++] = responseTimeMs;
    statuses[statusCode] = (statuses[statusCode] ?? 0) + 1;
  });
  const summary = await instance;
  clearTimeout(cap);
  const sorted = latencies.subarray(0, count).sort();
  const unexpected = Object.entries(statuses).reduce((sum, [status, n]) => sum + (Number(status) === job.expectStatus ? 0 : n), 0);
  return {
    generator: `autocannon ${autocannonVersion()}`,
    requests: count,
    seconds: summary.duration,
    rps: count / summary.duration,
    p50: percentile(sorted, 0.5),
    p99: percentile(sorted, 0.99),
    errors: summary.errors + summary.timeouts + unexpected,
    statuses,
  };
}

/** wrk with a Lua script that sets the request and prints its summary as JSON. */
async function runWrk(job) {
  const dir = mkdtempSync(join(tmpdir(), 'webhook-proxy-wrk-'));
  try {
    const script = join(dir, 'job.lua');
    const lua = [
      `wrk.method = ${luaString(job.method)}`,
      ...Object.entries(job.headers ?? {}).map(([name, value]) => `wrk.headers[${luaString(name)}] = ${luaString(value)}`),
      job.bodyFile ? `do local f = assert(io.open(${luaString(job.bodyFile)}, "rb")); wrk.body = f:read("*a"); f:close() end` : '',
      'done = function(summary, latency, requests)',
      '  local e = summary.errors',
      '  io.write(string.format("WRKJSON {\\"requests\\":%d,\\"duration_us\\":%d,\\"p50_us\\":%f,\\"p99_us\\":%f,\\"socket\\":%d,\\"status\\":%d}\\n",',
      '    summary.requests, summary.duration, latency:percentile(50), latency:percentile(99),',
      '    e.connect + e.read + e.write + e.timeout, e.status))',
      'end',
    ].join('\n');
    writeFileSync(script, lua);
    const output = await new Promise((resolve, reject) => {
      const child = spawn('wrk', ['-t1', `-c${job.connections}`, `-d${Math.max(1, Math.round(job.seconds))}s`, '-s', script, job.url], { stdio: ['ignore', 'pipe', 'inherit'] });
      let text = '';
      child.stdout.on('data', (chunk) => (text += chunk));
      child.on('error', reject);
      child.on('close', (code) => (code === 0 ? resolve(text) : reject(new Error(`wrk exited with ${code}: ${text}`))));
    });
    const line = output.split('\n').find((l) => l.startsWith('WRKJSON '));
    if (!line) throw new Error(`wrk printed no summary:\n${output}`);
    const raw = JSON.parse(line.slice('WRKJSON '.length));
    const seconds = raw.duration_us / 1e6;
    // wrk counts every status >= 400 as an error; a 404 flood expects exactly those
    const statusErrors = job.expectStatus >= 400 ? raw.requests - raw.status : raw.status;
    return {
      generator: 'wrk',
      requests: raw.requests,
      seconds,
      rps: raw.requests / seconds,
      p50: raw.p50_us / 1000,
      p99: raw.p99_us / 1000,
      errors: raw.socket + statusErrors,
      statuses: null,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function percentile(sorted, fraction) {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor(fraction * sorted.length))];
}

function luaString(value) {
  return JSON.stringify(String(value));
}

function autocannonVersion() {
  return createRequire(import.meta.url)('autocannon/package.json').version;
}
