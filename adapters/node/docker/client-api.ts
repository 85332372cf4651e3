/**
 * What a `docker` action's `$invocation` can reach: the Python Docker SDK's client API
 * (`client.containers.list(...)` is `$containers: {$list: {...}}`), mapped onto dockerode.
 * Each method names the keyword arguments it takes; others are a startup error.
 */
import type Docker from 'dockerode';
import type { DockerConnection } from './connection.js';
import { engineFailure, statusCode } from './engine-error.js';
import { demuxLogs } from './logs.js';
import { DockerImage, DockerService, engineFilters, loadContainer, loadImage, loadService } from './models.js';
import { commandList, integer, keyValueList, labelMap, truthy } from './python-args.js';

export interface EngineMethod {
  readonly params: readonly string[];
  /** The positional order the SDK uses (for error messages only). */
  call(connection: DockerConnection, args: Record<string, unknown>): Promise<unknown>;
}
export interface EngineNamespace {
  readonly [name: string]: EngineMethod | EngineNamespace;
}

export function isEngineMethod(value: EngineMethod | EngineNamespace): value is EngineMethod {
  return typeof (value as EngineMethod).call === 'function';
}

const method = (params: readonly string[], call: EngineMethod['call']): EngineMethod => ({ params, call });

/** `containers.run` keyword arguments (the SDK's names) this implementation maps. */
const RUN_PARAMS = [
  'image',
  'command',
  'stdout',
  'stderr',
  'remove',
  'detach',
  'auto_remove',
  'name',
  'environment',
  'user',
  'labels',
  'entrypoint',
  'working_dir',
  'hostname',
  'network_mode',
  'network',
  'privileged',
  'restart_policy',
  'volumes',
  'tty',
  'stdin_open',
  'init',
  'stop_signal',
  'cap_add',
  'cap_drop',
  'extra_hosts',
  'read_only',
  'mem_limit',
  'auth_config',
] as const;

export const DOCKER_CLIENT: EngineNamespace = {
  info: method([], ({ docker }) => docker.info()),
  version: method([], ({ docker }) => docker.version()),
  ping: method([], async ({ docker }) => (await docker.ping(), true)),
  containers: {
    list: method(['all', 'before', 'filters', 'limit', 'since', 'sparse', 'ignore_removed'], async ({ docker }, kw) => {
      const listed = await docker.listContainers({
        all: truthy(kw.all),
        filters: engineFilters(kw.filters),
        ...(kw.limit !== undefined ? { limit: integer(kw.limit, 'limit') } : {}),
        ...(kw.since !== undefined ? { since: String(kw.since) } : {}),
        ...(kw.before !== undefined ? { before: String(kw.before) } : {}),
      });
      const containers = await Promise.all(
        listed.map((entry) =>
          loadContainer(docker, entry.Id).catch((error: unknown) => {
            // removed between the list and the inspect
            if (statusCode(error) === 404) return null;
            throw error;
          }),
        ),
      );
      return containers.filter((container) => container !== null);
    }),
    get: method(['container_id'], ({ docker }, kw) => loadContainer(docker, required(kw, 'container_id'))),
    run: method(RUN_PARAMS, ({ docker }, kw) => runContainer(docker, kw)),
  },
  images: {
    list: method(['name', 'all', 'filters'], async ({ docker }, kw) => {
      const filters = engineFilters(kw.filters);
      if (kw.name !== undefined && kw.name !== null) filters.reference = [String(kw.name)];
      const listed = await docker.listImages({ all: truthy(kw.all), filters: JSON.stringify(filters) });
      return Promise.all(listed.map((entry) => loadImage(docker, entry.Id)));
    }),
    get: method(['name'], ({ docker }, kw) => loadImage(docker, required(kw, 'name'))),
    pull: method(['repository', 'tag', 'all_tags', 'platform', 'auth_config'], ({ docker }, kw) =>
      pullImage(docker, required(kw, 'repository'), kw.tag === undefined || kw.tag === null || kw.tag === '' ? undefined : String(kw.tag), kw.auth_config),
    ),
  },
  services: {
    list: method(['filters', 'status'], async ({ docker }, kw) => {
      const listed = await docker.listServices({ filters: engineFilters(kw.filters) });
      return listed.map((attrs) => new DockerService(docker, attrs as unknown as Record<string, unknown>));
    }),
    get: method(['service_id', 'insert_defaults'], ({ docker }, kw) => loadService(docker, required(kw, 'service_id'))),
  },
};

function required(kw: Record<string, unknown>, name: string): string {
  const value = kw[name];
  if (value === undefined || value === null || value === '') throw new Error(`missing required argument '${name}'`);
  return String(value);
}

/** `repo[:tag]` → repository and tag (a registry port is not a tag). */
export function splitReference(reference: string): { repository: string; tag: string | undefined } {
  const at = reference.indexOf('@');
  if (at >= 0) return { repository: reference.slice(0, at), tag: reference.slice(at + 1) };
  const colon = reference.lastIndexOf(':');
  if (colon > reference.lastIndexOf('/')) return { repository: reference.slice(0, colon), tag: reference.slice(colon + 1) };
  return { repository: reference, tag: undefined };
}

