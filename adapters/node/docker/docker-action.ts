import { defineAction, type ActionCall } from '../../../src/actions/define-action.js';
import type { Settings, TemplateTree } from '../../../src/config/settings.js';
import { commonKeys, key, type KeyPattern } from '../../../src/key-table.js';
import type { Template } from '../../../src/templates/index.js';
import { DOCKER_CLIENT } from './client-api.js';
import { dockerConnection } from './connection.js';
import { parseDockerHost } from './docker-host.js';
import { engineFailure } from './engine-error.js';
import { DEFAULT_DOCKER_TIMEOUT, readTimeoutSetting, withEngineTimeout } from './engine-timeout.js';
import { readInvocation } from './invocation.js';
import { resolveMethod, type EngineNamespace } from './resolve-method.js';
import { withTemplateCalls } from './template-calls.js';

export interface PreparedInvocation {
  /** `containers.list` */
  path: string;
  args: Record<string, TemplateTree>;
  output: Template;
  /** The action's `host:` (else DOCKER_HOST). */
  host?: string;
  /** Seconds the whole engine work of one run may take. */
  timeout: number;
}

/** Reads the action's one `$invocation`, its `output` and `host:` (shared with docker-swarm). */
export function prepareInvocation(settings: Settings, api: EngineNamespace, action: string): PreparedInvocation {
  const invocation = readInvocation(settings, api, action);
  return {
    path: invocation.path,
    args: invocation.args,
    output: settings.template('output', { default: '{{ result }}' }),
    host: readHostSetting(settings),
    timeout: readTimeoutSetting(settings),
  };
}

/** The keys every engine action (docker, docker-compose, docker-swarm) takes besides its call. */
export const ENGINE_KEYS = [
  commonKeys.output('{{ result }}'),
  key('host', 'string', 'The Docker engine: unix:///var/run/docker.sock, tcp://host:2375 or ssh://user@host (default: DOCKER_HOST, else the local socket).'),
  key('timeout', 'duration', 'Seconds the engine work may take before the action fails.', { default: DEFAULT_DOCKER_TIMEOUT }),
];

/** The call itself: `$name` keys, nested as the client's API is (`$containers: {$get: {container_id: …}}`). */
export const INVOCATION_KEYS: readonly KeyPattern[] = [{ pattern: '^\\$', description: 'An engine call, $namespace or $method; its value holds the arguments (templates) or the next call.' }];

/** One call on the Docker client (`$containers: {$list: ...}`); its return value is `result`. */
export default defineAction<PreparedInvocation>({
  name: 'docker',
  keys: ENGINE_KEYS,
  keyPatterns: INVOCATION_KEYS,
  runtimes: ['node'],
  prepare: (settings) => prepareInvocation(settings, DOCKER_CLIENT, 'docker'),
  async run(prepared, call) {
    await runEngineInvocation(DOCKER_CLIENT, prepared, call, 'docker');
  },
});

/** Renders the arguments, makes the call, renders `output` with `result` (engine methods allowed). */
export async function runEngineInvocation(api: EngineNamespace, prepared: PreparedInvocation, call: ActionCall, action: string): Promise<void> {
  const where = `${action} ${prepared.path}() on ${prepared.host ?? call.runtime.env('DOCKER_HOST') ?? 'the default engine'}`;
  const text = await withEngineTimeout(prepared.timeout, where, async () => {
    const connection = await dockerConnection(prepared.host, (name) => call.runtime.env(name));
    const args = call.renderTree(prepared.args) as Record<string, unknown>;
    let result: unknown;
    try {
      result = await resolveMethod(api, prepared.path).call(connection, args);
    } catch (error) {
      throw engineFailure(`${action} ${prepared.path}() on ${connection.host.url}`, error);
    }
    return withTemplateCalls(() => call.render(prepared.output, { result }));
  });
  call.print(text);
}

/** `host:` is not templated: one connection per configured host, checked at load. */
export function readHostSetting(settings: Settings): string | undefined {
  const host = settings.value('host');
  if (host === undefined || host === null) return undefined;
  if (typeof host !== 'string') settings.fail('host', 'must be a Docker host like unix:///var/run/docker.sock, tcp://host:2375 or ssh://user@host');
  try {
    parseDockerHost(host, false);
  } catch (error) {
    settings.fail('host', (error as Error).message);
  }
  return host;
}
