/**
 * The `$invocation` of docker-family actions, read at load: `$containers: {$list: {filters: ...}}`
 * is the path `containers.list` called with the mapping as keyword arguments. A key that names
 * nothing, a path that ends on a namespace, or an argument the method does not take is a
 * startup error; argument values are templates rendered per request.
 */
import type { Settings, TemplateTree } from '../../../src/config/settings.js';
import { isEngineMethod, type EngineMethod, type EngineNamespace } from './client-api.js';

export interface Invocation {
  /** `containers.list` */
  readonly path: string;
  readonly method: EngineMethod;
  /** Keyword arguments; string leaves are templates. */
  readonly args: Record<string, TemplateTree>;
}

const isDollar = (key: string) => key.startsWith('$');
const isTree = (value: TemplateTree | undefined): value is { [key: string]: TemplateTree } =>
  typeof value === 'object' && value !== null && !Array.isArray(value) && typeof (value as { render?: unknown }).render !== 'function';

/** Reads the one `$` key of an action's settings against `api`. */
export function readInvocation(settings: Settings, api: EngineNamespace, action: string): Invocation {
  const keys = settings.keys().filter(isDollar);
  if (keys.length === 0) settings.fail(undefined, `the ${action} action needs exactly one $invocation (one of: ${describe(api)})`);
  if (keys.length > 1) settings.fail(keys[1], `the ${action} action takes exactly one $invocation, not ${keys.join(', ')}`);
  const key = keys[0]!;
  let value = settings.templateTree(key);
  let target: EngineMethod | EngineNamespace = api;
  const path: string[] = [];
  let name = key;
  for (;;) {
    const next: EngineMethod | EngineNamespace | undefined = isEngineMethod(target) ? undefined : target[name.slice(1)];
    if (!next || !Object.prototype.hasOwnProperty.call(target, name.slice(1))) {
      settings.fail(key, `${path.length ? path.join('.') : action} has no "${name.slice(1)}" (known: ${describe(target as EngineNamespace)})`);
    }
    path.push(name.slice(1));
    target = next;
    const inner = isTree(value) ? Object.keys(value).filter(isDollar) : [];
    if (inner.length === 0) break;
    if (inner.length > 1 || Object.keys(value as object).length > 1) {
      settings.fail(key, `${path.join('.')}: a level with a $invocation takes only that one key`);
    }
    name = inner[0]!;
    value = (value as Record<string, TemplateTree>)[name];
  }
  if (!isEngineMethod(target)) settings.fail(key, `${path.join('.')} is not callable: use one of ${describe(target)}`);
  if (value !== null && value !== undefined && !isTree(value)) settings.fail(key, `the arguments of ${path.join('.')} must be a mapping of names to values`);
  const args = (value ?? {}) as Record<string, TemplateTree>;
  for (const argument of Object.keys(args)) {
    if (!target.params.includes(argument)) {
      settings.fail(key, `${path.join('.')}() got an unexpected keyword argument '${argument}'${target.params.length ? ` (it takes: ${target.params.join(', ')})` : ' (it takes none)'}`);
    }
  }
  return { path: path.join('.'), method: target, args };
}

function describe(api: EngineNamespace): string {
  return Object.keys(api)
    .map((name) => `$${name}`)
    .join(', ');
}
