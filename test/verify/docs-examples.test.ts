import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { runCli, writeConfig } from '../helpers/cli.js';

const PAGE = readFileSync(new URL('../../docs/verify.md', import.meta.url), 'utf8');

/** Every ```yaml block of docs/verify.md with the section it is in. */
const examples: [string, string][] = [...PAGE.matchAll(/```yaml\n([\s\S]*?)```/g)].map((found) => {
  const heading = [...PAGE.slice(0, found.index).matchAll(/^## (.+)$/gm)].at(-1)?.[1] ?? '';
  return [heading, found[1]!];
});

describe('docs/verify.md', () => {
  it('has an example for every verify action', () => {
    const actions = ['github-verify', 'verify', 'gitlab-verify', 'gitea-verify', 'bitbucket-verify', 'stripe-verify', 'slack-verify', 'shopify-verify', 'hmac-verify'];
    for (const action of actions)
      expect(
        examples.some(([, yaml]) => yaml.includes(`- ${action}:`)),
        action,
      ).toBe(true);
  });

  it.each(examples)('the example under %s is a valid configuration', async (_heading, yaml) => {
    // the secrets it reads are set, as they would be where it runs: check then warns about nothing
    const keys = [...yaml.matchAll(/read_config\("([A-Z_]+)"\)/g)].map((found) => found[1]!);
    const result = await runCli(['check', writeConfig(yaml)], { env: Object.fromEntries(keys.map((key) => [key, 'a-configured-secret'])), timeoutMs: 30_000 });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
  });
});
