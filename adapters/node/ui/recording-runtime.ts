/**
 * The runtime the app is given while the deliveries page is on: the same runtime, except that
 * every log event is also shown to the page's recorder (an action's output is what it logs), and
 * the delivery journals the app opens are handed to it (for the attempts' outputs and Redeliver).
 * Everything else is the runtime's own, called on the runtime itself.
 */
import type { LogEvent } from '../../../src/app/log-output.js';
import type { DeliveryJournal } from '../../../src/delivery/journal.js';
import type { Runtime } from '../../../src/runtime.js';
import { NodeJournal } from '../journal/node-journal.js';

export interface RuntimeTap {
  logged(event: LogEvent): void;
  journalOpened(journal: NodeJournal): void;
}

export function recordingRuntime<R extends Runtime>(runtime: R, tap: RuntimeTap): R {
  const log = (event: LogEvent): void => {
    tap.logged(event);
    runtime.log(event);
  };
  const deliveryJournal: Runtime['deliveryJournal'] = runtime.deliveryJournal
    ? (server, executor): DeliveryJournal => {
        const journal = runtime.deliveryJournal!(server, executor);
        if (journal instanceof NodeJournal) tap.journalOpened(journal);
        return journal;
      }
    : undefined;
  return new Proxy(runtime, {
    get(target, property) {
      if (property === 'log') return log;
      if (property === 'deliveryJournal') return deliveryJournal;
      const value: unknown = Reflect.get(target, property, target);
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
    },
  });
}
