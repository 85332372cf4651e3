import { ConfigError } from '../config/config-error.js';
import type { EndpointConfig, ServerConfig } from '../config/server-config.js';

/** Lambda's own retry schedule for asynchronous invocations (docs/delivery.md, "Each runtime"). */
export const LAMBDA_MAX_ATTEMPTS = 3;
export const LAMBDA_RETRY_WAITS_SECONDS: readonly number[] = [60, 120];

/**
 * `retry` as Lambda's asynchronous invocation can give it (adapters/lambda/lambda-journal.ts), else a ConfigError
 * naming the limit: at most 3 attempts, Lambda's own waits (about 1 min, then 2 min), and one
 * count for the whole function, since `maximumRetryAttempts` is set per function, not per event.
 * `build --target lambda` and `check --target lambda` call it.
 */
export function checkLambdaRetry(config: ServerConfig): void {
  let first: EndpointConfig | undefined;
  for (const endpoint of config.endpoints) {
    const retry = endpoint.retry;
    // attempts: 1 is no retry: the delays never apply
    if (!retry || retry.attempts === 1) continue;
    const where = `${endpoint.path}.retry`;
    if (retry.attempts > LAMBDA_MAX_ATTEMPTS) {
      throw new ConfigError(
        `attempts: ${retry.attempts} is more than Lambda gives: its asynchronous invocation runs an event at most ${LAMBDA_MAX_ATTEMPTS} times (maximumRetryAttempts 2). Set attempts to ${LAMBDA_MAX_ATTEMPTS} or less, or run this endpoint on Node (docs/delivery.md)`,
        undefined,
        `${where}.attempts`,
      );
    }
    const [firstWait, secondWait] = LAMBDA_RETRY_WAITS_SECONDS as [number, number];
    if (retry.delaySeconds !== firstWait) {
      throw new ConfigError(
        `delay is ${seconds(retry.delaySeconds)}, but Lambda retries on its own schedule: about ${seconds(firstWait)} after the first attempt, then ${seconds(secondWait)} after the second. Write delay: 1m (the default, 10s, is Node's), or run this endpoint on Node (docs/delivery.md)`,
        undefined,
        `${where}.delay`,
      );
    }
    if (retry.attempts === 3 && retry.maxDelaySeconds < secondWait) {
      throw new ConfigError(
        `max_delay is ${seconds(retry.maxDelaySeconds)}, but Lambda waits about ${seconds(secondWait)} before the third attempt: set max_delay to 2m or more`,
        undefined,
        `${where}.max_delay`,
      );
    }
    if (first && first.retry!.attempts !== retry.attempts) {
      throw new ConfigError(
        `attempts: ${retry.attempts} differs from ${first.path} (attempts: ${first.retry!.attempts}): Lambda retries every event of a function as often as its maximumRetryAttempts says, so every endpoint with retry needs the same attempts (maximumRetryAttempts is attempts − 1)`,
        undefined,
        `${where}.attempts`,
      );
    }
    first ??= endpoint;
  }
}

/** The refusal of replay() on Lambda, with the reason. */
export const LAMBDA_REPLAY_REFUSAL =
  'an asynchronous Lambda invocation runs at once and cannot wait until the replay is due; it would need a scheduler (EventBridge Scheduler, or an SQS queue with a delay), which the Lambda bundle does not set up. Run this endpoint on Node (docs/delivery.md)';

function seconds(value: number): string {
  return value % 60 === 0 && value >= 60 ? `${value / 60} min` : `${value} s`;
}
