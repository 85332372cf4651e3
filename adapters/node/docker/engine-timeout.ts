import { ActionError } from '../../../src/actions/action-error.js';
import type { Settings } from '../../../src/config/settings.js';

/** As the Python Docker SDK's client: an engine that stops answering must not hold a request forever. */
export const DEFAULT_DOCKER_TIMEOUT = 60;

/** The docker-family actions' `timeout:` in seconds (default 60). */
export function readTimeoutSetting(settings: Settings): number {
  const seconds = settings.seconds('timeout') ?? DEFAULT_DOCKER_TIMEOUT;
  if (seconds <= 0) settings.fail('timeout', 'must be more than 0 seconds');
  return seconds;
}

/**
 * Runs an action's engine work (connecting, the call, engine calls made from its output template)
 * and fails it once `seconds` have passed. The abandoned call is not cancellable through dockerode;
 * its socket closes when the engine answers or the connection drops.
 */
export async function withEngineTimeout<T>(seconds: number, what: string, work: () => Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new ActionError(`${what}: the Docker engine did not answer within ${seconds} s (the action's "timeout", default ${DEFAULT_DOCKER_TIMEOUT})`)), seconds * 1000);
  });
  try {
    return await Promise.race([work(), expired]);
  } finally {
    clearTimeout(timer);
  }
}
