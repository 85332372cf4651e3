/** A Worker's bindings as `fetch(request, env, ctx)` receives them: secrets, vars, and others (KV, queues, ...). */
export type WorkerBindings = Record<string, unknown>;
