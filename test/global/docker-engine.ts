/**
 * vitest globalSetup: one real Docker engine (dockerd, registry, swarm, sshd) for the whole run,
 * shared by the test files through `inject('dockerEngine')`. It starts nothing when the run's
 * file filters name no Docker test, and hands tests the reason when the engine cannot start
 * (tests skip on that locally and fail under CI=true).
 */
import type { TestProject } from 'vitest/node';
import { dockerEngineUnavailable, startDockerEngine, stopDockerEngine, type DockerEngineInfo } from '../helpers/docker-engine.js';

declare module 'vitest' {
  export interface ProvidedContext {
    dockerEngine: DockerEngineInfo | null;
    dockerEngineMissing: string;
  }
}

/** Where the test files that need the engine live; vitest's file filters match path substrings. */
const ENGINE_TESTS = 'test/docker/';

export default async function setup(project: TestProject): Promise<(() => Promise<void>) | void> {
  const filters = process.argv.slice(2).filter((arg) => !arg.startsWith('-') && arg !== 'run');
  if (filters.length > 0 && !filters.some((filter) => ENGINE_TESTS.includes(filter) || filter.includes('docker'))) {
    project.provide('dockerEngine', null);
    project.provide('dockerEngineMissing', 'no test in this run needs Docker');
    return;
  }
  const missing = dockerEngineUnavailable();
  if (missing) {
    project.provide('dockerEngine', null);
    project.provide('dockerEngineMissing', missing);
    return;
  }
  const started = performance.now();
  const engine = await startDockerEngine();
  console.error(`[docker-engine] started in ${Math.round(performance.now() - started)} ms at ${engine.dockerHost}`);
  project.provide('dockerEngine', engine);
  project.provide('dockerEngineMissing', '');
  return async () => {
    const stopping = performance.now();
    await stopDockerEngine(engine);
    console.error(`[docker-engine] stopped in ${Math.round(performance.now() - stopping)} ms`);
  };
}
