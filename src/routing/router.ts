import type { RoutePattern } from './flask-rule.js';

export interface Routed<T> {
  readonly pattern: RoutePattern;
  readonly value: T;
}

export interface RouteMatch<T> {
  value: T;
  viewArgs: Record<string, string | number>;
}

/** Finds the endpoint for a path: static rules first, then dynamic ones in config order. */
export class Router<T> {
  private readonly ordered: Routed<T>[];
  private readonly exact = new Map<string, T>();

  constructor(routes: Routed<T>[]) {
    for (const route of routes) if (route.pattern.isStatic) this.exact.set(route.pattern.rule, route.value);
    this.ordered = routes.filter((route) => !route.pattern.isStatic);
  }

  match(path: string): RouteMatch<T> | null {
    const exact = this.exact.get(path);
    if (exact !== undefined) return { value: exact, viewArgs: {} };
    for (const route of this.ordered) {
      const viewArgs = route.pattern.match(path);
      if (viewArgs) return { value: route.value, viewArgs };
    }
    return null;
  }
}
