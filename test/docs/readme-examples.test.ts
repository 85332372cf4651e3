import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runCli, tempDir, writeConfig } from '../helpers/cli.js';
import { documentExamples } from '../helpers/doc-examples.js';

/** A Compose project the examples' `directory:` values are pointed at (the real ones are on the reader's machine). */
const COMPOSE_PROJECT = tempDir();
writeFileSync(join(COMPOSE_PROJECT, 'docker-compose.yml'), 'services:\n  app:\n    image: example/app:latest\n');

/** Runs `webhook-proxy check`; examples with imports name files relative to a config at the repository's root. */
async function checkExample(name: string, yaml: string) {
  if (!/imports:/.test(yaml)) return runCli(['check', writeConfig(yaml)]);
  const file = fileURLToPath(new URL(`../../.readme-example-${name.split(':')[0]}.yml`, import.meta.url));
  writeFileSync(file, yaml);
  try {
    return await runCli(['check', file]);
  } finally {
    rmSync(file);
  }
}

describe('the examples of the README and docs/ are valid configurations', () => {
  const cases = documentExamples({ composeDirectory: COMPOSE_PROJECT });
  it('finds the examples', () => expect(cases.length).toBeGreaterThanOrEqual(15));

  it.each(cases)('%s', async (name, yaml) => {
    const result = await checkExample(name, yaml);
    // the deprecated docker-swarm action says so at start, as the original did; secrets the
    // examples read with read_config are not set here, and check names them
    const unexpected = result.stderr.replace(/^The docker-swarm action is deprecated.*\n/gm, '').replace(/^warning: configuration key "\w+" is not set .*\n/gm, '');
    expect(unexpected).toBe('');
    expect(result.code).toBe(0);
  });
});
