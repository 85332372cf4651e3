import { commonKeys, key } from '../key-table.js';
import type { Template } from '../templates/index.js';
import { ActionError } from './action-error.js';
import { defineAction } from './define-action.js';

/** `shell: true` → `sh -c`; a string → `<shell> -c`; a list → that prefix; false → no shell. */
type Shell = { prefix: string[] } | null;

interface PreparedExecute {
  /** With a shell: one template (the items joined by spaces). Without: one template per argument. */
  command: Template[];
  shell: Shell;
  output: Template;
  env?: Record<string, Template>;
  inheritEnv: boolean;
  cwd?: Template;
  timeout?: number;
}

/** Runs a command; its standard output is `result` in the output template. */
export default defineAction<PreparedExecute>({
  name: 'execute',
  keys: [
    key('command', 'template-or-list', 'The command: a string, or a list of arguments (each a template).', { required: true }),
    key('shell', 'any', 'true runs the command with sh -c; a shell path or a list is used as the prefix; false runs it without a shell.'),
    commonKeys.output('{{ result }}'),
    key('env', 'template-map', 'Environment variables set for the command (templates).'),
    key('inherit_env', 'boolean', "The command gets the server's environment (plus env).", { default: true }),
    key('cwd', 'template', 'Working folder of the command.'),
    key('timeout', 'duration', 'Seconds before the command is killed and the action fails.'),
  ],
  runtimes: ['node', 'lambda'],
  prepare(settings) {
    settings.require('command');
    const raw = settings.value('command');
    const items = Array.isArray(raw) ? raw : [raw];
    if (items.length === 0 || !items.every((item) => ['string', 'number', 'boolean'].includes(typeof item))) {
      settings.fail('command', 'must be a string or a list of strings');
    }
    const shell = parseShell(settings.value('shell'), (reason) => settings.fail('shell', reason));
    const strings = items.map(String);
    return {
      // with a shell the items are joined by spaces and rendered once, as the original did
      command: shell ? [settings.templateFrom('command', strings.join(' '))] : strings.map((item) => settings.templateFrom('command', item)),
      shell,
      output: settings.template('output', { default: '{{ result }}' }),
      env: settings.templateMap('env'),
      inheritEnv: settings.boolean('inherit_env', true),
      cwd: settings.template('cwd'),
      timeout: settings.seconds('timeout'),
    };
  },
  async run(prepared, call) {
    const spawn = call.runtime.spawn;
    if (!spawn) throw new ActionError(`the execute action cannot run on ${call.runtime.name}`);
    const rendered = prepared.command.map((template) => call.render(template));
    const argv = prepared.shell ? [...prepared.shell.prefix, rendered[0]!] : rendered;
    const env = prepared.env && Object.fromEntries(Object.entries(prepared.env).map(([name, value]) => [name, call.render(value)]));
    const result = await spawn.call(call.runtime, argv, {
      env,
      inheritEnv: prepared.inheritEnv,
      cwd: prepared.cwd && call.render(prepared.cwd),
      timeoutMs: prepared.timeout === undefined ? undefined : prepared.timeout * 1000,
    });
    if (result.exitCode !== 0) {
      const why = result.timedOut ? `timed out after ${prepared.timeout} s` : result.signal ? `was killed by ${result.signal}` : `exited with status ${result.exitCode}`;
      const tail = result.stderrTail.trim();
      throw new ActionError(`command ${why}${tail ? `; stderr: ${tail}` : ''}`);
    }
    call.print(call.render(prepared.output, { result: result.stdout }));
  },
});

function parseShell(value: unknown, fail: (reason: string) => never): Shell {
  if (value === undefined || value === true) return { prefix: ['sh', '-c'] };
  if (value === false) return null;
  if (typeof value === 'string' && value.trim() !== '') return { prefix: [value, '-c'] };
  if (Array.isArray(value) && value.length > 0 && value.every((item) => typeof item === 'string' && item !== '')) return { prefix: value as string[] };
  return fail('must be true, false, a shell program like "bash", or a prefix list like ["bash", "-c"]; an empty value runs nothing');
}
