/**
 * A real Docker engine for the tests (and for whoever else needs one, e.g. the container-image
 * tests): dockerd with its own data and exec roots and socket, a local registry on 127.0.0.1,
 * a single-node swarm, test images built FROM scratch with busybox-static and pushed to that
 * registry (Docker Hub is never contacted), and an sshd on 127.0.0.1 whose sessions reach this
 * engine. Every daemon is started here and stopped by its PID.
 *
 * Packages: `.ci/setup-docker.sh` installs docker.io, docker-registry, busybox-static and
 * openssh-server.
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync, copyFileSync, chmodSync } from 'node:fs';
import { request } from 'node:http';
import { createServer, type AddressInfo } from 'node:net';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** What a test needs to reach the engine; plain data so vitest's `provide` can pass it on. */
export interface DockerEngineInfo {
  /** Folder holding the socket, logs, keys and data. */
  dir: string;
  socketPath: string;
  /** `unix://<socketPath>` */
  dockerHost: string;
  /** The `docker` CLI matching the engine (Debian's). */
  dockerCli: string;
  /** `127.0.0.1:<port>` */
  registry: string;
  /** Test images in the registry: the same repository with tags `1` and `2` (different image ids). */
  images: { repository: string; tags: string[] };
  ssh: {
    /** `ssh://<user>@127.0.0.1:<port>`: a host whose sessions reach this engine. */
    url: string;
    /** `ssh://<user>@127.0.0.1:<port>`: a host without `docker` on its PATH. */
    noDockerUrl: string;
    privateKeyPath: string;
    knownHostsPath: string;
  };
  /** PIDs of the daemons, for stopping them. */
  pids: number[];
}

export interface DockerEngineOptions {
  registryPort?: number;
  sshPort?: number;
  swarmPort?: number;
  /** Build and push the test images (a few seconds). */
  buildImages?: boolean;
}

/** Why the engine cannot start here (a missing binary), or null when it can. */
export function dockerEngineUnavailable(): string | null {
  for (const binary of ['/usr/sbin/dockerd', '/usr/bin/docker', '/usr/bin/docker-registry', '/usr/sbin/sshd', '/bin/busybox']) {
    if (!existsSync(binary)) return `${binary} is missing: run .ci/setup-docker.sh (as root) to install the Docker test engine`;
  }
  return null;
}

/** The remote user of the test sshd (created when missing; needs root). */
export const SSH_USER = 'webhook-proxy-test';

async function ensureSshUser(): Promise<void> {
  const exists = await run('id', ['-u', SSH_USER]).then(
    () => true,
    () => false,
  );
  if (exists) return;
  await run('groupadd', ['-f', 'docker']);
  // password '*' (no password) rather than useradd's locked '!': sshd refuses locked accounts
  await run('useradd', ['--system', '--shell', '/bin/sh', '--home-dir', '/nonexistent', '--no-create-home', '--groups', 'docker', '--password', '*', SSH_USER]);
}

/** Starts dockerd, the registry, a swarm and sshd; stop everything with stopDockerEngine. */
export async function startDockerEngine(options: DockerEngineOptions = {}): Promise<DockerEngineInfo> {
  const missing = dockerEngineUnavailable();
  if (missing) throw new Error(missing);
  // short path: a unix socket path must stay under 108 bytes
  const dir = mkdtempSync('/tmp/wp-docker-');
  // the SSH test user reaches the socket through the docker group
  chmodSync(dir, 0o755);
  const socketPath = join(dir, 'docker.sock');
  const pids: number[] = [];
  // free ports by default: several engines (parallel test runs) can coexist on one machine
  const registryPort = options.registryPort ?? (await freePort());
  const sshPort = options.sshPort ?? (await freePort());
  const noDockerSshPort = await freePort();
  // a user of its own with /bin/sh: a login shell's rc files (pyenv, nvm...) can take seconds per
  // command, and every engine connection over SSH runs one command
  const user = SSH_USER;
  const info: DockerEngineInfo = {
    dir,
    socketPath,
    dockerHost: `unix://${socketPath}`,
    dockerCli: '/usr/bin/docker',
    registry: `127.0.0.1:${registryPort}`,
    images: { repository: `127.0.0.1:${registryPort}/webhook-test/busybox`, tags: ['1', '2'] },
    ssh: {
      url: `ssh://${user}@127.0.0.1:${sshPort}`,
      noDockerUrl: `ssh://${user}@127.0.0.1:${noDockerSshPort}`,
      privateKeyPath: join(dir, 'ssh', 'id_ed25519'),
      knownHostsPath: join(dir, 'ssh', 'known_hosts'),
    },
    pids,
  };
  try {
    // --bridge=none/--iptables=false/--ip-masq=false keep the engine off every private range and iptables
    pids.push(
      daemon(dir, 'dockerd', '/usr/sbin/dockerd', [
        '--data-root',
        join(dir, 'data'),
        '--exec-root',
        join(dir, 'exec'),
        '--pidfile',
        join(dir, 'dockerd.pid'),
        '--bridge=none',
        '--iptables=false',
        '--ip-masq=false',
        '--group',
        'docker',
        '-H',
        info.dockerHost,
      ]),
    );
    await waitFor(
      () =>
        engineApi(socketPath, 'GET', '/_ping').then(
          () => true,
          () => false,
        ),
      20_000,
      'dockerd to answer',
    );

    mkdirSync(join(dir, 'registry'));
    writeFileSync(join(dir, 'registry.yml'), `version: 0.1\nstorage:\n  filesystem:\n    rootdirectory: ${join(dir, 'registry')}\nhttp:\n  addr: 127.0.0.1:${registryPort}\n`);
    pids.push(daemon(dir, 'registry', '/usr/bin/docker-registry', ['serve', join(dir, 'registry.yml')]));

    const swarmPort = options.swarmPort ?? (await freePort());
    await engineApi(socketPath, 'POST', '/swarm/init', { ListenAddr: `127.0.0.1:${swarmPort}`, AdvertiseAddr: `127.0.0.1:${swarmPort}` });

    await ensureSshUser();
    pids.push(...(await startSshd(dir, info, sshPort, noDockerSshPort)));

    await waitFor(
      () =>
        fetch(`http://${info.registry}/v2/`).then(
          (r) => r.ok,
          () => false,
        ),
      10_000,
      'the registry to answer',
    );
    if (options.buildImages !== false) await buildTestImages(info);
    return info;
  } catch (error) {
    await stopDockerEngine(info);
    throw error;
  }
}

