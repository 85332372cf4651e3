/**
 * Swarm service updates as the Python SDK's `service.update(...)` with the current spec fetched:
 * the given settings are merged into the service's current spec, which is sent back with the
 * current version. A concurrent change ("update out of sequence") re-inspects and retries.
 */
import type Docker from 'dockerode';
import { commandList, integer, keyValueList, labelMap, truthy } from './python-args.js';

export type ServiceChanges = Record<string, unknown>;

/** The settings update() accepts (the SDK's names), all optional. */
export const SERVICE_UPDATE_KEYS = [
  'image',
  'command',
  'args',
  'hostname',
  'env',
  'workdir',
  'dir',
  'user',
  'groups',
  'mounts',
  'stop_grace_period',
  'tty',
  'container_labels',
  'secrets',
  'configs',
  'resources',
  'restart_policy',
  'placement',
  'labels',
  'mode',
  'replicas',
  'update_config',
  'rollback_config',
  'networks',
  'endpoint_spec',
  'force_update',
  'name',
  'log_driver',
] as const;

const MAX_ATTEMPTS = 5;

type Spec = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- the engine's service spec

/** Applies `changes` to the service's current spec; returns the engine's answer (`{Warnings}`). */
export async function updateService(docker: Docker, idOrName: string, changes: ServiceChanges): Promise<unknown> {
  for (const key of Object.keys(changes)) {
    if (!(SERVICE_UPDATE_KEYS as readonly string[]).includes(key)) throw new Error(`update() got an unexpected keyword argument '${key}'`);
  }
  for (let attempt = 1; ; attempt++) {
    const service = docker.getService(idOrName);
    const current = (await service.inspect()) as { ID: string; Version: { Index: number }; Spec: Spec };
    const spec = applyChanges(structuredClone(current.Spec), changes);
    try {
      return await docker.getService(current.ID).update({ ...spec, version: current.Version.Index });
    } catch (error) {
      const message = (error as { json?: { message?: string } }).json?.message ?? String(error);
      if (attempt < MAX_ATTEMPTS && /update out of sequence/.test(message)) continue;
      throw error;
    }
  }
}

function applyChanges(spec: Spec, changes: ServiceChanges): Spec {
  const task: Spec = (spec.TaskTemplate ??= {});
  const container: Spec = (task.ContainerSpec ??= {});
  const set = (target: Spec, key: string, value: unknown) => {
    if (value !== undefined) target[key] = value;
  };
  for (const [key, value] of Object.entries(changes)) {
    if (value === undefined) continue;
    switch (key) {
      case 'image':
        set(container, 'Image', String(value));
        break;
      case 'command':
        set(container, 'Command', commandList(value, 'command'));
        break;
      case 'args':
        set(container, 'Args', commandList(value, 'args'));
        break;
      case 'hostname':
        set(container, 'Hostname', String(value));
        break;
      case 'env':
        set(container, 'Env', keyValueList(value, 'env'));
        break;
      case 'workdir':
      case 'dir':
        set(container, 'Dir', String(value));
        break;
      case 'user':
        set(container, 'User', String(value));
        break;
      case 'groups':
        set(container, 'Groups', (value as unknown[]).map(String));
        break;
      case 'mounts':
        set(container, 'Mounts', (value as unknown[]).map(mount));
        break;
      case 'stop_grace_period':
        set(container, 'StopGracePeriod', integer(value, 'stop_grace_period'));
        break;
      case 'tty':
        set(container, 'TTY', truthy(value));
        break;
      case 'container_labels':
        set(container, 'Labels', labelMap(value, 'container_labels'));
        break;
      case 'secrets':
        set(container, 'Secrets', value);
        break;
      case 'configs':
        set(container, 'Configs', value);
        break;
      case 'resources':
        set(task, 'Resources', value);
        break;
      case 'restart_policy':
        set(task, 'RestartPolicy', value);
        break;
      case 'placement':
        set(task, 'Placement', value);
        break;
      case 'log_driver':
        set(task, 'LogDriver', value);
        break;
      case 'networks':
        set(
          task,
          'Networks',
          (value as unknown[]).map((n) => (typeof n === 'string' ? { Target: n } : n)),
        );
        break;
      case 'force_update': {
        const previous = Number(task.ForceUpdate ?? 0);
        // `true` bumps the counter (restart); a number sets it (the docker-swarm action's (n + 1) % 100)
        set(task, 'ForceUpdate', value === true ? previous + 1 : integer(value, 'force_update'));
        break;
      }
      case 'labels':
        set(spec, 'Labels', labelMap(value, 'labels'));
        break;
      case 'name':
        set(spec, 'Name', String(value));
        break;
      case 'mode':
        set(spec, 'Mode', serviceMode(value, spec));
        break;
      case 'replicas':
        set(spec, 'Mode', serviceMode({ replicated: { Replicas: integer(value, 'replicas') } }, spec));
        break;
      case 'update_config':
        set(spec, 'UpdateConfig', value);
        break;
      case 'rollback_config':
        set(spec, 'RollbackConfig', value);
        break;
      case 'endpoint_spec':
        set(spec, 'EndpointSpec', value);
        break;
    }
  }
  return spec;
}

/** `'global'`, `'replicated'` or the engine's `{replicated: {Replicas: n}}` shape (any key case). */
function serviceMode(value: unknown, spec: Spec): Spec {
  if (value === 'global') return { Global: {} };
  if (value === 'replicated') return { Replicated: { Replicas: spec.Mode?.Replicated?.Replicas ?? 1 } };
  if (value && typeof value === 'object') {
    const mode = value as Record<string, Record<string, unknown> | undefined>;
    const replicated = mode.replicated ?? mode.Replicated;
    if (replicated) {
      if (spec.Mode?.Global) throw new Error('this service runs in global mode: only replicated services can be scaled');
      const replicas = replicated.Replicas ?? replicated.replicas;
      return { Replicated: { Replicas: integer(replicas, 'replicas') } };
    }
    if (mode.global || mode.Global) return { Global: {} };
  }
  throw new Error(`mode must be "global", "replicated" or {replicated: {Replicas: n}}, not ${JSON.stringify(value)}`);
}

/** `"source:target[:ro]"` or the engine's mount object. */
function mount(value: unknown): unknown {
  if (typeof value !== 'string') return value;
  const [source, target, mode] = value.split(':');
  return { Type: source?.startsWith('/') ? 'bind' : 'volume', Source: source, Target: target, ReadOnly: mode === 'ro' };
}
