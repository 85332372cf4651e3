import { mkdirSync, writeFileSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, ServerProcess, tempDir, writeConfig } from '../helpers/cli.js';

// A fake engine: a unix socket that accepts connections and reads requests but never answers,
// as a hung dockerd does. Every docker-family action pointed at it with `host:` must fail on its
// timeout instead of holding the request forever. No real engine is needed.
const dir = tempDir();
const socketPath = join(dir, 'hung-docker.sock');
const project = join(dir, 'project');
let engine: Server;
const connections = new Set<Socket>();
let requestsSeen = 0;
let server: ServerProcess;

beforeAll(async () => {
  engine = createServer((socket) => {
    connections.add(socket);
    socket.on('data', () => requestsSeen++);
    socket.on('close', () => connections.delete(socket));
  });
  await new Promise<void>((resolve) => engine.listen(socketPath, resolve));
  mkdirSync(project);
  writeFileSync(join(project, 'docker-compose.yml'), 'services:\n  app:\n    image: example/app:latest\n');
  const host = `unix://${socketPath}`;
  server = await ServerProcess.start(`
server: { port: 0 }
endpoints:
  - /docker:
      actions:
        - docker: { $containers: { $list: {} }, host: '${host}', timeout: 0.5 }
        - log: { message: 'must not run' }
  - /swarm:
      actions:
        - docker-swarm: { $restart: { service_id: web }, host: '${host}', timeout: 0.5 }
  - /compose:
      actions:
        - docker-compose: { project_name: hung, directory: '${project}', $get_services: {}, host: '${host}', timeout: 0.5 }
`);
});

afterAll(async () => {
  await server?.stop('SIGKILL');
  for (const socket of connections) socket.destroy();
  engine?.close();
});

describe('docker-family actions against an engine that never answers', () => {
  it.each([
    ['/docker', /action 0 \(docker\) failed: docker containers\.list\(\) on unix:\/\/\S+hung-docker\.sock: the Docker engine did not answer within 0\.5 s \(the action's "timeout", default 60\)/],
    ['/swarm', /action 0 \(docker-swarm\) failed: docker-swarm restart\(\) on unix:\/\/\S+: the Docker engine did not answer within 0\.5 s/],
    ['/compose', /action 0 \(docker-compose\) failed: docker-compose get_services\(\) of project hung on unix:\/\/\S+: the Docker engine did not answer within 0\.5 s/],
  ])('%s fails with a clear error once its timeout passes', async (path, message) => {
    const seenBefore = requestsSeen;
    expect(await server.post(path, {})).toMatchObject({ status: 500, text: 'Internal Server Error' });
    await server.waitFor('stderr', message);
    expect(server.stdout).not.toContain('must not run');
    // the engine was really asked (the failure is the timeout, not a refused connection)
    expect(requestsSeen).toBeGreaterThan(seenBefore);
  });
});

describe('the timeout key', () => {
  it.each(['0', '-1', 'soon'])('refuses timeout: %s', async (value) => {
    const result = await runCli(['check', writeConfig(`endpoints:\n  - /x:\n      actions:\n        - docker: { $ping: {}, timeout: ${value} }\n`)]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('timeout');
  });
});
