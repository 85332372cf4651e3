/** The shared Docker engine (started once by test/global/docker-engine.ts) for a test file. */
import { inject, it } from 'vitest';
import type { ServerProcess } from '../helpers/cli.js';
import type { DockerEngineInfo } from '../helpers/docker-engine.js';

/**
 * The engine, or null when it is not available here: then the file's tests are skipped with the
 * reason printed loudly, except under CI=true, where a missing engine is a failure.
 */
export function dockerEngine(): DockerEngineInfo | null {
  const engine = inject('dockerEngine');
  if (engine) return engine;
  const reason = inject('dockerEngineMissing');
  if (process.env.CI === 'true') throw new Error(`the Docker test engine is required under CI=true: ${reason}`);
  console.warn(`\n!!! SKIPPING Docker tests: ${reason}\n`);
  return null;
}

/** `it` that runs only with an engine. */
export function itWithEngine(engine: DockerEngineInfo | null) {
  return engine ? it : it.skip;
}

/** What one request printed: status, stdout lines (trimmed, non-empty) and stderr text. */
export interface Posted {
  status: number;
  lines: string[];
  errors: string;
}

/**
 * POSTs to the server and collects what it printed meanwhile. The output pipes are read apart
 * from the HTTP answer, so this waits until both have been quiet for a moment.
 */
export async function postAndCollect(server: ServerProcess, path: string, body: unknown = {}): Promise<Posted> {
  const mark = server.stdout.length;
  const errorMark = server.stderr.length;
  const { status } = await server.post(path, body);
  let seen = -1;
  while (seen !== server.stdout.length + server.stderr.length) {
    seen = server.stdout.length + server.stderr.length;
    await new Promise((resolvePromise) => setTimeout(resolvePromise, 25));
  }
  return {
    status,
    lines: server
      .linesSince(mark)
      .map((line) => line.trim())
      .filter(Boolean),
    errors: server.stderr.slice(errorMark),
  };
}
