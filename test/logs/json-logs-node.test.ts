import { afterEach, expect, it } from 'vitest';
import { runCli, ServerProcess, tempDir, writeConfig } from '../helpers/cli.js';

// server.log_format: json (or WEBHOOK_PROXY_LOG_FORMAT=json): one JSON object per line on stdout
// and stderr, with the request's fields where they apply.
const CONFIG = (format: string) => `
server: { port: 0, log_format: ${format}, state_dir: '${tempDir()}' }
endpoints:
  - /hello/<name>:
      headers: { X-Event: '^push$' }
      dedupe: '{{ request.headers["X-Delivery"] }}'
      actions:
        - log: { message: "hello {{ request.view_args.name }}\\nsecond line \\u001b[31m" }
        - eval: { block: "{% if request.json.fail %}{{ error('boom') }}{% endif %}" }
`;

interface LogLine {
  time: string;
  level: string;
  msg: string;
  request_id?: string;
  route?: string;
  method?: string;
  status?: number;
  duration_ms?: number;
  action?: string;
  action_index?: number;
  remote_addr?: string;
  path?: string;
}

let server: ServerProcess | undefined;
afterEach(async () => {
  await server?.stop();
  server = undefined;
});

/** The JSON records of a stream: every line, the start-up banner included, is one object. */
function records(text: string): LogLine[] {
  return text
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line) as LogLine);
}

async function send(path: string, body: object, headers: Record<string, string>): Promise<string> {
  const response = await fetch(server!.url + path, { method: 'POST', headers: { 'Content-Type': 'application/json', ...headers }, body: JSON.stringify(body) });
  await response.text();
  return response.headers.get('x-request-id')!;
}

it('every line of a request is one JSON object with its fields; action output is the msg', async () => {
  server = await ServerProcess.start(CONFIG('json'));
  const ok = await send('/hello/ann', {}, { 'X-Event': 'push', 'X-Delivery': 'd1', 'X-Request-Id': 'r-ok' });
  const failed = await send('/hello/bob', { fail: true }, { 'X-Event': 'push', 'X-Delivery': 'd2', 'X-Request-Id': 'r-fail' });
  const refused = await send('/hello/cy', {}, { 'X-Event': 'pull', 'X-Request-Id': 'r-409' });
  const duplicate = await send('/hello/ann', {}, { 'X-Event': 'push', 'X-Delivery': 'd1', 'X-Request-Id': 'r-dup' });
  expect([ok, failed, refused, duplicate]).toEqual(['r-ok', 'r-fail', 'r-409', 'r-dup']);
  await server.waitFor('stderr', /"msg":"POST \/hello\/ann 200","request_id":"r-dup"/);

  const out = records(server.stdout);
  const err = records(server.stderr);
  for (const record of [...out, ...err]) {
    expect(new Date(record.time).toISOString()).toBe(record.time);
    expect(['info', 'warn', 'error']).toContain(record.level);
  }

  expect(out).toContainEqual({
    time: expect.any(String),
    level: 'info',
    msg: 'hello ann\nsecond line \u001b[31m',
    request_id: 'r-ok',
    route: '/hello/<name>',
    method: 'POST',
    action: 'log',
    action_index: 0,
  });
  expect(err).toContainEqual({
    time: expect.any(String),
    level: 'error',
    msg: 'action 1 (eval) failed: boom',
    request_id: 'r-fail',
    route: '/hello/<name>',
    method: 'POST',
    action: 'eval',
    action_index: 1,
  });
  expect(out).toContainEqual({
    time: expect.any(String),
    level: 'warn',
    msg: expect.stringMatching(/^Failed to validate the "X-Event" header: "pull" does not match/),
    request_id: 'r-409',
    route: '/hello/<name>',
    method: 'POST',
  });
  expect(out).toContainEqual({
    time: expect.any(String),
    level: 'info',
    msg: 'dedupe: duplicate delivery "d1", no action ran',
    request_id: 'r-dup',
    route: '/hello/<name>',
    method: 'POST',
  });
  const access = err.filter((record) => record.path?.startsWith('/hello/'));
  expect(access.map(({ request_id, status }) => [request_id, status])).toEqual([
    ['r-ok', 200],
    ['r-fail', 500],
    ['r-409', 409],
    ['r-dup', 200],
  ]);
  for (const record of access) {
    expect(record).toMatchObject({ level: 'info', route: '/hello/<name>', method: 'POST', remote_addr: '127.0.0.1' });
    expect(record.msg).toBe(`POST ${record.path} ${record.status}`);
    expect(record.duration_ms).toBeGreaterThanOrEqual(0);
  }
  // the control characters were in the record, escaped by JSON, never raw on the line
  expect(server.stdout).toContain('"msg":"hello ann\\nsecond line \\u001b[31m"');
  expect(server.stdout).not.toContain('\u001b');
});

it('a 404 has no route; a line written without fields (shutdown) is a record too', async () => {
  server = await ServerProcess.start(CONFIG('json'));
  await send('/nowhere', {}, { 'X-Request-Id': 'r-404' });
  await server.waitFor('stderr', /"request_id":"r-404"/);
  await server.stop();
  const err = records(server.stderr);
  const notFound = err.find((record) => record.request_id === 'r-404')!;
  expect(notFound).toMatchObject({ level: 'info', msg: 'POST /nowhere 404', method: 'POST', status: 404, path: '/nowhere' });
  expect(notFound).not.toHaveProperty('route');
  expect(err.at(-1)).toMatchObject({ level: 'warn', msg: expect.stringMatching(/^received SIGTERM: no longer accepting requests/) });
});

it('WEBHOOK_PROXY_LOG_FORMAT overrides server.log_format, either way', async () => {
  server = await ServerProcess.start(CONFIG('text'), { env: { WEBHOOK_PROXY_LOG_FORMAT: 'json' } });
  await send('/nowhere', {}, { 'X-Request-Id': 'via-env' });
  await server.waitFor('stderr', /"request_id":"via-env"/);
  await server.stop();

  server = await ServerProcess.start(CONFIG('json'), { env: { WEBHOOK_PROXY_LOG_FORMAT: 'text' } });
  await send('/nowhere', {}, { 'X-Request-Id': 'text-again' });
  await server.waitFor('stderr', /"POST \/nowhere HTTP\/1\.1" 404 - \[text-again\]\n/);
});

it('an unknown format is refused at start-up, from the file or the environment', async () => {
  const fromFile = await runCli([writeConfig(CONFIG('yaml'))]);
  expect(fromFile.code).toBe(1);
  expect(fromFile.stderr).toMatch(/server\.log_format.*must be text or json, not "yaml"/);

  const fromEnv = await runCli([writeConfig(CONFIG('json'))], { env: { WEBHOOK_PROXY_LOG_FORMAT: 'xml' } });
  expect(fromEnv.code).toBe(1);
  expect(fromEnv.stderr).toContain('WEBHOOK_PROXY_LOG_FORMAT must be text or json, not "xml"');
});
