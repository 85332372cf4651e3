import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect } from 'vitest';
import { ServerProcess, tempDir } from '../helpers/cli.js';
import { engineEnv } from '../helpers/docker-engine.js';
import { dockerEngine, itWithEngine, postAndCollect } from './engine.js';

const engine = dockerEngine();
const it = itWithEngine(engine);

/** The same 3-action chain, once per connection kind. */
const chain = (host: string) => `
        - docker:
            host: '${host}'
            $info:
            output: 'info={{ result.ServerVersion }}'
        - docker:
            host: '${host}'
            $containers:
              $list:
                all: true
            output: 'containers={{ result | length }}'
        - docker:
            host: '${host}'
            $images:
              $list:
            output: 'images={{ result | length }}'`;

const config = () => `
server: { port: 0 }
endpoints:
  - /default-host:
      actions:
        - docker:
            $info:
            output: 'via DOCKER_HOST: {{ result.ServerVersion }}'
  - /chain-socket:
      actions:${chain(engine!.dockerHost)}
  - /chain-ssh:
      actions:${chain(engine!.ssh.url)}
  - /no-docker:
      actions:
        - docker:
            host: '${engine!.ssh.noDockerUrl}'
            $info:
`;

function sshAccepts(): number {
  return (readFileSync(join(engine!.dir, 'sshd_0.log'), 'utf8').match(/Accepted publickey/g) ?? []).length;
}

describe('docker action over SSH', () => {
  let server: ServerProcess;
  const sshEnv = () => ({
    DOCKER_HOST: engine!.ssh.url,
    WEBHOOK_PROXY_SSH_KEY: engine!.ssh.privateKeyPath,
    WEBHOOK_PROXY_SSH_KNOWN_HOSTS: engine!.ssh.knownHostsPath,
    SSH_AUTH_SOCK: '',
  });

  beforeAll(async () => {
    if (!engine) return;
    server = await ServerProcess.start(config(), { env: { ...engineEnv(engine), ...sshEnv() } });
  });
  afterAll(async () => {
    await server?.stop();
  });

  const post = (path: string, body: unknown = {}) => postAndCollect(server, path, body);

  it('DOCKER_HOST=ssh://user@host:port reaches the remote engine, host key checked against known_hosts', async () => {
    const { status, lines } = await post('/default-host');
    expect(status).toBe(200);
    expect(lines).toEqual([expect.stringMatching(/^via DOCKER_HOST: 20\.10\./)]);
  });

  it('a chain of actions reuses one SSH connection, and gives the same answers as the socket', async () => {
    const before = sshAccepts();
    const overSsh = [];
    for (let i = 0; i < 5; i++) overSsh.push(await post('/chain-ssh'));
    const overSocket = await post('/chain-socket');
    expect(overSsh.every((r) => r.status === 200)).toBe(true);
    expect(overSsh[4]!.lines).toEqual(overSocket.lines);
    expect(overSocket.lines[0]).toMatch(/^info=20\.10\./);
    // 15 API calls and more (one per container and image): at most the one connection opened now
    expect(sshAccepts() - before).toBeLessThanOrEqual(1);
  });

  it('a remote without docker gives a clear error, not "socket hang up" or "write after end"', async () => {
    // several times: the remote command can exit while the request is still being written (a race
    // a busy machine made the server lose, reporting "write after end")
    for (let i = 0; i < 10; i++) {
      const { status, errors } = await post('/no-docker');
      expect(status).toBe(500);
      expect(errors).toMatch(/action 0 \(docker\) failed: .*the remote host has no "docker" command on its PATH/);
      expect(errors).not.toMatch(/socket hang up|write after end/);
    }
  });

  it('a 3-action chain: time over the socket and over SSH', async () => {
    const time = async (path: string) => {
      await post(path);
      const started = performance.now();
      const runs = 10;
      for (let i = 0; i < runs; i++) expect((await server.post(path, {})).status).toBe(200);
      return (performance.now() - started) / runs;
    };
    const socket = await time('/chain-socket');
    const before = sshAccepts();
    const ssh = await time('/chain-ssh');
    console.log(`[docker timing] 3-action chain: socket ${socket.toFixed(1)} ms, SSH ${ssh.toFixed(1)} ms (mean of 10 requests)`);
    // the timed requests opened no SSH connection: the one from earlier requests serves them all
    expect(sshAccepts() - before).toBe(0);
  });
});

describe('SSH host key and credentials', () => {
  it('a host key missing from known_hosts is refused', async () => {
    const knownHosts = join(tempDir(), 'known_hosts');
    // a valid line for another key: the server's real key does not match it
    writeFileSync(knownHosts, readFileSync(engine!.ssh.knownHostsPath, 'utf8').replace(/AAAA\S+/g, 'AAAAC3NzaC1lZDI1NTE5AAAAIBm0f2M7m0N7l3r5Zq1zXx2cS7w0W1h9P8fQk6d3e4aB'));
    const server = await ServerProcess.start(`server: { port: 0 }\nendpoints:\n  - /hook:\n      actions:\n        - docker:\n            $info:\n`, {
      env: { DOCKER_HOST: engine!.ssh.url, WEBHOOK_PROXY_SSH_KEY: engine!.ssh.privateKeyPath, WEBHOOK_PROXY_SSH_KNOWN_HOSTS: knownHosts },
    });
    try {
      const { status } = await server.post('/hook', {});
      expect(status).toBe(500);
      expect(server.stderr).toMatch(/the host key is not in .*known_hosts; refusing to connect/);
    } finally {
      await server.stop();
    }
  });
});
