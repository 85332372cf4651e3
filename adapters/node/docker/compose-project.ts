/**
 * The Compose project a docker-compose action works on, with the invocations the original
 * supported (get_services, get_service, up, down, containers) plus pull and restart. Results use
 * the names of the original's compose objects: `service.name`, `container.name`, `container.short_id`.
 * Containers are found through the engine by Compose's labels, never by parsing CLI text.
 */
import type Docker from 'dockerode';
import type { EngineMethod, EngineNamespace } from './client-api.js';
import { runCompose, type ComposeProjectSettings } from './compose-cli.js';
import type { DockerConnection } from './connection.js';
import { engineFailure } from './engine-error.js';
import { DockerContainer, loadContainer } from './models.js';
import { integer, truthy } from './python-args.js';
import { templateCall } from './template-calls.js';

type Env = (name: string) => string | undefined;

/** A container of the project: a Docker container plus its Compose service and number. */
export class ComposeContainer extends DockerContainer {
  get service(): string {
    return this.labels['com.docker.compose.service'] ?? '';
  }
  get number(): number {
    return Number(this.labels['com.docker.compose.container-number'] ?? 0);
  }
  get name_without_project(): string {
    return `${this.service}-${this.number}`;
  }
  get is_running(): boolean {
    return this.status === 'running';
  }
}

/** The project's containers, from the engine (labels), in service and number order. */
export async function projectContainers(docker: Docker, project: string, services: string[], stopped: boolean): Promise<ComposeContainer[]> {
  const listed = await docker.listContainers({ all: stopped, filters: { label: [`com.docker.compose.project=${project}`] } });
  const wanted = listed.filter((entry) => {
    const labels = entry.Labels ?? {};
    return labels['com.docker.compose.oneoff'] !== 'True' && (services.length === 0 || services.includes(labels['com.docker.compose.service'] ?? ''));
  });
  const loaded = await Promise.all(wanted.map((entry) => loadContainer(docker, entry.Id)));
  return loaded.map((container) => new ComposeContainer(docker, container.attrs, container.image)).sort((a, b) => a.service.localeCompare(b.service) || a.number - b.number);
}

export class ComposeService {
  constructor(
    private readonly project: ComposeProjectContext,
    readonly name: string,
    /** The service's resolved configuration (`docker compose config --format json`). */
    readonly config: Record<string, unknown>,
  ) {}
  toString(): string {
    return `<Service: ${this.name}>`;
  }
  toJSON(): unknown {
    return { name: this.name };
  }
  get image_name(): string {
    return String(this.config.image ?? '');
  }
  /** scale(desired_num): runs that many containers of this service. */
  scale(...args: unknown[]): unknown {
    const desired = integer(keywordOrFirst(args, 'desired_num'), 'desired_num');
    return this.call('scale', { desired_num: desired }, () => this.project.compose(['up', '--detach', '--no-recreate', '--scale', `${this.name}=${desired}`, this.name]).then(() => null));
  }
  /** containers(stopped=False) */
  containers(...args: unknown[]): unknown {
    const stopped = truthy(keywordOrFirst(args, 'stopped'));
    return this.call('containers', { stopped }, () => projectContainers(this.project.connection.docker, this.project.settings.projectName, [this.name], stopped));
  }
  restart(): unknown {
    return this.call('restart', {}, () => this.project.compose(['restart', this.name]).then(() => null));
  }
  start(): unknown {
    return this.call('start', {}, () => this.project.compose(['start', this.name]).then(() => null));
  }
  stop(): unknown {
    return this.call('stop', {}, () => this.project.compose(['stop', this.name]).then(() => null));
  }
  pull(): unknown {
    return this.call('pull', {}, () => this.project.compose(['pull', '--quiet', this.name]).then(() => null));
  }

  private call(method: string, kw: Record<string, unknown>, run: () => Promise<unknown>): unknown {
    return templateCall(`compose service ${this.name}.${method}(${JSON.stringify(kw)})`, () =>
      run().catch((error: unknown) => {
        throw engineFailure(`compose service ${this.name}.${method}()`, error);
      }),
    );
  }
}

function keywordOrFirst(args: unknown[], name: string): unknown {
  const last = args[args.length - 1] as Record<string, unknown> | undefined;
  if (last && typeof last === 'object' && '__keywords' in last) return last[name];
  return args[0];
}

/** What a compose invocation needs: the project settings, the engine connection, the environment. */
export interface ComposeProjectContext {
  readonly settings: ComposeProjectSettings;
  readonly connection: DockerConnection;
  compose(args: string[]): Promise<string>;
}

export function composeContext(settings: ComposeProjectSettings, connection: DockerConnection, env: Env): ComposeProjectContext {
  return { settings, connection, compose: (args) => runCompose(settings, connection, args, env) };
}

async function services(project: ComposeProjectContext): Promise<ComposeService[]> {
  const config = JSON.parse(await project.compose(['config', '--format', 'json'])) as { services?: Record<string, Record<string, unknown>> };
  return Object.entries(config.services ?? {})
    .map(([name, service]) => new ComposeService(project, name, service))
    .sort((a, b) => a.name.localeCompare(b.name));
}

const names = (value: unknown): string[] => (value === undefined || value === null ? [] : (Array.isArray(value) ? value : [value]).map(String));

