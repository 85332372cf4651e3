/**
 * An endpoint's `response`, `concurrency`, `debounce` and `rate_limit` in a bundle (Lambda,
 * Workers): plain numbers, and templates by id as the rest of the serialised config.
 */
import type { EndpointConfig } from '../config/server-config.js';
import type { Template } from '../templates/index.js';

export interface SerializedControls {
  readonly response?: { readonly status: number; readonly body?: string; readonly headers: Readonly<Record<string, string>> };
  readonly concurrency?: { readonly limit: number; readonly key?: string };
  readonly debounce?: { readonly seconds: number; readonly key?: string };
  readonly rateLimit?: { readonly limit: number; readonly windowSeconds: number; readonly key?: string };
}

type Controls = Pick<EndpointConfig, 'response' | 'concurrency' | 'debounce' | 'rateLimit'>;

/** `{ controls }` for the serialised endpoint, or nothing when it has none. */
export function serializeControls(endpoint: EndpointConfig, templateId: (template: Template) => string): { controls?: SerializedControls } {
  const { response, concurrency, debounce, rateLimit } = endpoint;
  const key = (template: Template | undefined) => (template ? { key: templateId(template) } : {});
  const controls: SerializedControls = {
    ...(response
      ? {
          response: {
            status: response.status,
            ...(response.body ? { body: templateId(response.body) } : {}),
            headers: Object.fromEntries(Object.entries(response.headers).map(([name, template]) => [name, templateId(template)])),
          },
        }
      : {}),
    ...(concurrency ? { concurrency: { limit: concurrency.limit, ...key(concurrency.key) } } : {}),
    ...(debounce ? { debounce: { seconds: debounce.seconds, ...key(debounce.key) } } : {}),
    ...(rateLimit ? { rateLimit: { limit: rateLimit.limit, windowSeconds: rateLimit.windowSeconds, ...key(rateLimit.key) } } : {}),
  };
  return Object.keys(controls).length > 0 ? { controls } : {};
}

/** The endpoint's controls again, templates from the bundle. */
export function reviveControls(controls: SerializedControls | undefined, template: (id: string) => Template): Controls {
  if (!controls) return {};
  const { response, concurrency, debounce, rateLimit } = controls;
  const key = (id: string | undefined) => (id === undefined ? {} : { key: template(id) });
  return {
    ...(response
      ? {
          response: {
            status: response.status,
            ...(response.body === undefined ? {} : { body: template(response.body) }),
            headers: Object.fromEntries(Object.entries(response.headers).map(([name, id]) => [name, template(id)])),
          },
        }
      : {}),
    ...(concurrency ? { concurrency: { limit: concurrency.limit, ...key(concurrency.key) } } : {}),
    ...(debounce ? { debounce: { seconds: debounce.seconds, ...key(debounce.key) } } : {}),
    ...(rateLimit ? { rateLimit: { limit: rateLimit.limit, windowSeconds: rateLimit.windowSeconds, ...key(rateLimit.key) } } : {}),
  };
}
