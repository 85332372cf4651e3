import { expect, it } from 'vitest';
import { ReloadServer, release, releaseIfWaiting } from './reload-server.js';

// SIGHUP re-reads the config: checked completely first; a valid one serves the requests that
// arrive from then on while a request in flight finishes on the old one; a broken one is refused
// with one error line naming file, line and key, and the old config keeps serving.
const config = (gate: string, version: string, extra: string, server = 'port: 0') => `
server: { ${server} }
endpoints:
  - /slow:
      actions:
        - log: { message: 'slow started on ${version}' }
        - execute: { command: 'cat ${gate}', output: 'released {{ result }}' }
        - log: { message: 'slow finished on ${version}' }
${extra}`;
const OLD = `  - /old:
      actions:
        - log: { message: old ran }
`;
const NEW = `  - /new:
      actions:
        - log: { message: new ran }
`;

it('a valid config: the request in flight finishes on the old one, new requests get the new one; /metrics keeps its series', async () => {
  const { dir, gate } = ReloadServer.folder();
  const server = await ReloadServer.start(dir, config(gate, 'A', OLD));
  try {
    expect((await server.post('/old')).status).toBe(200);
    const inFlight = server.post('/slow');
    await server.waitFor('stdout', /slow started on A/);

    // port changes only with a restart: a warning says so and the old port stays
    server.edit(config(gate, 'B', NEW, 'port: 1'));
    server.child.kill('SIGHUP');
    const [line] = await server.waitFor('stderr', /^reloaded .*$/m);
    expect(line).toBe(`reloaded ${server.file} (SIGHUP): 2 endpoint(s); added POST /new; removed POST /old; changed POST /slow`);
    expect(server.stderr).toMatch(/^warning: reload \(SIGHUP\): server\.port changed, which takes a restart: the running values stay until then$/m);

    expect((await server.post('/new')).status).toBe(200);
    expect((await server.post('/old')).status).toBe(404);
    release(gate, 'go');
    expect(await inFlight).toMatchObject({ status: 200 });
    await server.waitFor('stdout', /slow finished on A/);
    expect(server.stdout).not.toContain('slow finished on B');

    const metrics = await server.get('/metrics');
    expect(metrics.text).toMatch(/webhook_proxy_http_requests_total\{[^}]*route="\/old"[^}]*\} 1/);
    expect(metrics.text).toMatch(/webhook_proxy_http_requests_total\{[^}]*route="\/new"[^}]*\} 1/);
  } finally {
    releaseIfWaiting(gate);
    await server.stop();
  }
});

it('a broken config is refused with one line (file, line, key); the old config keeps serving, the request in flight finishes', async () => {
  const { dir, gate } = ReloadServer.folder();
  const server = await ReloadServer.start(dir, config(gate, 'A', OLD));
  try {
    const inFlight = server.post('/slow');
    await server.waitFor('stdout', /slow started on A/);
    const before = server.stderr.length;

    server.edit(config(gate, 'B', `${NEW}      header:\n        X-Token: abc\n`));
    server.child.kill('SIGHUP');
    await server.waitFor('stderr', /reload \(SIGHUP\) refused/);
    const lines = server.stderr.slice(before).split('\n').filter(Boolean);
    expect(lines).toEqual([
      `reload (SIGHUP) refused, still serving the previous config: ${server.file}:12:7 endpoints[1]./new: unknown key "header": did you mean "headers"? (known: ${lines[0]!.match(/known: ([^)]*)/)![1]})`,
    ]);

    expect((await server.post('/old')).status).toBe(200);
    expect((await server.post('/new')).status).toBe(404);
    release(gate, 'go');
    expect(await inFlight).toMatchObject({ status: 200 });
    await server.waitFor('stdout', /slow finished on A/);

    // and the next good edit is taken
    server.edit(config(gate, 'C', NEW));
    server.child.kill('SIGHUP');
    await server.waitFor('stderr', /reloaded .*added POST \/new; removed POST \/old; changed POST \/slow/);
    expect((await server.post('/new')).status).toBe(200);
  } finally {
    releaseIfWaiting(gate);
    await server.stop();
  }
});
