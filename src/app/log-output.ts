/**
 * Log lines in the server's log format (docs/operations.md, "Logs"): `text`, the lines the original
 * printed, or `json`, one object per line with named fields. Every runtime writes its output
 * through one LogOutput, so a line written without fields (a startup message, a warning) still
 * comes out as a JSON record, and a json log can be parsed line by line whoever wrote the line.
 */

export type LogFormat = 'text' | 'json';
export type LogLevel = 'info' | 'warn' | 'error';
export type LogStream = 'stdout' | 'stderr';

export const LOG_FORMATS: readonly LogFormat[] = ['text', 'json'];
export const LOG_FORMAT_ENV = 'WEBHOOK_PROXY_LOG_FORMAT';

/** The fields a record carries where they apply. */
export interface LogFields {
  request_id?: string;
  route?: string;
  method?: string;
  status?: number;
  duration_ms?: number;
  action?: string;
  action_index?: number;
  remote_addr?: string;
  path?: string;
}

/** One thing to log. */
export interface LogEvent extends LogFields {
  level: LogLevel;
  msg: string;
  /**
   * The whole line in the text format, where it is not `[request id] METHOD route: msg` (the access
   * line; action output and validation failures, which print as the original printed them).
   */
  text?: string;
  /** Default: stdout for info, stderr for warn and error. */
  stream?: LogStream;
}

/** One line of the json format. */
export interface LogRecord extends LogFields {
  time: string;
  level: LogLevel;
  msg: string;
}

/** Where the lines go: the runtime's write functions, the only place output leaves the process. */
export interface LogSink {
  /** Writes one line (without its newline). */
  write(stream: LogStream, line: string): void;
  /** Writes one record as the platform prefers it (Workers: an object); absent: its JSON text as a line. */
  writeRecord?(stream: LogStream, record: LogRecord): void;
}

// the order fields appear in, whichever order a call site set them in
const FIELD_ORDER: readonly (keyof LogFields)[] = ['request_id', 'route', 'method', 'status', 'duration_ms', 'action', 'action_index', 'remote_addr', 'path'];

export class LogOutput {
  private format: LogFormat = 'text';

  constructor(private readonly sink: LogSink) {}

  setFormat(format: LogFormat): void {
    this.format = format;
  }

  /** A line without fields: as it is in text, as the `msg` of a record in json (info on stdout, warn on stderr). */
  line(stream: LogStream, line: string): void {
    if (this.format === 'text') this.sink.write(stream, line);
    else this.record(stream, { time: new Date().toISOString(), level: stream === 'stdout' ? 'info' : 'warn', msg: line });
  }

  event(event: LogEvent): void {
    const stream = event.stream ?? (event.level === 'info' ? 'stdout' : 'stderr');
    if (this.format === 'text') {
      this.sink.write(stream, event.text ?? textLine(event));
      return;
    }
    const record: LogRecord = { time: new Date().toISOString(), level: event.level, msg: event.msg };
    for (const field of FIELD_ORDER) {
      const value = event[field];
      if (value !== undefined) (record as unknown as Record<string, unknown>)[field] = value;
    }
    this.record(stream, record);
  }

  private record(stream: LogStream, record: LogRecord): void {
    if (this.sink.writeRecord) this.sink.writeRecord(stream, record);
    // JSON.stringify escapes every control character, so a record is always one line
    else this.sink.write(stream, JSON.stringify(record));
  }
}

/** `[request id] METHOD route: msg`, each part where it applies. */
export function textLine(event: LogEvent): string {
  const id = event.request_id ? `[${event.request_id}] ` : '';
  const where = event.method && event.route ? `${event.method} ${event.route}: ` : '';
  return `${id}${where}${event.msg}`;
}

/**
 * The log format: `WEBHOOK_PROXY_LOG_FORMAT` when set (a container or unit file says how its logs
 * are collected), else `server.log_format`. Any other value of the variable is an error, not text.
 */
export function resolveLogFormat(configured: LogFormat, fromEnv: string | undefined): LogFormat {
  if (fromEnv === undefined || fromEnv === '') return configured;
  const format = fromEnv.trim().toLowerCase();
  if (!(LOG_FORMATS as readonly string[]).includes(format)) {
    throw new Error(`${LOG_FORMAT_ENV} must be ${LOG_FORMATS.join(' or ')}, not ${JSON.stringify(fromEnv)}`);
  }
  return format as LogFormat;
}
