// The baseline every load figure is divided by: bare Hono on @hono/node-server doing each
// scenario's work by hand, as a developer would write it for this one config — the same routes, the
// JSON parsed, the same header and body rules as plain RegExps, GitHub's HMAC checked, the same log
// line printed — with none of webhook-proxy's generality (config, templates, request ids, access
// log, metrics, limits). It announces itself on stderr exactly as webhook-proxy does.
import { createHmac, timingSafeEqual } from 'node:crypto';
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import { GITHUB_SECRET } from './scenarios.mjs';

// the rules of bench/scenarios.mjs, anchored at the start as Python's re.match (and webhook-proxy) reads them
const EVENT = /^push$/;
const DELIVERY = /^[0-9a-f-]+$/;
const REF = /^refs\/heads\/.+/;
const FULL_NAME = /^.+\/.+/;
const COMMIT_ID = /^[0-9a-f]{40}/;

function validPush(c, payload) {
  return (
    EVENT.test(c.req.header('x-github-event') ?? '') &&
    DELIVERY.test(c.req.header('x-github-delivery') ?? '') &&
    typeof payload?.ref === 'string' &&
    REF.test(payload.ref) &&
    FULL_NAME.test(payload.repository?.full_name ?? '') &&
    Array.isArray(payload.commits) &&
    payload.commits.some((commit) => COMMIT_ID.test(commit?.id ?? ''))
  );
}

function signedByGithub(c, body) {
  const presented = Buffer.from((c.req.header('x-hub-signature-256') ?? '').replace(/^sha256=/, ''), 'hex');
  const expected = createHmac('sha256', GITHUB_SECRET).update(body).digest();
  return presented.length === expected.length && timingSafeEqual(presented, expected);
}

async function push(c, { verify }) {
  const body = Buffer.from(await c.req.arrayBuffer());
  if (verify && !signedByGithub(c, body)) return c.text('Invalid signature', 401);
  let payload;
  try {
    payload = JSON.parse(body.toString('utf8'));
  } catch {
    return c.text('Invalid JSON', 400);
  }
  if (!validPush(c, payload)) return c.text('Invalid payload', 409);
  process.stdout.write(`Push to ${payload.repository.full_name} (${payload.ref}) by ${payload.pusher?.name}: ${payload.commits.length} commit(s)\n`);
  return c.text('OK\n', 200);
}

// `--access-log`: also the access line webhook-proxy writes for every request (the client's address,
// the time, method, path, status and a request id: the sender's delivery id, else a random UUID,
// also answered as X-Request-Id), gathered per event-loop turn as webhook-proxy gathers its lines.
// A ↳ row of the bench: what writing that line costs a server written by hand.
const ACCESS_LOG = process.argv.includes('--access-log');
let waitingLines = '';
let stampSecond = 0;
let stamp = '';
const clock = () => {
  const now = Date.now();
  if (Math.floor(now / 1000) !== stampSecond) {
    stampSecond = Math.floor(now / 1000);
    stamp = new Date(now).toUTCString();
  }
  return stamp;
};
const writeLines = () => {
  process.stderr.write(waitingLines);
  waitingLines = '';
};

const app = new Hono();
if (ACCESS_LOG) {
  app.use(async (c, next) => {
    const id = c.req.header('x-github-delivery') ?? crypto.randomUUID();
    c.header('X-Request-Id', id);
    await next();
    const url = c.req.url;
    const path = url.slice(url.indexOf('/', url.indexOf('//') + 2)).split('?')[0];
    if (waitingLines === '') setImmediate(writeLines);
    waitingLines += `${c.env.incoming.socket.remoteAddress} - - [${clock()}] "${c.req.method} ${path} HTTP/1.1" ${c.res.status} - [${id}]\n`;
  });
}
app.post('/github', (c) => push(c, { verify: false }));
app.post('/github-async', (c) => push(c, { verify: false }));
app.post('/github-verified', (c) => push(c, { verify: true }));
app.notFound((c) => c.text('Not Found', 404));

const port = Number(process.argv.slice(2).find((arg) => /^\d+$/.test(arg)) ?? 0);
const server = serve({ fetch: app.fetch, hostname: '127.0.0.1', port }, (info) => {
  process.stderr.write(`hono baseline (the same work by hand${ACCESS_LOG ? ', with an access line' : ''}) on http://127.0.0.1:${info.port}\n`);
});
const stop = () => server.close(() => process.exit(0));
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