/** images.pull: follows the progress stream; an `error` in it is a failure. Returns the Image. */
export async function pullImage(docker: Docker, repository: string, tag: string | undefined, auth?: unknown): Promise<DockerImage> {
  const split = splitReference(repository);
  const finalTag = tag ?? split.tag ?? 'latest';
  const reference = finalTag.startsWith('sha256:') ? `${split.repository}@${finalTag}` : `${split.repository}:${finalTag}`;
  const stream = (await docker.pull(reference, auth ? { authconfig: auth as Docker.AuthConfig } : {})) as NodeJS.ReadableStream;
  await new Promise<void>((resolvePromise, reject) => {
    let buffered = '';
    let failure: string | undefined;
    stream.on('data', (chunk: Buffer) => {
      buffered += chunk.toString();
      const lines = buffered.split('\n');
      buffered = lines.pop() ?? '';
      for (const line of lines) failure ??= streamError(line);
    });
    stream.on('error', reject);
    stream.on('end', () => {
      failure ??= streamError(buffered);
      if (failure) reject(new Error(failure));
      else resolvePromise();
    });
  });
  return loadImage(docker, reference);
}

function streamError(line: string): string | undefined {
  if (!line.trim()) return undefined;
  try {
    const event = JSON.parse(line) as { error?: string; errorDetail?: { message?: string } };
    return event.error ?? event.errorDetail?.message;
  } catch {
    return undefined;
  }
}

/**
 * containers.run as the SDK does it: create (pulling the image when missing), start; detached →
 * the Container; else wait, and return its output (stdout by default), failing on a non-zero exit.
 */
async function runContainer(docker: Docker, kw: Record<string, unknown>): Promise<unknown> {
  const image = required(kw, 'image');
  const detach = truthy(kw.detach);
  const remove = truthy(kw.remove);
  const command = commandList(kw.command, 'command');
  const options: Docker.ContainerCreateOptions = {
    Image: image,
    Cmd: command,
    Entrypoint: commandList(kw.entrypoint, 'entrypoint'),
    Env: keyValueList(kw.environment, 'environment'),
    User: kw.user === undefined || kw.user === null ? undefined : String(kw.user),
    name: kw.name === undefined || kw.name === null ? undefined : String(kw.name),
    Labels: labelMap(kw.labels, 'labels'),
    WorkingDir: kw.working_dir === undefined ? undefined : String(kw.working_dir),
    Hostname: kw.hostname === undefined ? undefined : String(kw.hostname),
    Tty: truthy(kw.tty),
    OpenStdin: truthy(kw.stdin_open),
    StopSignal: kw.stop_signal === undefined ? undefined : String(kw.stop_signal),
    HostConfig: {
      // detach + remove: the engine removes the container when it exits (the SDK's auto_remove)
      AutoRemove: truthy(kw.auto_remove) || (detach && remove),
      NetworkMode: kw.network_mode !== undefined ? String(kw.network_mode) : kw.network !== undefined ? String(kw.network) : undefined,
      Privileged: truthy(kw.privileged),
      RestartPolicy: kw.restart_policy as Docker.HostRestartPolicy | undefined,
      Binds: volumeBinds(kw.volumes),
      Init: kw.init === undefined ? undefined : truthy(kw.init),
      CapAdd: kw.cap_add as string[] | undefined,
      CapDrop: kw.cap_drop as string[] | undefined,
      ExtraHosts: kw.extra_hosts === undefined ? undefined : keyValueList(kw.extra_hosts, 'extra_hosts')?.map((entry) => entry.replace('=', ':')),
      ReadonlyRootfs: kw.read_only === undefined ? undefined : truthy(kw.read_only),
      Memory: kw.mem_limit === undefined ? undefined : integer(kw.mem_limit, 'mem_limit'),
    },
  };
  let container: Docker.Container;
  try {
    container = await docker.createContainer(options);
  } catch (error) {
    if (statusCode(error) !== 404) throw error;
    // the CLI and the SDK pull a missing image; dockerode's create does not
    await pullImage(docker, image, undefined, kw.auth_config);
    container = await docker.createContainer(options);
  }
  await container.start();
  if (detach) return loadContainer(docker, container.id);
  const streams = { stdout: kw.stdout === undefined ? true : truthy(kw.stdout), stderr: truthy(kw.stderr) };
  const { StatusCode: exitStatus } = (await container.wait()) as { StatusCode: number };
  let output = '';
  let errorOutput = '';
  if (!options.HostConfig?.AutoRemove) {
    const logs = (await container.logs({ stdout: true, stderr: true, follow: false })) as unknown as Buffer;
    output = demuxLogs(logs, Boolean(options.Tty), streams);
    errorOutput = demuxLogs(logs, Boolean(options.Tty), { stdout: false, stderr: true });
  }
  if (remove) await container.remove({ force: true }).catch(() => undefined);
  if (exitStatus !== 0) {
    throw engineFailure(
      'containers.run()',
      new Error(`Command '${command?.join(' ') ?? ''}' in image '${image}' returned non-zero exit status ${exitStatus}${errorOutput.trim() ? `: ${errorOutput.trim()}` : ''}`),
    );
  }
  return output;
}

/** `['/host:/container:ro']` or `{'/host': {bind: '/container', mode: 'ro'}}` → Binds. */
function volumeBinds(volumes: unknown): string[] | undefined {
  if (volumes === undefined || volumes === null) return undefined;
  if (Array.isArray(volumes)) return volumes.map(String);
  if (typeof volumes === 'object') {
    return Object.entries(volumes as Record<string, { bind?: string; mode?: string }>).map(([host, spec]) => `${host}:${spec.bind}:${spec.mode ?? 'rw'}`);
  }
  throw new Error('volumes must be a list of "host:container[:mode]" or a mapping');
}
