// What the benchmark sends: one server config holding every scenario's endpoint, and per scenario
// the exact request (the baseline receives the very same bytes, so ratios compare like with like).
import { createHmac } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { tempFolder } from './temp-folder.mjs';

export const GITHUB_SECRET = 'bench-secret-not-used-anywhere-else';

const PUSH_RULES = `
      method: POST
      headers:
        X-GitHub-Event: 'push$'
        X-GitHub-Delivery: '^[0-9a-f\\-]+$'
      body:
        ref: 'refs/heads/.+'
        repository:
          full_name: '.+/.+'
        commits:
          id: '^[0-9a-f]{40}'`;

const LOG_PUSH = `
        - log:
            message: 'Push to {{ request.json.repository.full_name }} ({{ request.json.ref }}) by {{ request.json.pusher.name }}: {{ request.json.commits | length }} commit(s)'`;

/** The endpoints every adapter can run (the Lambda and Worker bundles are built from these). */
export const PORTABLE_ENDPOINTS = `
  - /github:${PUSH_RULES}
      actions:${LOG_PUSH}
  - /github-verified:${PUSH_RULES}
      actions:
        - github-verify:
            secret: '{{ read_config("GITHUB_SECRET") }}'${LOG_PUSH}
  - /github-async:${PUSH_RULES}
      async: true
      actions:${LOG_PUSH}`;

const NODE_ONLY_ENDPOINTS = `
  - /execute:
      method: POST
      actions:
        - execute:
            command: ['/bin/true']
            shell: false`;

/** `stateDir`: where the async endpoint's delivery journal goes (a fresh folder per run, not the working directory). */
export function serverConfig(port = 0, endpoints = PORTABLE_ENDPOINTS + NODE_ONLY_ENDPOINTS, stateDir = undefined) {
  const state = stateDir ? `\n  state_dir: '${stateDir}'` : '';
  return `server:\n  host: 127.0.0.1\n  port: ${port}\n  max_body_size: 1MiB${state}\nendpoints:${endpoints}\n`;
}

/** A real push payload from @octokit/webhooks-examples, serialised the way GitHub sends it. */
function pushPayload() {
  const loaded = createRequire(import.meta.url)('@octokit/webhooks-examples');
  const examples = loaded.default ?? loaded;
  const push = examples.find((entry) => entry.name === 'push').examples.find((example) => example.commits.length > 0);
  return push;
}

/** The same push padded with more commits (all valid) to at least `bytes`. */
function pushOfSize(bytes) {
  const push = structuredClone(pushPayload());
  const commit = push.commits[0];
  let n = 0;
  while (Buffer.byteLength(JSON.stringify(push, null, 2)) < bytes) {
    push.commits.push({ ...commit, id: createHmac('sha1', 'pad').update(String(n++)).digest('hex'), message: `padding commit ${n}` });
  }
  return Buffer.from(JSON.stringify(push, null, 2));
}

function githubHeaders(body, signed) {
  return {
    'Content-Type': 'application/json',
    'User-Agent': 'GitHub-Hookshot/bench',
    'X-GitHub-Event': 'push',
    'X-GitHub-Delivery': '72d3162e-cc78-11e3-81ab-4c9367dc0958',
    ...(signed ? { 'X-Hub-Signature-256': `sha256=${createHmac('sha256', GITHUB_SECRET).update(body).digest('hex')}` } : {}),
  };
}

/**
 * Scenarios in report order. `output: 'devnull'` runs webhook-proxy with stdout and stderr sent to
 * /dev/null instead of a pipe the benchmark drains (the baseline's log line goes to a pipe either way).
 * `baseline: 'spawn'` divides by the bare spawn server instead of the Hono baseline; `peers`
 * (bench/peers.mjs) are other servers, measured in the same interleaved rounds.
 */
export function scenarios() {
  const push = Buffer.from(JSON.stringify(pushPayload(), null, 2));
  const push25k = pushOfSize(25 * 1024);
  const dir = tempFolder('webhook-proxy-bench-');
  const file = (name, body) => {
    const path = join(dir, name);
    writeFileSync(path, body);
    return path;
  };
  const pushFile = file('push.json', push);
  const push25kFile = file('push-25k.json', push25k);
  const emptyObject = file('empty.json', '{}');
  return [
    {
      id: 'a',
      title: `(a) GitHub push, header + body rules, one log (${kb(push)})`,
      method: 'POST',
      path: '/github',
      headers: githubHeaders(push, false),
      bodyFile: pushFile,
      expectStatus: 200,
      output: 'pipe',
      peers: ['bareHono', 'loggingBaseline'],
    },
    { id: 'a-quiet', title: '(a′) as (a), server output to /dev/null', method: 'POST', path: '/github', headers: githubHeaders(push, false), bodyFile: pushFile, expectStatus: 200, output: 'devnull' },
    {
      id: 'b',
      title: `(b) as (a) + github-verify sha256 (${kb(push25k)})`,
      method: 'POST',
      path: '/github-verified',
      headers: githubHeaders(push25k, true),
      bodyFile: push25kFile,
      expectStatus: 200,
      output: 'pipe',
      peers: ['bareHono'],
    },
    // side by side with (a): the same rules and action, but each request is written to the delivery
    // journal (SQLite, WAL, full sync) before its 200, and its attempt recorded there after
    {
      id: 'c',
      title: '(c) as (a), async: accepted into the delivery journal first (journal on; (a) is the same work with it off)',
      method: 'POST',
      path: '/github-async',
      headers: githubHeaders(push, false),
      bodyFile: pushFile,
      expectStatus: 200,
      output: 'pipe',
    },
    // against Node's own spawn (bench/spawn-baseline-server.mjs), not bare Hono, and next to adnanh/webhook
    {
      id: 'd',
      title: '(d) execute /bin/true (argv, no shell)',
      method: 'POST',
      path: '/execute',
      headers: { 'Content-Type': 'application/json' },
      bodyFile: emptyObject,
      expectStatus: 200,
      output: 'pipe',
      baseline: 'spawn',
      peers: ['spawnLikeExecute', 'spawnLikeExecuteOnHono', 'adnanh'],
    },
    {
      id: 'e',
      title: '(e) 404 flood (GET of an unknown path)',
      method: 'GET',
      path: '/wp-login.php',
      headers: {},
      bodyFile: undefined,
      expectStatus: 404,
      output: 'pipe',
      peers: ['bareHono', 'loggingBaseline'],
    },
  ];
}

function kb(buffer) {
  return `${(buffer.length / 1024).toFixed(1)} KB body`;
}
