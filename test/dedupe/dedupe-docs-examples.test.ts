import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { runCli, writeConfig } from '../helpers/cli.js';

const DOC = readFileSync(new URL('../../docs/dedupe.md', import.meta.url), 'utf8');

describe('docs/dedupe.md', () => {
  it('every YAML example passes webhook-proxy check', async () => {
    const blocks = [...DOC.matchAll(/```yaml\n([\s\S]*?)```/g)].map((found) => found[1]!);
    expect(blocks.length).toBeGreaterThanOrEqual(3);
    for (const block of blocks) {
      const result = await runCli(['check', writeConfig(block)]);
      expect({ block, code: result.code, stdout: result.stdout }).toMatchObject({ block, code: 0, stdout: expect.stringContaining(': OK (') });
    }
  });
});
