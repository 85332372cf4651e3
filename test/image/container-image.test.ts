/**
 * The Dockerfile, built and run on a real engine: both targets built from a local Node base image
 * (no Docker Hub), a webhook sent to the running container, its answer and log checked, the user it
 * runs as, its HEALTHCHECK, a clean `docker stop`, and the docker variant driving the engine through
 * the mounted socket.
 *
 * The file starts its own engine (test/helpers/docker-engine.ts) rather than the run's shared one: it
 * builds images and lists containers, which would disturb the Docker action tests running beside it.
 */
import { execFile } from 'node:child_process';
import { chmodSync, chownSync, mkdirSync, writeFileSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dockerEngineUnavailable, engineEnv, startDockerEngine, stopDockerEngine, type DockerEngineInfo } from '../helpers/docker-engine.js';
import { importDockerCliImage, importNodeImage, localImagesUnavailable, NODE_UID } from './local-images.js';

const run = promisify(execFile);
const REPOSITORY_ROOT = fileURLToPath(new URL('../..', import.meta.url));
const IMAGES = {
  node: 'webhook-proxy-test/node:local',
  dockerCli: 'webhook-proxy-test/docker-cli:local',
  plain: 'webhook-proxy-test/webhook-proxy:plain',
  docker: 'webhook-proxy-test/webhook-proxy:docker',
};
/** A group id no image knows by name, given to the engine's socket for the --group-add case. */
const SOCKET_GID = 2375;

const missing = dockerEngineUnavailable() ?? localImagesUnavailable();
if (missing) {
  if (process.env.CI === 'true') throw new Error(`the container image tests need the Docker test engine under CI=true: ${missing}`);
  console.warn(`\n!!! SKIPPING the container image tests: ${missing}\n`);
}

