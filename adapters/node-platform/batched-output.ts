export type OutputStream = 'stdout' | 'stderr';

/**
 * Past this many characters waiting, they are written at once rather than at the end of the turn,
 * so a burst of output does not pile up in memory.
 */
const WRITE_AT = 4096;

/**
 * The server's standard output and error, written in batches: what one event-loop turn produced
 * goes out in one write per stream when the turn ends (or as soon as a few KB wait), instead of one
 * write per line — two per request under load (the action's output, the access line).
 *
 * Nothing is lost: what waits is written when the process exits (process.exit, the end of a
 * SIGTERM drain) and before an uncaught exception is reported. Within a batch stdout goes first,
 * so a request's lines (its actions' output on stdout, then its access line on stderr) stay in
 * order where both streams end up in one log.
 *
 * The batches go through Node's own process.stdout/stderr, not sonic-boom: Node makes stdio pipes
 * non-blocking, and sonic-boom's synchronous mode answers a full pipe (EAGAIN) by sleeping the
 * whole process 100 ms per try (two thirds of the server's time in a load run with the output to a
 * pipe), while its asynchronous mode writes from the thread pool, where stdout and stderr can
 * overtake each other and a write still running at exit is lost. Node's stream writes at once when
 * the pipe or file takes it and queues without blocking when it does not, as before.
 */
class BatchedOutput {
  private readonly waiting: Record<OutputStream, string> = { stdout: '', stderr: '' };
  private waitingChars = 0;
  private scheduled = false;
  private readonly flushAtTurnEnd = () => {
    this.scheduled = false;
    this.flush();
  };

  constructor() {
    process.on('exit', () => this.flush());
    // before Node prints the exception and exits: the lines that led up to it come first
    process.on('uncaughtExceptionMonitor', () => this.flush());
  }

  write(stream: OutputStream, text: string): void {
    this.waiting[stream] += text;
    this.waitingChars += text.length;
    if (this.waitingChars >= WRITE_AT) this.flush();
    else if (!this.scheduled) {
      this.scheduled = true;
      setImmediate(this.flushAtTurnEnd);
    }
  }

  /** Writes everything waiting now, stdout first. */
  flush(): void {
    this.waitingChars = 0;
    const { stdout, stderr } = this.waiting;
    this.waiting.stdout = '';
    this.waiting.stderr = '';
    if (stdout) process.stdout.write(stdout);
    if (stderr) process.stderr.write(stderr);
  }
}

export type { BatchedOutput };

let shared: BatchedOutput | undefined;

/** The process's one batched output (one per process: it holds the exit hooks). */
export function batchedOutput(): BatchedOutput {
  shared ??= new BatchedOutput();
  return shared;
}
