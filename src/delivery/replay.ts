import { ActionError } from '../actions/action-error.js';

/**
 * Thrown by `replay(seconds)` in a template, as in the original: the action ends there
 * without an error, later actions still run, and the request goes through its endpoint again
 * after `seconds` (run-actions.ts catches it and asks the journal to keep the replay).
 */
export class ReplayRequested extends Error {
  override readonly name = 'ReplayRequested';

  constructor(readonly seconds: number) {
    super(`replay requested in ${seconds} s`);
  }
}

/** The template function: a number of seconds > 0 (text of one too, as Python's float()), else the action fails. */
export function replayFunction(seconds: unknown): never {
  const value = typeof seconds === 'string' && seconds.trim() !== '' ? Number(seconds) : seconds;
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) {
    throw new ActionError(`Illegal replay interval: ${typeof value === 'number' && Number.isFinite(value) ? value.toFixed(2) : String(seconds)}`);
  }
  throw new ReplayRequested(value);
}

/** A template source that calls replay(): such an endpoint needs the journal. */
export function callsReplay(source: string): boolean {
  return /(?<![\w.])replay\s*\(/.test(source);
}
