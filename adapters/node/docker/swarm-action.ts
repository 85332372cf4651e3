import { defineAction } from '../../../src/actions/define-action.js';
import type { EngineMethod, EngineNamespace } from './client-api.js';
import { ENGINE_KEYS, INVOCATION_KEYS, prepareInvocation, runEngineInvocation, type PreparedInvocation } from './docker-action.js';
import { loadService } from './models.js';
import { integer } from './python-args.js';
import { SERVICE_UPDATE_KEYS, updateService } from './service-update.js';

const DEPRECATION =
  'The docker-swarm action is deprecated: use the docker action instead, e.g. ' +
  '`$services: {$get: {service_id: ...}}` with `{{ result.update(...) }}`, `result.scale(n)` or `result.force_update()` in its output.';

/** Each invocation updates the service (re-inspecting on "update out of sequence") and returns it reloaded. */
const SWARM: EngineNamespace = {
  restart: method(['service_id'], async (docker, kw) => {
    const service = await loadService(docker, serviceId(kw));
    // as the original: the next ForceUpdate counter, kept under 100
    const next = (Number(service.attrs.Spec?.TaskTemplate?.ForceUpdate ?? 0) + 1) % 100;
    await updateService(docker, service.id, { force_update: next });
    return service.id;
  }),
  scale: method(['service_id', 'replicas'], async (docker, kw) => {
    const service = await loadService(docker, serviceId(kw));
    await updateService(docker, service.id, { mode: { replicated: { Replicas: integer(kw.replicas, 'replicas') } } });
    return service.id;
  }),
  update: method(['service_id', ...SERVICE_UPDATE_KEYS], async (docker, kw) => {
    const { service_id: _id, ...changes } = kw;
    const service = await loadService(docker, serviceId(kw));
    await updateService(docker, service.id, changes);
    return service.id;
  }),
};

function method(params: string[], update: (docker: Parameters<EngineMethod['call']>[0]['docker'], kw: Record<string, unknown>) => Promise<string>): EngineMethod {
  return {
    params,
    async call(connection, kw) {
      process.stderr.write(`${DEPRECATION}\n`);
      const id = await update(connection.docker, kw);
      return loadService(connection.docker, id);
    },
  };
}

function serviceId(kw: Record<string, unknown>): string {
  const id = kw.service_id;
  if (id === undefined || id === null || String(id).trim() === '') throw new Error("missing required argument 'service_id'");
  return String(id).trim();
}

/** Deprecated convenience action for Swarm services: `$restart`, `$scale`, `$update`. */
export default defineAction<PreparedInvocation>({
  name: 'docker-swarm',
  keys: ENGINE_KEYS,
  keyPatterns: INVOCATION_KEYS,
  runtimes: ['node'],
  prepare(settings) {
    process.stderr.write(`${DEPRECATION}\n`);
    return prepareInvocation(settings, SWARM, 'docker-swarm');
  },
  async run(prepared, call) {
    await runEngineInvocation(SWARM, prepared, call, 'docker-swarm');
  },
});
