/**
 * The command line's options, read by Node's `util.parseArgs` for every subcommand, with the
 * tool's own short reasons: an unknown option names the nearest known one, as an unknown
 * config key does.
 */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { didYouMean } from '../../src/config/suggest.js';

/** A mistake in the arguments: the CLI prints it above the usage and exits 2. */
export class UsageError extends Error {}

/** `needs` completes "--out needs …" when a string option is given without its value. */
export type CliOption = { type: 'boolean' } | { type: 'string'; needs: string };

export type CliValues<T extends Record<string, CliOption>> = { [K in keyof T]?: T[K] extends { type: 'string' } ? string : boolean };

/** Taken anywhere on the line before a command reads its own options, so offered as suggestions too. */
const GLOBAL_FLAGS = ['--help', '--version'];

/** Options anywhere among the positionals; `--name value` and `--name=value` both work; `--` ends the options. */
export function parseCommandArgs<T extends Record<string, CliOption>>(args: string[], options: T): { values: CliValues<T>; positionals: string[] } {
  const config = {
    args,
    options: Object.fromEntries(Object.entries(options).map(([name, option]) => [name, { type: option.type }])),
    allowPositionals: true,
  } satisfies ParseArgsConfig;
  try {
    const { values, positionals } = parseArgs({ ...config, strict: true });
    return { values: values as CliValues<T>, positionals };
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (!code?.startsWith('ERR_PARSE_ARGS_')) throw error;
    // parseArgs' messages name the option inside prose; the tokens say which one and how it was written
    throw new UsageError(explain(config, options) ?? (error as Error).message);
  }
}

function explain(config: ParseArgsConfig, options: Record<string, CliOption>): string | undefined {
  const { tokens } = parseArgs({ ...config, strict: false, tokens: true });
  const known = [...Object.keys(options).map((name) => `--${name}`), ...GLOBAL_FLAGS];
  for (const token of tokens) {
    if (token.kind !== 'option') continue;
    const option = options[token.name];
    if (!option) return `unknown option ${token.rawName}${didYouMean(token.rawName, known)}`;
    if (option.type === 'boolean') {
      if (token.value !== undefined) return `${token.rawName} takes no value`;
    } else if (token.value === undefined) {
      return `${token.rawName} needs ${option.needs}`;
    } else if (!token.inlineValue && token.value.startsWith('-')) {
      // `--out --target lambda` is far more often a forgotten value than a folder named "--target"
      return `${token.rawName} needs ${option.needs}, not the option ${token.value} (a value starting with "-" is written ${token.rawName}=${token.value})`;
    }
  }
  return undefined;
}

/** The one config file a command takes, or undefined for the default. */
export function atMostOneFile(positionals: string[]): string | undefined {
  if (positionals.length > 1) throw new UsageError(`expected at most one config file, got ${positionals.length} arguments`);
  return positionals[0];
}

/** An option's value checked against its fixed set. */
export function oneOf<V extends string>(flag: string, value: string, allowed: readonly V[]): V {
  if (!(allowed as readonly string[]).includes(value)) throw new UsageError(`${flag} must be one of ${allowed.join(', ')}, not ${JSON.stringify(value)}`);
  return value as V;
}
