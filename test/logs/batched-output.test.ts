import { spawn } from 'node:child_process';
import { dirname } from 'node:path';
import { expect, it } from 'vitest';
import { CLI, tempDir, writeConfig } from '../helpers/cli.js';

// On Node the server's lines are written in batches, one write per stream and event-loop turn
// (adapters/node-platform/batched-output.ts). Under a burst of requests none is lost, not even those
// of the last requests before SIGTERM, and with stdout and stderr in one log (2>&1, as a
// supervisor collects them) each request's action output comes before its access line, and a
// command's standard error keeps its place between them.
const CONFIG = `
server: { port: 0, log_format: json, state_dir: '${tempDir()}' }
endpoints:
  - /burst:
      actions:
        - log: { message: 'first {{ request.json.n }}' }
        - execute: { command: ['sh', '-c', 'echo "command stderr $0" >&2', '{{ request.json.n }}'], shell: false }
        - log: { message: 'last {{ request.json.n }}' }
`;

interface Record {
  msg: string;
  request_id?: string;
}

it('a burst of requests then SIGTERM: every line is there, in order per request', async () => {
  const file = writeConfig(CONFIG);
  // one pipe for both streams: the order lines reach it is the order a supervisor's log shows
  const child = spawn('sh', ['-c', 'exec "$0" "$1" "$2" 2>&1', process.execPath, CLI, file], { cwd: dirname(file), stdio: ['ignore', 'pipe', 'inherit'] });
  let output = '';
  const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
  const url = await new Promise<string>((resolve, reject) => {
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const found = output.match(/ on (http:\/\/[^\s"]+)/);
      if (found) resolve(found[1]!);
    });
    void exited.then((code) => reject(new Error(`exited with ${code}:\n${output}`)));
  });

  const count = 40;
  const ids = await Promise.all(
    Array.from({ length: count }, async (_, n) => {
      const response = await fetch(`${url}/burst`, { method: 'POST', headers: { 'Content-Type': 'application/json', 'X-Request-Id': `burst-${n}` }, body: JSON.stringify({ n }) });
      expect(response.status).toBe(200);
      await response.text();
      return `burst-${n}`;
    }),
  );
  // at once: the last requests' access lines may still be waiting for the end of their turn
  child.kill('SIGTERM');
  expect(await exited).toBe(0);

  const lines = output.split('\n').filter((line) => line !== '');
  // a command's standard error is passed through as it wrote it, not as a record
  const records = lines.map((line) => (line.startsWith('{') ? (JSON.parse(line) as Record) : { msg: line }));
  for (const [n, id] of ids.entries()) {
    const mine = records.filter((record) => record.request_id === id || record.msg === `command stderr ${n}`).map((record) => record.msg);
    // '': execute prints the command's (empty) standard output
    expect(mine).toEqual([`first ${n}`, `command stderr ${n}`, '', `last ${n}`, 'POST /burst 200']);
  }
  // the shutdown lines come after every request's
  expect(records.at(-1)!.request_id).toBeUndefined();
});
