import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { parseConfigDocument } from '../../src/config/parse-config-document.js';
import { documentExamples } from '../helpers/doc-examples.js';
import { exampleFiles, ROOT } from './config-examples.js';

const schema = JSON.parse(readFileSync(join(ROOT, 'schema/server.schema.json'), 'utf8')) as object;
const validate = new Ajv2020({ allErrors: true, strict: true }).compile(schema);

/** The config as the loader reads it (YAML 1.1, merge keys), as JSON data. */
function data(yaml: string, file = 'server.yml'): unknown {
  return parseConfigDocument(yaml, file).document.toJS({ maxAliasCount: 1000 });
}

function errors(yaml: string): string[] {
  return validate(data(yaml)) ? [] : (validate.errors ?? []).map((error) => `${error.instancePath} ${error.message} ${JSON.stringify(error.params)}`);
}

describe('every example config of the repository validates against schema/server.schema.json', () => {
  const files = exampleFiles();
  it('finds server.yml and the examples', () => expect(files).toEqual(expect.arrayContaining(['server.yml', join('examples', 'plugins', 'server.yml')])));
  it.each(files)('%s', (file) => expect(errors(readFileSync(join(ROOT, file), 'utf8'))).toEqual([]));
});

describe('every config example of the README and docs/ validates', () => {
  const cases = documentExamples();
  it('finds the examples', () => expect(cases.length).toBeGreaterThanOrEqual(15));
  it.each(cases)('%s', (_name, yaml) => expect(errors(yaml)).toEqual([]));
});

describe('the schema refuses what the loader refuses', () => {
  const endpoint = (settings: string) => `endpoints:\n  - /hook:\n${settings}`;
  it.each([
    ['an endpoint key typo (header:)', endpoint('      header:\n        X-Token: abc\n'), '/endpoints/0/~1hook'],
    ['a server key typo (prot:)', 'server:\n  prot: 5000\n' + endpoint('      actions: []\n'), '/server'],
    ['an action key typo (mesage:)', endpoint('      actions:\n        - log: { mesage: hi }\n'), '/endpoints/0/~1hook/actions/0/log'],
    ['an unknown action (githb-verify)', endpoint('      actions:\n        - githb-verify: { secret: x }\n'), '/endpoints/0/~1hook/actions/0'],
    ['a method that is none', endpoint('      method: FETCH\n'), '/endpoints/0/~1hook/method'],
    ['a required key left out', endpoint('      actions:\n        - github-verify: { output: x }\n'), '/endpoints/0/~1hook/actions/0/github-verify'],
    ['health that is not a boolean', 'server:\n  health: maybe\n' + endpoint('      actions: []\n'), '/server/health'],
    ['no endpoints', 'server:\n  port: 5000\n', ''],
  ])('%s', (_what, yaml, path) => {
    expect(validate(data(yaml))).toBe(false);
    expect(validate.errors!.map((error) => error.instancePath)).toContain(path);
  });

  it('takes a method in any case, docker $invocation keys, and unknown actions only with server.imports', () => {
    expect(errors(endpoint('      method: get\n'))).toEqual([]);
    expect(errors(endpoint('      actions:\n        - docker: { $containers: { $list: { all: true } }, timeout: 5 }\n'))).toEqual([]);
    expect(errors(endpoint('      actions:\n        - docker: { containers: { $list: {} } }\n'))).not.toEqual([]);
    expect(errors(`server:\n  imports: [./notify.ts]\n${endpoint('      actions:\n        - notify: { url: x }\n')}`)).toEqual([]);
    expect(errors(endpoint('      actions:\n        - notify: { url: x }\n'))).not.toEqual([]);
  });
});
