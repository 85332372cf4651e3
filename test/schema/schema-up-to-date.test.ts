import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { ROOT } from './config-examples.js';

it('schema/server.schema.json is what `webhook-proxy schema` prints (run `npm run schema` after changing a key table)', async () => {
  const result = await runCli(['schema']);
  expect(result.stderr).toBe('');
  expect(result.code).toBe(0);
  expect(result.stdout).toBe(readFileSync(join(ROOT, 'schema/server.schema.json'), 'utf8'));
});

it('the package ships the schema', () => {
  const manifest = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { files: string[] };
  expect(manifest.files).toContain('schema');
});

it('schema takes no arguments', async () => {
  const result = await runCli(['schema', 'server.yml']);
  expect(result.code).toBe(2);
  expect(result.stderr).toMatch(/schema takes no arguments/);
});
