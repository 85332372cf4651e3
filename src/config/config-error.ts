/** Where in a config file something is: 1-based line and column. */
export interface SourcePosition {
  file: string;
  line: number;
  column: number;
}

/**
 * A startup error in server.yml. Its message names the file, line, column and key
 * path, e.g. `server.yml:14:9 endpoints[1]./github.actions[2].execute: unknown key "comand"`.
 */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
  constructor(
    readonly reason: string,
    readonly position?: SourcePosition,
    readonly keyPath?: string,
  ) {
    super(formatConfigError(reason, position, keyPath));
  }
}

function formatConfigError(reason: string, position?: SourcePosition, keyPath?: string): string {
  const where = position ? `${position.file}:${position.line}:${position.column}` : '';
  const prefix = [where, keyPath].filter(Boolean).join(' ');
  return prefix ? `${prefix}: ${reason}` : reason;
}
