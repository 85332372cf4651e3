/**
 * Base images for building the Dockerfile without Docker Hub: a "Node image" made of this
 * machine's own node and npm (plus the shared libraries `ldd` lists and busybox for /bin/sh),
 * laid out like the official node image (node in /usr/local/bin, a `node` user with uid 1000),
 * and a "Docker CLI image" holding the machine's docker CLI and Compose v2 plugin at the paths
 * of the official `docker:cli` image. Both are `docker import`-ed from a tarball: no network,
 * a few seconds.
 */
import { execFile } from 'node:child_process';
import { chmodSync, chownSync, copyFileSync, cpSync, existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { engineEnv, type DockerEngineInfo } from '../helpers/docker-engine.js';

const run = promisify(execFile);

/** Where the host's pieces live (Debian 12 with NodeSource's nodejs, docker.io and Compose v2). */
export const HOST = {
  node: '/usr/bin/node',
  npm: '/usr/lib/node_modules/npm',
  busybox: '/bin/busybox',
  docker: '/usr/bin/docker',
  compose: '/usr/local/lib/docker/cli-plugins/docker-compose',
  /** The machine's CA bundle: the registry may be reached through a TLS-inspecting proxy whose CA only it holds. */
  caBundle: '/etc/ssl/certs/ca-certificates.crt',
};

/** Why these images cannot be made here, or null. */
export function localImagesUnavailable(): string | null {
  for (const path of Object.values(HOST)) {
    if (!existsSync(path)) return `${path} is missing (the image tests copy it into a local base image; see .ci/setup-docker.sh)`;
  }
  return null;
}

/** The uid/gid of the official node image's `node` user. */
export const NODE_UID = 1000;

/** Makes the Node base image and tags it `tag`. */
export async function importNodeImage(engine: DockerEngineInfo, tag: string): Promise<void> {
  const root = mkdtempSync(join(engine.dir, 'node-rootfs-'));
  try {
    await addBusybox(root);
    copyInto(root, HOST.node, '/usr/local/bin/node');
    await addSharedLibraries(root, HOST.node);
    cpSync(HOST.npm, join(root, 'usr/local/lib/node_modules/npm'), { recursive: true, dereference: true });
    symlinkSync('../lib/node_modules/npm/bin/npm-cli.js', join(root, 'usr/local/bin/npm'));
    symlinkSync('../lib/node_modules/npm/bin/npx-cli.js', join(root, 'usr/local/bin/npx'));
    writeEtc(root);
    copyInto(root, HOST.caBundle, HOST.caBundle);
    await importRootfs(engine, root, tag, [
      'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin',
      // npm ci in the build stages trusts what this machine's npm trusts
      `ENV NODE_EXTRA_CA_CERTS=${HOST.caBundle}`,
      'CMD ["node"]',
    ]);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

/**
 * Makes the Docker CLI image (the docker-variant's DOCKER_CLI_IMAGE) and tags it `tag`. The host's
 * binaries need only libc, which the Node base image already holds.
 */
export async function importDockerCliImage(engine: DockerEngineInfo, tag: string): Promise<void> {
  const root = mkdtempSync(join(engine.dir, 'docker-cli-rootfs-'));
  try {
    copyInto(root, HOST.docker, '/usr/local/bin/docker');
    copyInto(root, HOST.compose, '/usr/local/libexec/docker/cli-plugins/docker-compose');
    await importRootfs(engine, root, tag, ['CMD ["/usr/local/bin/docker"]']);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

function copyInto(root: string, from: string, to: string): void {
  mkdirSync(dirname(join(root, to)), { recursive: true });
  copyFileSync(from, join(root, to));
  chmodSync(join(root, to), 0o755);
}

/** busybox as /bin/sh and every other applet (npm's scripts need `/usr/bin/env`, RUN needs `sh`). */
async function addBusybox(root: string): Promise<void> {
  copyInto(root, HOST.busybox, '/bin/busybox');
  const { stdout } = await run(HOST.busybox, ['--list']);
  for (const applet of stdout.split('\n').filter((name) => name && name !== 'busybox')) symlinkSync('busybox', join(root, 'bin', applet));
  mkdirSync(join(root, 'usr/bin'), { recursive: true });
  symlinkSync('/bin/busybox', join(root, 'usr/bin/env'));
}

/**
 * Copies the C and C++ runtime to the same paths inside the root: what `ldd` resolves for node,
 * plus the rest of glibc's libraries (native addons such as rollup's need librt and friends).
 */
async function addSharedLibraries(root: string, binary: string): Promise<void> {
  const libraries = new Set<string>();
  const { stdout: linked } = await run('ldd', [binary]);
  for (const line of linked.split('\n')) {
    // "libc.so.6 => /lib/x86_64-linux-gnu/libc.so.6 (0x...)" or "/lib64/ld-linux-x86-64.so.2 (0x...)"
    const path = /(?:=>\s*)?(\/\S+)\s+\(0x/.exec(line)?.[1];
    if (path) libraries.add(path);
  }
  const { stdout: packaged } = await run('dpkg', ['-L', 'libc6', 'libgcc-s1', 'libstdc++6']);
  for (const path of packaged.split('\n')) if (/^\/(usr\/)?lib\/[^/]+\/[^/]+\.so[.\d]*$/.test(path)) libraries.add(path);
  for (const path of libraries) copyInto(root, path, path);
}

function writeEtc(root: string): void {
  mkdirSync(join(root, 'etc'));
  writeFileSync(join(root, 'etc/passwd'), `root:x:0:0:root:/root:/bin/sh\nnode:x:${NODE_UID}:${NODE_UID}::/home/node:/bin/sh\n`);
  writeFileSync(join(root, 'etc/group'), `root:x:0:\nnode:x:${NODE_UID}:\n`);
  writeFileSync(join(root, 'etc/nsswitch.conf'), 'hosts: files dns\n');
  mkdirSync(join(root, 'tmp'));
  chmodSync(join(root, 'tmp'), 0o1777);
  mkdirSync(join(root, 'root'), { mode: 0o700 });
  mkdirSync(join(root, 'home/node'), { recursive: true });
  chownSync(join(root, 'home/node'), NODE_UID, NODE_UID);
}

/** `tar` the root, then `docker import` it with Dockerfile-style `--change` lines. */
async function importRootfs(engine: DockerEngineInfo, root: string, tag: string, changes: string[]): Promise<void> {
  // mkdtemp made it 0700: as the image's `/` that would lock every non-root user out
  chmodSync(root, 0o755);
  const tarball = `${root}.tar`;
  try {
    await run('tar', ['--numeric-owner', '-C', root, '-cf', tarball, '.']);
    await run(engine.dockerCli, ['import', ...changes.flatMap((change) => ['--change', change]), tarball, tag], { env: { ...process.env, ...engineEnv(engine) } });
  } catch (error) {
    const failure = error as Error & { stderr?: string };
    throw new Error(`importing ${tag} failed: ${failure.stderr || failure.message}`);
  } finally {
    rmSync(tarball, { force: true });
  }
}