describe.skipIf(missing !== null)('the container image', () => {
  let engine: DockerEngineInfo;
  const sizes: Record<string, number> = {};

  beforeAll(async () => {
    const started = performance.now();
    engine = await startDockerEngine({ buildImages: false });
    await Promise.all([importNodeImage(engine, IMAGES.node), importDockerCliImage(engine, IMAGES.dockerCli)]);
    console.info(`[image] engine and base images ready in ${seconds(started)}`);
    // both at once: BuildKit runs the stages they share once. The plain one is the default target.
    await Promise.all([build(IMAGES.plain, []), build(IMAGES.docker, ['--target', 'docker'])]);
    for (const variant of ['plain', 'docker'] as const) sizes[variant] = Number(await docker(['image', 'inspect', '-f', '{{.Size}}', IMAGES[variant]]));
    console.info(`[image] sizes on the test base (${IMAGES.node}): plain ${mb(sizes.plain!)}, docker ${mb(sizes.docker!)}`);
  }, 600_000);

  afterAll(async () => {
    if (engine) await stopDockerEngine(engine);
  }, 60_000);

  it('plain: serves a webhook from /app/server.yml as the non-root `node` user, healthy, and stops cleanly', async () => {
    const port = await freePort();
    const config = configFile(
      'plain',
      `server: { host: 0.0.0.0, port: ${port} }
endpoints:
  - /hook:
      method: POST
      actions:
        - log: { message: 'deploy {{ request.json.version }} in {{ own_container_id }}' }
        - execute: { command: 'id -u', output: 'running as uid {{ result.strip() }}' }
`,
    );
    const container = await start(IMAGES.plain, port, ['-v', `${config}:/app/server.yml:ro`], []);

    const answer = await fetch(`http://127.0.0.1:${port}/hook`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{"version":"1.2.3"}' });
    expect(answer.status).toBe(200);
    const logs = await waitForLogs(container, /running as uid/);
    expect(logs.stdout).toContain(`deploy 1.2.3 in ${container}\n`);
    expect(logs.stdout).toContain(`running as uid ${NODE_UID}\n`);
    expect(logs.stderr).toMatch(/serving 1 endpoint\(s\) from \/app\/server\.yml/);
    expect(logs.stderr).toMatch(/"POST \/hook HTTP\/1\.1" 200 -/);
    expect(await docker(['inspect', '-f', '{{.Config.User}}', container])).toBe('node');
    // server.state_dir (the delivery journal): a volume the `node` user can write
    expect(JSON.parse(await docker(['inspect', '-f', '{{json .Config.Volumes}}', container]))).toHaveProperty(['/app/.webhook-proxy']);
    expect(await docker(['exec', container, 'sh', '-c', 'touch /app/.webhook-proxy/probe && rm /app/.webhook-proxy/probe && echo writable'])).toBe('writable');

    await waitForHealth(container, 'healthy');
    await docker(['stop', '--time', '20', container]);
    expect(await docker(['inspect', '-f', '{{.State.ExitCode}}', container])).toBe('0');
    expect((await containerLogs(container)).stderr).toMatch(/received SIGTERM: no longer accepting requests/);
  });

  it('docker: lists containers through the mounted socket with the docker action, the docker CLI and Compose v2, as root', async () => {
    const port = await freePort();
    // a config path of the user's choosing, given as the container's first argument
    const config = configFile('docker', dockerConfig(port));
    const container = await start(IMAGES.docker, port, ['-v', `${engine.socketPath}:/var/run/docker.sock`, '-v', `${config}:/etc/webhook-proxy/hooks.yml:ro`], ['/etc/webhook-proxy/hooks.yml']);

    expect((await fetch(`http://127.0.0.1:${port}/containers`, { method: 'POST' })).status).toBe(200);
    const logs = await waitForLogs(container, /running as uid/);
    expect(logs.stdout).toContain(`action sees: ${container.slice(0, 10)}\n`);
    expect(logs.stdout).toContain(`cli sees: ${container.slice(0, 12)}\n`);
    expect(logs.stdout).toMatch(/^compose v2\.\d+/m);
    expect(logs.stdout).toContain('running as uid 0\n');
    expect(logs.stderr).toMatch(/serving 1 endpoint\(s\) from \/etc\/webhook-proxy\/hooks\.yml/);
    await docker(['rm', '-f', container]);
  });

  it("docker: runs unprivileged as `node` when given the socket's group", async () => {
    // the socket of this file's own engine: give it a group of its own, as hosts do (`docker` group)
    chownSync(engine.socketPath, 0, SOCKET_GID);
    chmodSync(engine.socketPath, 0o660);
    const port = await freePort();
    const config = configFile('docker-node', dockerConfig(port));
    const container = await start(
      IMAGES.docker,
      port,
      ['--user', 'node', '--group-add', String(SOCKET_GID), '-v', `${engine.socketPath}:/var/run/docker.sock`, '-v', `${config}:/app/server.yml:ro`],
      [],
    );

    expect((await fetch(`http://127.0.0.1:${port}/containers`, { method: 'POST' })).status).toBe(200);
    const logs = await waitForLogs(container, /running as uid/);
    expect(logs.stdout).toContain(`action sees: ${container.slice(0, 10)}\n`);
    expect(logs.stdout).toContain(`running as uid ${NODE_UID}\n`);
    await docker(['rm', '-f', container]);
  });

  it('examples/docker-compose.yml: Compose v2 reads it, and the image accepts the configs it mounts', async () => {
    const compose = join(REPOSITORY_ROOT, 'examples', 'docker-compose.yml');
    const model = JSON.parse(await docker(['compose', '-f', compose, '--profile', 'docker', 'config', '--format', 'json'])) as ComposeModel;
    const plain = model.services['webhook-proxy']!;
    const withDocker = model.services['webhook-proxy-docker']!;
    expect(plain.volumes.map((volume) => volume.target)).toEqual(['/app/server.yml', '/app/.webhook-proxy']);
    expect(plain.ports.map((port) => port.target)).toEqual([5000]);
    expect(withDocker.build.target).toBe('docker');
    expect(withDocker.volumes.map((volume) => volume.target)).toEqual(['/var/run/docker.sock', '/etc/webhook-proxy/server.yml', '/app/.webhook-proxy']);
    expect(withDocker.command).toEqual(['/etc/webhook-proxy/server.yml']);

    for (const service of [plain, withDocker]) {
      const config = service.volumes.find((volume) => volume.target.endsWith('.yml'))!;
      const checked = await docker(['run', '--rm', '--network', 'none', '-v', `${config.source}:/app/server.yml:ro`, IMAGES.plain, 'check', '/app/server.yml']);
      expect(checked).toBe('/app/server.yml: OK (1 endpoint, target node)');
    }
  });

  /** Runs the engine's docker CLI with BuildKit (the Dockerfile uses $BUILDPLATFORM); resolves with trimmed stdout. */
  async function docker(args: string[]): Promise<string> {
    try {
      const { stdout } = await run(engine.dockerCli, args, { env: { ...process.env, ...engineEnv(engine), DOCKER_BUILDKIT: '1' }, maxBuffer: 64 * 1024 * 1024 });
      return stdout.trim();
    } catch (error) {
      const failure = error as Error & { stdout?: string; stderr?: string };
      // BuildKit reports progress and errors on stderr; the end of it says what failed
      throw new Error(`docker ${args.join(' ')} failed: ${(failure.stderr || failure.message).slice(-4000)}`);
    }
  }

  /** Builds the repository's Dockerfile; `--network host` because the engine has no bridge network. */
  async function build(tag: string, extra: string[]): Promise<void> {
    const started = performance.now();
    await docker([
      'build',
      '--progress',
      'plain',
      '--network',
      'host',
      '--build-arg',
      `NODE_IMAGE=${IMAGES.node}`,
      '--build-arg',
      `DOCKER_CLI_IMAGE=${IMAGES.dockerCli}`,
      ...extra,
      '-t',
      tag,
      REPOSITORY_ROOT,
    ]);
    console.info(`[image] built ${tag} in ${seconds(started)}`);
  }

  /** Starts a container on the host network and waits until its /healthz answers. */
  async function start(image: string, port: number, options: string[], args: string[]): Promise<string> {
    const container = await docker([
      'run',
      '-d',
      '--network',
      'host',
      // the image's HEALTHCHECK probes port 5000 unless told the config's port
      '-e',
      `WEBHOOK_PROXY_HEALTHCHECK_URL=http://127.0.0.1:${port}/healthz`,
      '--health-interval',
      '1s',
      '--health-start-period',
      '30s',
      ...options,
      image,
      ...args,
    ]);
    const deadline = Date.now() + 60_000;
    for (;;) {
      const status = await fetch(`http://127.0.0.1:${port}/healthz`).then(
        (response) => response.status,
        () => 0,
      );
      if (status === 200) return container;
      if ((await docker(['inspect', '-f', '{{.State.Running}}', container])) !== 'true' || Date.now() > deadline) {
        const logs = await containerLogs(container);
        throw new Error(`the container did not start serving on port ${port}:\n${logs.stdout}\n${logs.stderr}`);
      }
      await sleep(200);
    }
  }

  async function containerLogs(container: string): Promise<{ stdout: string; stderr: string }> {
    const { stdout, stderr } = await run(engine.dockerCli, ['logs', container], { env: { ...process.env, ...engineEnv(engine) } });
    return { stdout, stderr };
  }

  async function waitForLogs(container: string, pattern: RegExp): Promise<{ stdout: string; stderr: string }> {
    const deadline = Date.now() + 20_000;
    for (;;) {
      const logs = await containerLogs(container);
      if (pattern.test(logs.stdout)) return logs;
      if (Date.now() > deadline) throw new Error(`no ${pattern} in the container's output:\n${logs.stdout}\n${logs.stderr}`);
      await sleep(200);
    }
  }

  async function waitForHealth(container: string, wanted: string): Promise<void> {
    const deadline = Date.now() + 30_000;
    let status = '';
    while (Date.now() < deadline) {
      status = await docker(['inspect', '-f', '{{.State.Health.Status}}', container]);
      if (status === wanted) return;
      await sleep(250);
    }
    throw new Error(`health status stayed ${status}, wanted ${wanted}`);
  }

  /** A config in the engine's folder (mounted into the container read-only). */
  function configFile(name: string, yaml: string): string {
    const dir = join(engine.dir, 'configs');
    mkdirSync(dir, { recursive: true });
    const file = join(dir, `${name}.yml`);
    writeFileSync(file, yaml, { mode: 0o644 });
    return file;
  }
});

/** One webhook listing the engine's containers three ways, then saying which uid ran it. */
function dockerConfig(port: number): string {
  return `server: { host: 0.0.0.0, port: ${port} }
endpoints:
  - /containers:
      method: POST
      actions:
        - docker:
            $containers:
              $list:
            output: 'action sees:{% for c in result %} {{ c.short_id }}{% endfor %}'
        - execute:
            command: ['docker', 'ps', '--format', '{{ "{{" }}.ID{{ "}}" }}']
            output: 'cli sees: {{ result.strip() }}'
        - execute: { command: 'docker compose version --short', output: 'compose v{{ result.strip() }}' }
        - execute: { command: 'id -u', output: 'running as uid {{ result.strip() }}' }
`;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const seconds = (since: number) => `${Math.round((performance.now() - since) / 1000)} s`;
const mb = (bytes: number) => `${(bytes / 1e6).toFixed(0)} MB`;

/** The parts of `docker compose config --format json` the test reads. */
interface ComposeModel {
  services: Record<
    string,
    {
      build: { target?: string };
      command?: string[];
      ports: { target: number }[];
      volumes: { source: string; target: string }[];
    }
  >;
}
