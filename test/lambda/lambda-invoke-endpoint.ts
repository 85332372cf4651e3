import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Invocation {
  functionName: string;
  invocationType: string | undefined;
  event: unknown;
}

/** One run of the function on a queued event: what it returned, or the error it threw. */
export interface Run {
  /** The event as the function received it (parsed afresh from the stored payload each time). */
  event: unknown;
  /** 1 for the first run of the event, 2 and 3 for Lambda's retries. */
  attempt: number;
  result?: unknown;
  error?: string;
}

/** What Lambda sends to the function's on-failure destination once an event's last run failed. */
export interface FailedEvent {
  event: unknown;
  condition: 'RetriesExhausted';
  approximateInvokeCount: number;
  error: string;
}

/**
 * A local stand-in for the Lambda service's Invoke API (`POST /2015-03-31/functions/<name>/invocations`),
 * which the real AWS SDK client reaches through AWS_ENDPOINT_URL_LAMBDA. Event invocations are
 * answered 202 at once, as Lambda does, and the event is handed to `deliver` afterwards, as
 * Lambda's internal queue would. Like Lambda's asynchronous invocation, an event whose run throws is
 * run again, the same stored payload, up to `maximumRetryAttempts` more times (at once here, where
 * Lambda waits about 1 min, then 2 min), and then goes to `onFailure`.
 * `refuse` makes it answer like a role without lambda:InvokeFunction.
 */
export class LambdaInvokeEndpoint {
  readonly invocations: Invocation[] = [];
  readonly runs: Run[] = [];
  readonly onFailure: FailedEvent[] = [];
  refuse = false;
  /** Lambda's default, and serverless.yml's. */
  maximumRetryAttempts = 2;
  private server!: Server;
  private readonly deliveries: Promise<unknown>[] = [];
  url = '';

  constructor(private readonly deliver: (event: unknown) => Promise<unknown>) {}

  async start(): Promise<this> {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        const match = /^\/2015-03-31\/functions\/([^/]+)\/invocations/.exec(req.url ?? '');
        if (req.method !== 'POST' || !match) {
          res.writeHead(404, { 'content-type': 'application/json' }).end('{"message":"not an Invoke call"}');
          return;
        }
        if (this.refuse) {
          res
            .writeHead(403, { 'content-type': 'application/json', 'x-amzn-errortype': 'AccessDeniedException' })
            .end(JSON.stringify({ Message: 'User is not authorized to perform: lambda:InvokeFunction' }));
          return;
        }
        const payload = Buffer.concat(chunks).toString('utf8');
        const invocation = { functionName: decodeURIComponent(match[1]!), invocationType: req.headers['x-amz-invocation-type'] as string | undefined, event: JSON.parse(payload) as unknown };
        this.invocations.push(invocation);
        res.writeHead(202, { 'x-amzn-requestid': 'fake-request-id' }).end();
        // after the answer, like Lambda's queue: the caller has already returned by then
        this.deliveries.push(new Promise((resolve) => setTimeout(resolve, 50)).then(() => this.runWithRetries(payload)));
      });
    });
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  /** Runs a stored event until a run does not throw or the retries are spent; resolves the last result (or the error's message). */
  private async runWithRetries(payload: string): Promise<unknown> {
    for (let attempt = 1; ; attempt++) {
      const event = JSON.parse(payload) as unknown;
      try {
        const result = await this.deliver(event);
        this.runs.push({ event, attempt, result });
        return result;
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        this.runs.push({ event, attempt, error: message });
        if (attempt > this.maximumRetryAttempts) {
          this.onFailure.push({ event, condition: 'RetriesExhausted', approximateInvokeCount: attempt, error: message });
          return { errorMessage: message };
        }
      }
    }
  }

  /** Waits until every queued event has been handled, retries included. */
  async delivered(): Promise<unknown[]> {
    return Promise.all(this.deliveries);
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise((resolve) => this.server.close(resolve));
  }
}
