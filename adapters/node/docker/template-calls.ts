import { ActionError } from '../../../src/actions/action-error.js';

/**
 * Templates render synchronously, but `container.logs()`, `container.restart()` or
 * `service.scale(2)` talk to the engine. Design: the render is replayed.
 *
 * A template method call asks `templateCall()` for its result by call order. The first time a
 * call is reached its result is unknown: the call is recorded and the render is abandoned
 * (a private error unwinds it). `withTemplateCalls` then performs that one engine call, stores
 * the result, and renders again from the start; this time the call returns its stored result
 * synchronously and the render goes on to the next call. Every engine call runs exactly once,
 * in template order, each after the previous one finished; nothing is printed until a render
 * completes, so an abandoned render leaves no output. Template side effects that are not
 * engine calls (`context.set`) may run more than once; they are idempotent.
 */
interface CallLog {
  results: { signature: string; value: unknown }[];
  position: number;
  pending?: { signature: string; run: () => Promise<unknown> };
}

/**
 * The log of the render under way. Renders are synchronous, so a plain variable set around one
 * render is exact; AsyncLocalStorage would do the same but turns on promise hooks, which slow
 * every request of the server.
 */
let current: CallLog | undefined;

/** Thrown to abandon a render whose next engine call has not been made yet. */
class PendingEngineCall extends Error {
  override readonly name = 'PendingEngineCall';
}

/** Most engine calls one action's templates may make (a loop calling methods forever stops here). */
const MAX_CALLS = 200;

/** Called by result-object methods: the call's result when known, else records it and unwinds. */
export function templateCall<T>(signature: string, run: () => Promise<T>): T {
  const log = current;
  if (!log) {
    throw new ActionError(`${signature}: engine methods can be called from the templates of the log, eval, docker, docker-compose and docker-swarm actions only`);
  }
  const index = log.position++;
  const known = log.results[index];
  if (known) {
    if (known.signature !== signature) {
      throw new ActionError(`the template called ${signature} where it called ${known.signature} before: engine calls must not depend on the time or on random values`);
    }
    return known.value as T;
  }
  log.pending = { signature, run };
  throw new PendingEngineCall(signature);
}

/**
 * Runs `attempt` (which renders templates, synchronously) until it completes with every engine call
 * made. A render that calls no engine method (nearly all of them) completes at its first attempt,
 * and its result is returned as it is, not through a promise.
 */
export function withTemplateCalls<T>(attempt: () => T): T | Promise<T> {
  const log: CallLog = { results: [], position: 0 };
  const outcome = attemptOnce(log, attempt);
  if (!log.pending) {
    if ('error' in outcome) throw outcome.error;
    return outcome.value;
  }
  return untilEngineCallsMade(log, attempt);
}

/** Makes the pending engine call, renders again, and so on until a render completes. */
async function untilEngineCallsMade<T>(log: CallLog, attempt: () => T): Promise<T> {
  for (;;) {
    const pending = log.pending!;
    if (log.results.length >= MAX_CALLS) throw new ActionError(`the templates made more than ${MAX_CALLS} engine calls`);
    log.results.push({ signature: pending.signature, value: await pending.run() });
    const outcome = attemptOnce(log, attempt);
    if (!log.pending) {
      if ('error' in outcome) throw outcome.error;
      return outcome.value;
    }
  }
}

/** One render from the start, with the calls made so far answered from `log`. */
function attemptOnce<T>(log: CallLog, attempt: () => T): { value: T } | { error: unknown } {
  log.position = 0;
  log.pending = undefined;
  const outer = current;
  current = log;
  try {
    return { value: attempt() };
  } catch (error) {
    return { error };
  } finally {
    current = outer;
  }
}
