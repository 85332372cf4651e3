import { isEngineMethod, type EngineMethod, type EngineNamespace } from './client-api.js';

export type { EngineNamespace };

/** The method at a dotted path checked at load (`containers.list`). */
export function resolveMethod(api: EngineNamespace, path: string): EngineMethod {
  let target: EngineMethod | EngineNamespace = api;
  for (const name of path.split('.')) {
    if (isEngineMethod(target) || !Object.prototype.hasOwnProperty.call(target, name)) throw new Error(`no such invocation: ${path}`);
    target = target[name]!;
  }
  if (!isEngineMethod(target)) throw new Error(`not callable: ${path}`);
  return target;
}
