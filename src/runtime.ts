import type { DeliveryIdSettings, DeliveryIdStore } from './app/delivery-ids.js';
import type { LogEvent, LogFormat } from './app/log-output.js';
import type { OpenDeliveryJournal } from './delivery/journal.js';

/**
 * Everything the core needs from the platform it runs on. The core never imports
 * `node:` modules; each adapter (Node, Lambda, Workers) implements this interface.
 */
export interface Runtime {
  /** Platform name, used in messages ("node", "lambda", "cloudflare"). */
  readonly name: string;
  /** Reads an environment variable (a Worker binding on Cloudflare). */
  env(name: string): string | undefined;
  /** Reads a whole text file, or undefined when it does not exist or the platform has no files. */
  readTextFile(path: string): string | undefined;
  /** The id of the container this process runs in, or null. */
  ownContainerId(): string | null;
  /** Writes one line to standard output; in the json log format, as the `msg` of an info record. */
  stdout(line: string): void;
  /** Writes one line to standard error; in the json log format, as the `msg` of a warn record. */
  stderr(line: string): void;
  /**
   * Writes one log event in the log format (src/app/log-output.ts): a text line, or one record
   * with its fields (request id, route, action...). stdout, stderr and log write through the
   * platform's write functions, the only place output leaves the process.
   */
  log(event: LogEvent): void;
  /** The log format from now on (`server.log_format`, `WEBHOOK_PROXY_LOG_FORMAT`); `text` until set. */
  setLogFormat(format: LogFormat): void;
  /**
   * Outbound HTTP; `tls` carries the `http` action's `verify` setting. Never follows redirects (a
   * 3xx is returned as it is: the `http` action follows them itself) and leaves the body unread.
   */
  fetch(request: Request, options: FetchOptions): Promise<Response>;
  /** Runs a program; absent where the platform cannot (Workers). */
  spawn?(argv: readonly string[], options: SpawnOptions): Promise<SpawnResult>;
  /**
   * Keeps `work` alive after the response has been sent (async endpoints).
   * Node tracks it for draining on shutdown; Workers hand it to `waitUntil`.
   */
  runInBackground(work: Promise<unknown>, platformContext: unknown): void;
  /** The client's address, as the platform reports it. */
  remoteAddress(platformContext: unknown): string;
  /**
   * The body of a request that declared its length (`Content-Length`, already checked against the
   * size limit), read from the platform's own request where reading the Web `Request` would copy
   * it once more. Absent, or undefined for a request it cannot read: the `Request` is read.
   */
  readDeclaredBody?(platformContext: unknown): Promise<Uint8Array> | undefined;
  /**
   * Where the delivery ids of endpoints with `dedupe` are kept (docs/dedupe.md): a file in
   * `server.state_dir` on Node, memory (and KV) on Workers, memory on Lambda. Asked once per app,
   * and only when an endpoint has `dedupe`.
   */
  deliveryIds(server: DeliveryIdSettings): DeliveryIdStore;
  /**
   * The delivery journal (src/delivery/journal.ts, docs/delivery.md): accepted async requests and
   * replays are written there before the answer, and the runtime's driver runs their attempts
   * through `executor`. Asked once per app, only when the config has an async endpoint or calls
   * replay(). Absent (Lambda and Workers, for now): async requests run in memory as before.
   */
  deliveryJournal?: OpenDeliveryJournal;
}

export interface FetchOptions {
  /** Abort after this many milliseconds. */
  timeoutMs: number;
  /** true: verify TLS (default); false: do not; string: path of a CA bundle. */
  tlsVerify: boolean | string;
}

export interface SpawnOptions {
  /** Variables added to the inherited environment (or to `PATH` alone, see `inheritEnv`). */
  env?: Record<string, string>;
  /**
   * false: the program sees only `env` and the server's `PATH`, none of the server's other
   * variables (its secrets). Default true.
   */
  inheritEnv?: boolean;
  cwd?: string;
  /** Kill the process after this many milliseconds. */
  timeoutMs?: number;
}

export interface SpawnResult {
  /** Exit status, or null when the process was killed by a signal. */
  exitCode: number | null;
  signal: string | null;
  timedOut: boolean;
  stdout: string;
  /** The last part of what the process wrote on stderr (it also goes to the server's stderr). */
  stderrTail: string;
}
