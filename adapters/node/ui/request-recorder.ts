/**
 * Feeds the deliveries page: each answered request the delivery journal does not hold (refused,
 * run synchronously, or a duplicate) becomes a row of `answered_requests`, with what it logged;
 * and the log events of delivery attempts go to the journal running them (their actions' output).
 * The record is bounded: rows older than `server.history` and all but the newest
 * MAX_ANSWERED_ROWS are removed.
 */
import type { LogEvent } from '../../../src/app/log-output.js';
import type { AnsweredRequest } from '../../../src/app/observer.js';
import type { NodeJournal } from '../journal/node-journal.js';
import type { RuntimeTap } from './recording-runtime.js';
import { maskHeaders, previewBody } from './request-preview.js';
import type { AnsweredRecord, AnsweredState, UiStore } from './ui-store.js';

export const MAX_ANSWERED_ROWS = 100_000;
/** Requests whose lines are held until they are answered; past it the oldest are dropped. */
const MAX_HELD = 1000;
const MAX_LINE = 4096;
const PRUNE_EVERY_MS = 3600_000;

type Line = AnsweredRecord['output'][number];

export class RequestRecorder implements RuntimeTap {
  private readonly journals = new Set<NodeJournal>();
  /** Lines logged by requests not answered yet, by request id. */
  private readonly held = new Map<string, Line[]>();
  private lastPrune = 0;

  constructor(
    private readonly store: UiStore,
    private historySeconds: number,
    private readonly stderr: (line: string) => void,
  ) {}

  /** A reload may change server.history. */
  setHistory(seconds: number): void {
    this.historySeconds = seconds;
  }

  get openJournals(): readonly NodeJournal[] {
    return [...this.journals];
  }

  journalOpened(journal: NodeJournal): void {
    this.journals.add(journal);
  }

  logged(event: LogEvent): void {
    // the access line (it has a status) comes after the answer: it is the request's, not an action's
    if (event.request_id === undefined || event.status !== undefined) return;
    for (const journal of this.journals) if (journal.logged(event)) return;
    if (event.route === undefined) return;
    let lines = this.held.get(event.request_id);
    if (!lines) {
      if (this.held.size >= MAX_HELD) this.held.delete(this.held.keys().next().value!);
      lines = [];
      this.held.set(event.request_id, lines);
    }
    const text = event.level === 'info' ? (event.text ?? event.msg) : event.msg;
    lines.push({ ...(event.action_index === undefined ? {} : { index: event.action_index }), level: event.level, text: text.length > MAX_LINE ? `${text.slice(0, MAX_LINE)}…` : text });
  }

  /** The observer hook (src/app/observer.ts). */
  readonly requestAnswered = (event: AnsweredRequest): void => {
    const lines = this.held.get(event.id) ?? [];
    this.held.delete(event.id);
    const state = stateOf(event, lines);
    if (!state) return;
    const now = Date.now();
    const body = previewBody(event.body ?? new Uint8Array(0));
    try {
      this.store.insertAnswered({
        receivedAt: Math.round(now - event.seconds * 1000),
        requestId: event.id,
        route: event.endpoint.route,
        method: event.method,
        path: event.path,
        state,
        status: event.status,
        durationMs: Math.round(event.seconds * 1e6) / 1000,
        remoteAddr: event.remoteAddr,
        headers: maskHeaders(event.headers),
        body: body.text,
        bodySize: event.body ? body.size : 0,
        output: lines,
      });
      if (now - this.lastPrune >= PRUNE_EVERY_MS) this.prune(now);
    } catch (error) {
      // the page misses a row; the request itself was answered already
      this.stderr(`deliveries page: cannot record ${event.method} ${event.endpoint.route} (${event.status}): ${(error as Error).message}`);
    }
  };

  prune(now = Date.now()): void {
    this.lastPrune = now;
    const removed = this.store.pruneAnswered(now - this.historySeconds * 1000, MAX_ANSWERED_ROWS);
    if (removed > 0) this.stderr(`deliveries page: removed ${removed} answered requests older than server.history or past the newest ${MAX_ANSWERED_ROWS}`);
  }
}

/** What the page calls the request, or undefined when the journal holds it (an accepted async request). */
function stateOf(event: AnsweredRequest, lines: readonly Line[]): AnsweredState | undefined {
  // dedupe logs this when it answers a duplicate in place of running the actions (src/app/dedupe.ts)
  if (event.status < 400 && lines.some((line) => line.index === undefined && line.text.startsWith('dedupe: duplicate delivery'))) return 'duplicate';
  if (event.status < 400) return event.endpoint.async ? undefined : 'succeeded';
  // 500 is an action that failed (or the server's own error); every other refusal is a 4xx or a busy 503
  if (event.status >= 500 && event.status !== 503 && !event.endpoint.async) return 'failed';
  return 'rejected';
}
