/**
 * `webhook-proxy deliveries`: the delivery journal of a config's `server.state_dir`, read and
 * changed from the command line while the server runs (SQLite in WAL mode lets both write).
 *
 *   deliveries [server.yml] [--state STATE] [--limit N]   recent deliveries, newest first
 *   deliveries show ID [server.yml]                       one delivery and its attempts
 *   deliveries retry ID [server.yml]                      a dead delivery goes back in the queue
 *   deliveries purge --dead|--succeeded [--older-than 7d] [server.yml]
 */
import { existsSync } from 'node:fs';
import { parseDuration } from '../../src/config/duration.js';
import { DELIVERY_STATES, type DeliveryState } from '../../src/delivery/delivery-record.js';
import { atMostOneFile, oneOf, parseCommandArgs, UsageError } from './cli-args.js';
import { SqliteJournal, type DeliveryRow } from './journal/sqlite-journal.js';
import { configFileOf, loadConfigFile } from './load-config-file.js';

interface Output {
  out(text: string): void;
  warn(message: string): void;
}

/** Runs the command; resolves the exit status. */
export async function deliveriesCommand(args: string[], output: Output): Promise<number> {
  const [sub] = args;
  if (sub === 'show' || sub === 'retry') {
    const [id, ...rest] = parseCommandArgs(args.slice(1), {}).positionals;
    if (!id) throw new UsageError(`deliveries ${sub} needs a delivery id`);
    const journal = await openJournal(atMostOneFile(rest), output);
    try {
      const found = journal.find(id);
      if (!found) {
        output.warn(`no delivery ${id} in ${journal.file}`);
        return 1;
      }
      if (Array.isArray(found)) {
        output.warn(`"${id}" matches ${found.length} deliveries (${found.map((row) => row.id).join(', ')}): give more of the id`);
        return 1;
      }
      if (sub === 'show') {
        output.out(showDelivery(found, journal));
        return 0;
      }
      if (!journal.requeue(found.id)) {
        output.warn(`delivery ${found.id} is ${found.state}, not dead: only a dead delivery is sent again`);
        return 1;
      }
      output.out(`delivery ${found.id} is pending again; a running server on this journal delivers it within a second, starting at action ${found.nextAction}\n`);
      return 0;
    } finally {
      journal.close();
    }
  }
  if (sub === 'purge') return purge(args.slice(1), output);
  return list(args, output);
}

async function list(args: string[], output: Output): Promise<number> {
  const { values, positionals } = parseCommandArgs(args, {
    state: { type: 'string', needs: `one of ${DELIVERY_STATES.join(', ')}` },
    limit: { type: 'string', needs: 'a whole number, 1 or more' },
  });
  const state: DeliveryState | undefined = values.state === undefined ? undefined : oneOf('--state', values.state, DELIVERY_STATES);
  const limit = values.limit === undefined ? 50 : Number(values.limit);
  if (!Number.isSafeInteger(limit) || limit < 1) throw new UsageError(`--limit takes a whole number, 1 or more, not ${JSON.stringify(values.limit)}`);
  const journal = await openJournal(atMostOneFile(positionals), output);
  try {
    const rows = journal.list(limit, state);
    if (rows.length === 0) {
      output.out(`no deliveries${state ? ` ${state}` : ''} in ${journal.file}\n`);
      return 0;
    }
    const table = [
      ['ID', 'RECEIVED', 'ROUTE', 'STATE', 'ATTEMPTS', 'LAST ERROR'],
      ...rows.map((row) => [
        row.id,
        iso(row.receivedAt),
        `${row.request.method} ${row.request.route}${row.kind === 'replay' ? ' (replay)' : ''}`,
        row.state,
        String(row.attempts),
        row.lastError ?? '',
      ]),
    ];
    const widths = table[0]!.map((_, column) => Math.max(...table.map((line) => line[column]!.length)));
    output.out(
      table
        .map((line) =>
          line
            .map((cell, column) => (column === line.length - 1 ? cell : cell.padEnd(widths[column]!)))
            .join('  ')
            .trimEnd(),
        )
        .join('\n') + '\n',
    );
    return 0;
  } finally {
    journal.close();
  }
}

async function purge(args: string[], output: Output): Promise<number> {
  const { values, positionals } = parseCommandArgs(args, {
    dead: { type: 'boolean' },
    succeeded: { type: 'boolean' },
    'older-than': { type: 'string', needs: 'a duration (e.g. 7d)' },
  });
  if (values.dead && values.succeeded) throw new UsageError('purge takes one of --dead and --succeeded');
  const state = values.dead ? 'dead' : values.succeeded ? 'succeeded' : undefined;
  let olderThan = 0;
  if (values['older-than'] !== undefined) {
    const parsed = parseDuration(values['older-than']);
    if ('reason' in parsed) throw new UsageError(`--older-than ${parsed.reason}`);
    olderThan = parsed.seconds;
  }
  if (!state) throw new UsageError('purge needs --dead or --succeeded (pending, running and retrying deliveries are never purged)');
  const journal = await openJournal(atMostOneFile(positionals), output);
  try {
    const removed = journal.purge(state, Date.now() - olderThan * 1000);
    output.out(`removed ${removed} ${state} deliver${removed === 1 ? 'y' : 'ies'}${olderThan ? ` older than ${values['older-than']}` : ''}\n`);
    return 0;
  } finally {
    journal.close();
  }
}

function showDelivery(row: DeliveryRow, journal: SqliteJournal): string {
  const lines = [
    `id:          ${row.id}${row.kind === 'replay' ? ' (replay)' : ''}`,
    `route:       ${row.request.method} ${row.request.route} (path ${row.request.path})`,
    `received:    ${iso(row.receivedAt)}`,
    `state:       ${row.state}${row.state === 'retrying' || row.state === 'pending' ? ` (due ${iso(row.dueAt)})` : ''}`,
    `attempts:    ${row.attempts}`,
    `next action: ${row.nextAction}`,
    `last error:  ${row.lastError ?? '-'}`,
    `context:     ${JSON.stringify(row.context)}`,
    `headers:     ${row.request.headers.length}, body ${Math.floor((row.request.body.length * 3) / 4)} bytes (base64 ${row.request.body.length})`,
    'attempts:',
  ];
  for (const attempt of journal.attempts(row.id)) {
    const at = attempt.actionIndex === null ? '' : ` at action ${attempt.actionIndex}`;
    lines.push(`  ${attempt.attempt}  ${iso(attempt.startedAt)}  ${attempt.outcome}${at}${attempt.error ? `: ${attempt.error}` : ''}`);
  }
  return `${lines.join('\n')}\n`;
}

/** The journal of the config's state_dir; a missing file is not created (no server has written one there). */
async function openJournal(argument: string | undefined, output: Output): Promise<SqliteJournal> {
  const config = await loadConfigFile(configFileOf(argument), output.warn);
  const journal = new SqliteJournal(config.server.stateDir);
  if (!existsSync(journal.file))
    throw new Error(`no delivery journal at ${journal.file} (server.state_dir ${config.server.stateDir}, relative to the working directory): no server with an async endpoint has run here`);
  journal.open();
  return journal;
}

function iso(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}
