/**
 * Result objects with the names the Python Docker SDK gives them, so that templates written for
 * the original work: `container.name`, `.short_id`, `.status`, `.image.tags`, `.logs()`,
 * `service.update(...)`. Methods that talk to the engine go through templateCall (see
 * template-calls.ts): they work from templates and return their result on the re-render.
 */
import type Docker from 'dockerode';
import { engineFailure, statusCode } from './engine-error.js';
import { demuxLogs } from './logs.js';
import { integer, templateArgs, truthy } from './python-args.js';
import { SERVICE_UPDATE_KEYS, updateService, type ServiceChanges } from './service-update.js';
import { templateCall } from './template-calls.js';

type Attrs = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- the engine's JSON, read by templates

/** Python repr of a list of strings: `'a', 'b'`. */
const reprList = (items: string[]) => items.map((item) => `'${item}'`).join(', ');

export class DockerImage {
  constructor(readonly attrs: Attrs) {}
  get id(): string {
    return this.attrs.Id;
  }
  /** `sha256:` and the first 10 hex digits, as the SDK shortens image ids. */
  get short_id(): string {
    return this.id.startsWith('sha256:') ? this.id.slice(0, 17) : this.id.slice(0, 10);
  }
  get tags(): string[] {
    return ((this.attrs.RepoTags as string[] | null) ?? []).filter((tag) => tag !== '<none>:<none>');
  }
  get labels(): Record<string, string> {
    return this.attrs.Config?.Labels ?? {};
  }
  toString(): string {
    return `<Image: ${reprList(this.tags)}>`;
  }
  toJSON(): unknown {
    return { id: this.id, tags: this.tags };
  }
}

export async function loadImage(docker: Docker, name: string): Promise<DockerImage> {
  return new DockerImage(await docker.getImage(name).inspect());
}

export class DockerContainer {
  constructor(
    protected readonly docker: Docker,
    public attrs: Attrs,
    /** The container's image, or null when it has been removed. */
    public image: DockerImage | null,
  ) {}
  get id(): string {
    return this.attrs.Id;
  }
  get short_id(): string {
    return this.id.slice(0, 10);
  }
  get name(): string {
    return String(this.attrs.Name ?? '').replace(/^\//, '');
  }
  get status(): string {
    return this.attrs.State?.Status ?? '';
  }
  get labels(): Record<string, string> {
    return this.attrs.Config?.Labels ?? {};
  }
  toString(): string {
    return `<Container: ${this.short_id}>`;
  }
  toJSON(): unknown {
    return { id: this.id, name: this.name, status: this.status };
  }

  /** logs(stdout=True, stderr=True, timestamps=False, tail='all', since=None): the text. */
  logs(...args: unknown[]): string {
    const kw = templateArgs('logs', args, ['stdout', 'stderr', 'stream', 'timestamps', 'tail', 'since', 'follow', 'until']);
    const streams = { stdout: kw.stdout === undefined ? true : truthy(kw.stdout), stderr: kw.stderr === undefined ? true : truthy(kw.stderr) };
    return this.call('logs', kw, async (container) => {
      const data = (await container.logs({
        ...streams,
        follow: false,
        timestamps: truthy(kw.timestamps),
        tail: kw.tail === undefined || kw.tail === 'all' ? undefined : integer(kw.tail, 'tail'),
        since: kw.since === undefined ? undefined : integer(kw.since, 'since'),
      })) as unknown as Buffer;
      return demuxLogs(Buffer.isBuffer(data) ? data : Buffer.from(String(data)), Boolean(this.attrs.Config?.Tty), streams);
    });
  }
  restart(...args: unknown[]): null {
    const kw = templateArgs('restart', args, ['timeout']);
    return this.call('restart', kw, async (container) => void (await container.restart(kw.timeout === undefined ? {} : { t: integer(kw.timeout, 'timeout') })));
  }
  stop(...args: unknown[]): null {
    const kw = templateArgs('stop', args, ['timeout']);
    return this.call('stop', kw, async (container) => void (await container.stop(kw.timeout === undefined ? {} : { t: integer(kw.timeout, 'timeout') })));
  }
  start(...args: unknown[]): null {
    const kw = templateArgs('start', args, []);
    return this.call('start', kw, async (container) => void (await container.start()));
  }
  kill(...args: unknown[]): null {
    const kw = templateArgs('kill', args, ['signal']);
    return this.call('kill', kw, async (container) => void (await container.kill(kw.signal === undefined ? {} : { signal: String(kw.signal) })));
  }
  remove(...args: unknown[]): null {
    const kw = templateArgs('remove', args, ['v', 'link', 'force']);
    return this.call('remove', kw, async (container) => void (await container.remove({ v: truthy(kw.v), link: truthy(kw.link), force: truthy(kw.force) })));
  }
  /** wait(): `{StatusCode: n}` once the container stopped. */
  wait(...args: unknown[]): unknown {
    const kw = templateArgs('wait', args, []);
    return this.call('wait', kw, (container) => container.wait());
  }
  /** Refreshes attrs (status, ...) in place. */
  reload(...args: unknown[]): null {
    const kw = templateArgs('reload', args, []);
    return this.call('reload', kw, async (container) => {
      this.attrs = await container.inspect();
    });
  }

  private call<T>(method: string, kw: Record<string, unknown>, run: (container: Docker.Container) => Promise<T | void>): T extends void ? null : T {
    return templateCall(`container ${this.short_id}.${method}(${JSON.stringify(kw)})`, async () => {
      try {
        const result = await run(this.docker.getContainer(this.id));
        return result === undefined ? null : result;
      } catch (error) {
        throw engineFailure(`container ${this.name}.${method}()`, error);
      }
    }) as T extends void ? null : T;
  }
}

export async function loadContainer(docker: Docker, idOrName: string): Promise<DockerContainer> {
  const attrs = await docker.getContainer(idOrName).inspect();
  let image: DockerImage | null = null;
  try {
    image = await loadImage(docker, attrs.Image);
  } catch (error) {
    if (statusCode(error) !== 404) throw error;
  }
  return new DockerContainer(docker, attrs, image);
}

export class DockerService {
  constructor(
    private readonly docker: Docker,
    public attrs: Attrs,
  ) {}
  get id(): string {
    return this.attrs.ID;
  }
  get short_id(): string {
    return this.id.slice(0, 10);
  }
  get name(): string {
    return this.attrs.Spec?.Name ?? '';
  }
  get version(): number {
    return this.attrs.Version?.Index ?? 0;
  }
  toString(): string {
    return `<Service: ${this.short_id}>`;
  }
  toJSON(): unknown {
    return { id: this.id, name: this.name };
  }