/** Removes containers and services, then stops every daemon by PID and deletes the folder. */
export async function stopDockerEngine(info: DockerEngineInfo): Promise<void> {
  // leaving services and containers running would make dockerd wait for each of them on shutdown
  try {
    const services = (await engineApi(info.socketPath, 'GET', '/services')) as { ID: string }[];
    await Promise.all(services.map((service) => engineApi(info.socketPath, 'DELETE', `/services/${service.ID}`).catch(() => undefined)));
    const containers = (await engineApi(info.socketPath, 'GET', '/containers/json?all=true')) as { Id: string }[];
    await Promise.all(containers.map((c) => engineApi(info.socketPath, 'DELETE', `/containers/${c.Id}?force=true&v=true`).catch(() => undefined)));
  } catch {
    // the engine may not have started
  }
  // all at once: vitest gives a global teardown 10 s
  await Promise.all(info.pids.map((pid) => stopPid(pid)));
  // dockerd normally unmounts these itself; a leftover mount would make the folder undeletable
  const mounts = readFileSync('/proc/mounts', 'utf8')
    .split('\n')
    .map((line) => line.split(' ')[1] ?? '')
    .filter((mount) => mount.startsWith(`${info.dir}/`))
    .sort()
    .reverse();
  for (const mount of mounts) await run('umount', ['-l', mount]).catch(() => undefined);
  try {
    rmSync(info.dir, { recursive: true, force: true, maxRetries: 3 });
  } catch (error) {
    console.warn(`[docker-engine] could not delete ${info.dir}: ${(error as Error).message}`);
  }
}

/** Environment for a process that should use this engine (`docker` CLI, webhook-proxy). */
export function engineEnv(info: DockerEngineInfo): Record<string, string> {
  return { DOCKER_HOST: info.dockerHost, DOCKER_BUILDKIT: '0', DOCKER_CONFIG: join(info.dir, 'docker-config') };
}

/** Runs the engine's `docker` CLI; resolves with stdout, rejects with stderr in the message. */
export async function dockerCli(info: DockerEngineInfo, args: string[], cwd?: string): Promise<string> {
  try {
    const { stdout } = await run(info.dockerCli, args, { cwd, env: { ...process.env, ...engineEnv(info) }, maxBuffer: 64 * 1024 * 1024 });
    return stdout;
  } catch (error) {
    const failure = error as Error & { stderr?: string };
    throw new Error(`docker ${args.join(' ')} failed: ${failure.stderr || failure.message}`);
  }
}

/** Calls the engine API over its socket; resolves with the parsed JSON (or text). */
export function engineApi(socketPath: string, method: string, path: string, body?: unknown): Promise<unknown> {
  return new Promise((resolvePromise, reject) => {
    const payload = body === undefined ? undefined : JSON.stringify(body);
    const req = request({ socketPath, method, path, headers: payload ? { 'Content-Type': 'application/json' } : {} }, (res) => {
      let text = '';
      res.on('data', (chunk: Buffer) => (text += chunk.toString()));
      res.on('end', () => {
        if ((res.statusCode ?? 500) >= 400) return reject(new Error(`${method} ${path}: HTTP ${res.statusCode} ${text}`));
        try {
          resolvePromise(text ? JSON.parse(text) : undefined);
        } catch {
          resolvePromise(text);
        }
      });
    });
    req.on('error', reject);
    req.end(payload);
  });
}

