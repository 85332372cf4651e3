import { existsSync } from 'node:fs';
import { isAbsolute, join, resolve } from 'node:path';
import { defineAction } from '../../../src/actions/define-action.js';
import type { TemplateTree } from '../../../src/config/settings.js';
import { key } from '../../../src/key-table.js';
import type { Template } from '../../../src/templates/index.js';
import { COMPOSE_INVOCATIONS, COMPOSE_PROJECT, composeContext } from './compose-project.js';
import { dockerConnection } from './connection.js';
import { ENGINE_KEYS, INVOCATION_KEYS, readHostSetting } from './docker-action.js';
import { engineFailure } from './engine-error.js';
import { readTimeoutSetting, withEngineTimeout } from './engine-timeout.js';
import { readInvocation } from './invocation.js';
import { withTemplateCalls } from './template-calls.js';

interface PreparedCompose {
  projectName: string;
  directory: string;
  composefile: string;
  invocation: keyof typeof COMPOSE_PROJECT;
  args: Record<string, TemplateTree>;
  output: Template;
  host?: string;
  timeout: number;
}

/** One invocation on a Compose v2 project (`$up`, `$down`, `$get_services`, ...); its return value is `result`. */
export default defineAction<PreparedCompose>({
  name: 'docker-compose',
  keys: [
    key('project_name', 'string', 'The Compose project name (lowercase letters, digits, - and _).', { required: true }),
    key('directory', 'string', 'The project folder, as docker compose is run from.', { required: true }),
    key('composefile', 'string', 'The Compose file, relative to directory.', { default: 'docker-compose.yml' }),
    ...ENGINE_KEYS,
  ],
  keyPatterns: INVOCATION_KEYS,
  runtimes: ['node'],
  prepare(settings) {
    const text = (key: string, fallback?: string): string => {
      const value = settings.value(key) ?? fallback;
      if (value === undefined || value === null) settings.require(key);
      if (typeof value !== 'string' && typeof value !== 'number') settings.fail(key, 'must be a string');
      if (String(value).trim() === '') settings.fail(key, 'must not be empty');
      return String(value);
    };
    const projectName = text('project_name');
    if (!/^[a-z0-9][a-z0-9_-]*$/.test(projectName)) settings.fail('project_name', 'Compose project names are lowercase letters, digits, "-" and "_", starting with a letter or digit');
    const directory = resolve(text('directory'));
    const composefile = text('composefile', 'docker-compose.yml');
    const file = isAbsolute(composefile) ? composefile : join(directory, composefile);
    // the original loaded the project at startup: a missing file is a startup error here too
    if (!existsSync(file)) settings.fail(settings.has('composefile') ? 'composefile' : 'directory', `the Compose file ${file} does not exist`);
    const invocation = readInvocation(settings, COMPOSE_INVOCATIONS, 'docker-compose');
    return {
      projectName,
      directory,
      composefile: file,
      invocation: invocation.path as keyof typeof COMPOSE_PROJECT,
      args: invocation.args,
      output: settings.template('output', { default: '{{ result }}' }),
      host: readHostSetting(settings),
      timeout: readTimeoutSetting(settings),
    };
  },
  async run(prepared, call) {
    const env = (name: string) => call.runtime.env(name);
    const where = `docker-compose ${prepared.invocation}() of project ${prepared.projectName} on ${prepared.host ?? env('DOCKER_HOST') ?? 'the default engine'}`;
    const text = await withEngineTimeout(prepared.timeout, where, async () => {
      const connection = await dockerConnection(prepared.host, env);
      const project = composeContext({ projectName: prepared.projectName, directory: prepared.directory, composefile: prepared.composefile }, connection, env);
      const args = call.renderTree(prepared.args) as Record<string, unknown>;
      let result: unknown;
      try {
        result = await COMPOSE_PROJECT[prepared.invocation].call(project, args);
      } catch (error) {
        throw engineFailure(`docker-compose ${prepared.invocation}() of project ${prepared.projectName} on ${connection.host.url}`, error);
      }
      return withTemplateCalls(() => call.render(prepared.output, { result }));
    });
    call.print(text);
  },
});
