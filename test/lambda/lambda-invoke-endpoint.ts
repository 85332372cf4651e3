import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Invocation {
  functionName: string;
  invocationType: string | undefined;
  event: unknown;
}

/**
 * A local stand-in for the Lambda service's Invoke API (`POST /2015-03-31/functions/<name>/invocations`),
 * which the real AWS SDK client reaches through AWS_ENDPOINT_URL_LAMBDA. Event invocations are
 * answered 202 at once, as Lambda does, and the event is handed to `deliver` afterwards, as
 * Lambda's internal queue would. `refuse` makes it answer like a role without lambda:InvokeFunction.
 */
export class LambdaInvokeEndpoint {
  readonly invocations: Invocation[] = [];
  refuse = false;
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
        const invocation = { functionName: decodeURIComponent(match[1]!), invocationType: req.headers['x-amz-invocation-type'] as string | undefined, event: JSON.parse(Buffer.concat(chunks).toString('utf8')) as unknown };
        this.invocations.push(invocation);
        res.writeHead(202, { 'x-amzn-requestid': 'fake-request-id' }).end();
        // after the answer, like Lambda's queue: the caller has already returned by then
        this.deliveries.push(new Promise((resolve) => setTimeout(resolve, 50)).then(() => this.deliver(invocation.event)));
      });
    });
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  /** Waits until every queued event has been handled. */
  async delivered(): Promise<unknown[]> {
    return Promise.all(this.deliveries);
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise((resolve) => this.server.close(resolve));
  }
}
