import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, test } from 'vitest';
import { compileTemplate, loadPrecompiledTemplates, precompileTemplates, type NunjucksRuntime, type PrecompiledTemplate } from '../../src/templates/index.js';
import { tempDir } from '../helpers/cli.js';

const slim = createRequire(import.meta.url)('nunjucks/browser/nunjucks-slim.js') as NunjucksRuntime;

describe('precompiled templates on the slim runtime', () => {
  test('render exactly like compileTemplate, for the whole parity corpus', async () => {
    const cases = JSON.parse(readFileSync(new URL('./fixtures/parity-cases.json', import.meta.url), 'utf8')) as {
      name: string;
      template: string;
      context: Record<string, unknown>;
    }[];
    const sources: Record<string, string> = {};
    for (const c of cases) {
      try {
        compileTemplate(c.template);
        sources[c.name] = c.template;
      } catch {
        // syntax-error cases cannot be precompiled either
      }
    }
    const dir = tempDir('precompiled-');
    const file = join(dir, 'templates.mjs');
    writeFileSync(file, precompileTemplates(sources));
    const mod = (await import(pathToFileURL(file).href)) as { default: Record<string, PrecompiledTemplate> };
    const loaded = loadPrecompiledTemplates(mod.default, slim);
    const outcome = (f: () => string): string => {
      try {
        return f();
      } catch (e) {
        return `error ${(e as Error).name}`;
      }
    };
    for (const c of cases.filter((x) => x.name in sources)) {
      const direct = outcome(() => compileTemplate(c.template).render(structuredClone(c.context)));
      expect(
        outcome(() => loaded[c.name].render(structuredClone(c.context))),
        c.name,
      ).toBe(direct);
      expect(loaded[c.name].source).toBe(c.template);
    }
  });

  test('the generated module contains no eval and no nunjucks compile step', () => {
    const js = precompileTemplates({ t: 'Hi {{ name }}' });
    expect(js).not.toMatch(/new Function|eval\(/);
    expect(js).toContain('export default');
  });
});
