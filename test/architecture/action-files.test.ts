import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';
import { builtinActions } from '../../src/actions/builtin-actions.js';

const ACTIONS = fileURLToPath(new URL('../../src/actions', import.meta.url));

it('every built-in action lives in src/actions/<its name>.ts, where a bundle finds it by name', async () => {
  const files = new Set(readdirSync(ACTIONS));
  for (const action of builtinActions) {
    expect(files.has(`${action.name}.ts`), `src/actions/${action.name}.ts`).toBe(true);
    const module = (await import(`../../src/actions/${action.name}.ts`)) as { default: unknown };
    expect(module.default).toBe(action);
  }
});