/** The invocations; `call` receives a context in place of the connection (see compose-action.ts). */
export interface ComposeMethod {
  readonly params: readonly string[];
  call(project: ComposeProjectContext, args: Record<string, unknown>): Promise<unknown>;
}
const method = (params: readonly string[], call: ComposeMethod['call']): ComposeMethod => ({ params, call });

export const COMPOSE_PROJECT = {
  get_services: method(['service_names', 'include_deps'], async (project, kw) => {
    const wanted = names(kw.service_names);
    return (await services(project)).filter((service) => wanted.length === 0 || wanted.includes(service.name));
  }),
  get_service: method(['name'], async (project, kw) => {
    const found = (await services(project)).find((service) => service.name === String(kw.name));
    if (!found) throw new Error(`No such service: ${String(kw.name)}`);
    return found;
  }),
  up: method(
    ['service_names', 'detached', 'scale_override', 'strategy', 'do_build', 'remove_orphans', 'timeout', 'start', 'always_recreate_deps', 'renew_anonymous_volumes', 'wait'],
    async (project, kw) => {
      const args = ['up', '--detach', '--quiet-pull'];
      for (const [service, count] of Object.entries((kw.scale_override ?? {}) as Record<string, unknown>)) args.push('--scale', `${service}=${integer(count, 'scale_override')}`);
      const strategy =
        kw.strategy === undefined || kw.strategy === null
          ? 'diverged'
          : String(kw.strategy)
              .toLowerCase()
              .replace(/^convergencestrategy\./, '');
      if (strategy === 'always') args.push('--force-recreate');
      else if (strategy === 'never') args.push('--no-recreate');
      else if (strategy !== 'diverged' && strategy !== 'changed') throw new Error(`strategy must be always, never or diverged, not ${strategy}`);
      const build =
        kw.do_build === undefined || kw.do_build === null
          ? ''
          : String(kw.do_build)
              .toLowerCase()
              .replace(/^buildaction\./, '');
      if (build === 'force') args.push('--build');
      else if (build === 'skip') args.push('--no-build');
      if (truthy(kw.remove_orphans)) args.push('--remove-orphans');
      if (truthy(kw.always_recreate_deps)) args.push('--always-recreate-deps');
      if (truthy(kw.renew_anonymous_volumes)) args.push('--renew-anon-volumes');
      if (truthy(kw.wait)) args.push('--wait');
      if (kw.timeout !== undefined && kw.timeout !== null) args.push('--timeout', String(integer(kw.timeout, 'timeout')));
      const wanted = names(kw.service_names);
      if (kw.start !== undefined && !truthy(kw.start)) args.splice(0, 3, 'create');
      await project.compose([...args, ...wanted]);
      return projectContainers(project.connection.docker, project.settings.projectName, wanted, kw.start !== undefined && !truthy(kw.start));
    },
  ),
  down: method(['remove_image_type', 'include_volumes', 'remove_orphans', 'timeout'], async (project, kw) => {
    const args = ['down'];
    const images = kw.remove_image_type;
    if (images !== undefined && images !== null && images !== false && String(images).toLowerCase() !== 'false' && String(images).toLowerCase() !== 'none') {
      const type = String(images)
        .toLowerCase()
        .replace(/^imagetype\./, '');
      if (type !== 'local' && type !== 'all') throw new Error(`remove_image_type must be false, local or all, not ${String(images)}`);
      args.push('--rmi', type);
    }
    if (truthy(kw.include_volumes)) args.push('--volumes');
    if (truthy(kw.remove_orphans)) args.push('--remove-orphans');
    if (kw.timeout !== undefined && kw.timeout !== null) args.push('--timeout', String(integer(kw.timeout, 'timeout')));
    await project.compose(args);
    return null;
  }),
  containers: method(['service_names', 'stopped', 'one_off'], (project, kw) => projectContainers(project.connection.docker, project.settings.projectName, names(kw.service_names), truthy(kw.stopped))),
  pull: method(['service_names', 'ignore_pull_failures', 'include_deps'], async (project, kw) => {
    const args = ['pull', '--quiet'];
    if (truthy(kw.ignore_pull_failures)) args.push('--ignore-pull-failures');
    const wanted = names(kw.service_names);
    await project.compose([...args, ...wanted]);
    return (await services(project)).filter((service) => wanted.length === 0 || wanted.includes(service.name));
  }),
  restart: method(['service_names', 'timeout'], async (project, kw) => {
    const args = ['restart'];
    if (kw.timeout !== undefined && kw.timeout !== null) args.push('--timeout', String(integer(kw.timeout, 'timeout')));
    const wanted = names(kw.service_names);
    await project.compose([...args, ...wanted]);
    return projectContainers(project.connection.docker, project.settings.projectName, wanted, false);
  }),
} satisfies Record<string, ComposeMethod>;

/** The same table as the engine API's shape, for readInvocation's startup checks. */
export const COMPOSE_INVOCATIONS: EngineNamespace = Object.fromEntries(
  Object.entries(COMPOSE_PROJECT).map(([name, entry]) => [name, { params: entry.params, call: () => Promise.reject(new Error('not called')) } satisfies EngineMethod]),
);