/** Two tags of one repository with different contents (so different image ids), pushed to the registry. */
async function buildTestImages(info: DockerEngineInfo): Promise<void> {
  const context = join(info.dir, 'image');
  mkdirSync(context);
  copyFileSync('/bin/busybox', join(context, 'busybox'));
  for (const tag of info.images.tags) {
    writeFileSync(join(context, 'version'), `${tag}\n`);
    writeFileSync(
      join(context, 'Dockerfile'),
      [
        'FROM scratch',
        'COPY busybox /bin/busybox',
        'RUN ["/bin/busybox", "--install", "-s", "/bin"]',
        'COPY version /version',
        'ENV PATH=/bin',
        `LABEL webhook-proxy.test.version=${tag}`,
        'CMD ["sh"]',
        '',
      ].join('\n'),
    );
    await dockerCli(info, ['build', '-q', '-t', `${info.images.repository}:${tag}`, context]);
    await dockerCli(info, ['push', '-q', `${info.images.repository}:${tag}`]);
  }
}

/** sshd on 127.0.0.1 with its own host key; its sessions get DOCKER_HOST of this engine. */
async function startSshd(dir: string, info: DockerEngineInfo, port: number, noDockerPort: number): Promise<number[]> {
  const sshDir = join(dir, 'ssh');
  mkdirSync(sshDir, { mode: 0o755 });
  mkdirSync(join(sshDir, 'docker-config'), { mode: 0o777 });
  chmodSync(join(sshDir, 'docker-config'), 0o777);
  mkdirSync('/run/sshd', { recursive: true });
  await run('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', join(sshDir, 'host_ed25519_key')]);
  await run('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', 'webhook-proxy-test', '-f', info.ssh.privateKeyPath]);
  copyFileSync(`${info.ssh.privateKeyPath}.pub`, join(sshDir, 'authorized_keys'));
  chmodSync(join(sshDir, 'authorized_keys'), 0o644);
  const hostKey = readFileSync(join(sshDir, 'host_ed25519_key.pub'), 'utf8').trim().split(' ').slice(0, 2).join(' ');
  writeFileSync(info.ssh.knownHostsPath, `[127.0.0.1]:${port} ${hostKey}\n[127.0.0.1]:${noDockerPort} ${hostKey}\n`);
  const pids: number[] = [];
  for (const [offset, listen, env] of [
    [0, port, `DOCKER_HOST=${info.dockerHost} DOCKER_CONFIG=${join(sshDir, 'docker-config')} PATH=/usr/bin:/bin`],
    [1, noDockerPort, 'PATH=/nonexistent'],
  ] as const) {
    const config = join(sshDir, `sshd_config_${offset}`);
    writeFileSync(
      config,
      [
        `Port ${listen}`,
        'ListenAddress 127.0.0.1',
        `HostKey ${join(sshDir, 'host_ed25519_key')}`,
        `AuthorizedKeysFile ${join(sshDir, 'authorized_keys')}`,
        `PidFile ${join(sshDir, `sshd_${offset}.pid`)}`,
        // keys live under a temp folder whose parents are not root-only
        'StrictModes no',
        'PasswordAuthentication no',
        'KbdInteractiveAuthentication no',
        'PubkeyAuthentication yes',
        'PermitRootLogin prohibit-password',
        'UsePAM no',
        'MaxStartups 100:30:200',
        `SetEnv ${env}`,
        '',
      ].join('\n'),
    );
    pids.push(daemon(dir, `sshd_${offset}`, '/usr/sbin/sshd', ['-D', '-e', '-f', config]));
  }
  await waitFor(
    () =>
      run('ssh-keyscan', ['-p', String(port), '127.0.0.1']).then(
        ({ stdout }) => stdout.includes('ssh-ed25519'),
        () => false,
      ),
    10_000,
    'sshd to answer',
  );
  return pids;
}

function freePort(): Promise<number> {
  return new Promise((resolvePromise, reject) => {
    const server = createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolvePromise(port));
    });
  });
}

function daemon(dir: string, name: string, binary: string, args: string[]): number {
  const log = openSync(join(dir, `${name}.log`), 'a');
  const child: ChildProcess = spawn(binary, args, { detached: true, stdio: ['ignore', log, log] });
  child.unref();
  if (child.pid === undefined) throw new Error(`could not start ${binary}`);
  return child.pid;
}

async function stopPid(pid: number): Promise<void> {
  try {
    process.kill(pid, 'SIGTERM');
  } catch {
    return;
  }
  const deadline = Date.now() + 7_000;
  while (Date.now() < deadline) {
    try {
      process.kill(pid, 0);
    } catch {
      return;
    }
    await sleep(50);
  }
  try {
    process.kill(pid, 'SIGKILL');
  } catch {
    // already gone
  }
}

async function waitFor(check: () => Promise<boolean>, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(100);
  }
}

const sleep = (ms: number) => new Promise((resolvePromise) => setTimeout(resolvePromise, ms));
