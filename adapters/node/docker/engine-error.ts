import { ActionError } from '../../../src/actions/action-error.js';

/** The engine's own message for a failed API call (dockerode puts it in `json.message`). */
export function engineMessage(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const failure = error as Error & { statusCode?: number; json?: { message?: string } | null; reason?: string };
  const message = failure.json?.message;
  if (failure.statusCode && message) return `${message} (HTTP ${failure.statusCode})`;
  if (failure.statusCode) return `${failure.reason ?? failure.message} (HTTP ${failure.statusCode})`;
  return failure.message;
}

/** Wraps an engine failure as an action failure naming what was attempted. */
export function engineFailure(what: string, error: unknown): ActionError {
  if (error instanceof ActionError) return error;
  return new ActionError(`${what} failed: ${engineMessage(error)}`);
}

export function statusCode(error: unknown): number | undefined {
  return (error as { statusCode?: number } | null)?.statusCode;
}