  /** update(image=..., command=..., labels=..., ...): merged into the current spec (see service-update.ts). */
  update(...args: unknown[]): unknown {
    const kw = templateArgs('update', args, SERVICE_UPDATE_KEYS);
    return this.call('update', kw, () => updateService(this.docker, this.id, kw as ServiceChanges));
  }
  /** scale(replicas): replicated services only. */
  scale(...args: unknown[]): unknown {
    const kw = templateArgs('scale', args, ['replicas']);
    return this.call('scale', kw, () => updateService(this.docker, this.id, { mode: { replicated: { Replicas: integer(kw.replicas, 'replicas') } } }));
  }
  force_update(...args: unknown[]): unknown {
    const kw = templateArgs('force_update', args, []);
    return this.call('force_update', kw, () => updateService(this.docker, this.id, { force_update: true }));
  }
  reload(...args: unknown[]): null {
    const kw = templateArgs('reload', args, []);
    return this.call('reload', kw, async () => {
      this.attrs = await this.docker.getService(this.id).inspect();
      return null;
    }) as null;
  }
  remove(...args: unknown[]): null {
    const kw = templateArgs('remove', args, []);
    return this.call('remove', kw, async () => {
      await this.docker.getService(this.id).remove();
      return null;
    }) as null;
  }
  /** tasks(filters=None): the service's tasks as the engine lists them. */
  tasks(...args: unknown[]): unknown {
    const kw = templateArgs('tasks', args, ['filters']);
    return this.call('tasks', kw, () => this.docker.listTasks({ filters: { ...engineFilters(kw.filters), service: [this.id] } }));
  }

  private call(method: string, kw: Record<string, unknown>, run: () => Promise<unknown>): unknown {
    return templateCall(`service ${this.name}.${method}(${JSON.stringify(kw)})`, async () => {
      try {
        return await run();
      } catch (error) {
        throw engineFailure(`service ${this.name}.${method}()`, error);
      }
    });
  }
}

export async function loadService(docker: Docker, idOrName: string): Promise<DockerService> {
  return new DockerService(docker, await docker.getService(idOrName).inspect());
}

/** The SDK takes filters as `{name: value or [values]}`; the engine wants lists of strings. */
export function engineFilters(filters: unknown): Record<string, string[]> {
  if (filters === undefined || filters === null) return {};
  if (typeof filters !== 'object' || Array.isArray(filters)) throw new Error('filters must be a mapping of filter names to values');
  return Object.fromEntries(
    Object.entries(filters as Record<string, unknown>).map(([name, value]) => [
      name,
      (Array.isArray(value) ? value : [value]).map((item) => (typeof item === 'boolean' ? String(item) : String(item))),
    ]),
  );
}
