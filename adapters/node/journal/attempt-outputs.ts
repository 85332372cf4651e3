/**
 * The actions of the attempts a process is running, as the deliveries page shows them: each
 * action's output (what it logged: its output line, a command's result), when it started and
 * ended, and its error. Log events are matched to an attempt by the request id and route they
 * carry; two deliveries of one request id on one route running at the same moment (a sender
 * retrying without `dedupe`) cannot be told apart, and the later one gets both outputs.
 */
import type { LogEvent } from '../../../src/app/log-output.js';
import type { DeliveryRecord } from '../../../src/delivery/delivery-record.js';
import type { Settlement } from '../../../src/delivery/journal.js';
import type { ActionRun } from './history-schema.js';

/** An action's output past this is cut, with a note of how much was left out. */
export const MAX_ACTION_OUTPUT = 16 * 1024;

interface Running {
  readonly deliveryId: string;
  readonly attempt: number;
  /** When the current action began: the attempt's start, then each progress. */
  actionStartedAt: number;
  readonly lines: { index: number; text: string }[];
}

export class AttemptOutputs {
  private readonly running = new Map<string, Running>();

  begin(record: DeliveryRecord, attempt: number, now = Date.now()): void {
    this.running.set(keyOf(record.request.id, record.request.route), { deliveryId: record.id, attempt, actionStartedAt: now, lines: [] });
  }

  logged(event: LogEvent): boolean {
    if (event.request_id === undefined || event.route === undefined || event.action_index === undefined) return false;
    const run = this.running.get(keyOf(event.request_id, event.route));
    if (!run) return false;
    // the failure line repeats the error, which the action's row has on its own
    if (event.level !== 'error') run.lines.push({ index: event.action_index, text: event.text ?? event.msg });
    return true;
  }

  /** Action `index` ended well at `now` (a progress): its row. */
  ended(record: DeliveryRecord, index: number, now = Date.now()): { attempt: number; action: ActionRun } | undefined {
    const run = this.find(record);
    if (!run) return undefined;
    const action = this.take(run, index, now, true, null);
    return { attempt: run.attempt, action };
  }

  /** The attempt ended: the row of its last action (the one that failed, or the chain's last). */
  settled(record: DeliveryRecord, settlement: Settlement, now = Date.now()): ActionRun | undefined {
    const run = this.find(record);
    if (!run) return undefined;
    this.running.delete(keyOf(record.request.id, record.request.route));
    if (settlement.state === 'succeeded') {
      const last = settlement.nextAction - 1;
      // an attempt that resumed past the last action ran none
      return last >= record.nextAction ? this.take(run, last, now, true, null) : undefined;
    }
    return settlement.failedAction === null ? undefined : this.take(run, settlement.failedAction, now, false, settlement.error);
  }

  private find(record: DeliveryRecord): Running | undefined {
    const run = this.running.get(keyOf(record.request.id, record.request.route));
    return run?.deliveryId === record.id ? run : undefined;
  }

  private take(run: Running, index: number, now: number, ok: boolean, error: string | null): ActionRun {
    const text = run.lines
      .filter((line) => line.index === index)
      .map((line) => line.text)
      .join('\n');
    run.lines.splice(0, run.lines.length, ...run.lines.filter((line) => line.index > index));
    const action: ActionRun = { index, startedAt: run.actionStartedAt, finishedAt: now, ok, error, output: truncate(text) };
    run.actionStartedAt = now;
    return action;
  }
}

function keyOf(requestId: string, route: string): string {
  return `${route}\n${requestId}`;
}

function truncate(text: string): string {
  if (text.length <= MAX_ACTION_OUTPUT) return text;
  return `${text.slice(0, MAX_ACTION_OUTPUT)}\n… (${text.length - MAX_ACTION_OUTPUT} more characters not kept)`;
}
