import { renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { ReloadServer } from './reload-server.js';

// --watch reloads the config when its file changes: a write in place, and an editor's save
// that writes a new file and renames it over the old one.
const config = (route: string) => `
server: { port: 0 }
endpoints:
  - ${route}:
      actions:
        - log: { message: '${route} ran' }
`;

it('--watch: an edit is served once the reload line is logged; a save by rename too', async () => {
  const { dir } = ReloadServer.folder();
  const server = await ReloadServer.start(dir, config('/first'), ['--watch']);
  try {
    expect((await server.post('/first')).status).toBe(200);
    server.edit(config('/second'));
    await server.waitFor('stderr', /^reloaded .* \(file changed\): 1 endpoint\(s\); added POST \/second; removed POST \/first$/m);
    expect((await server.post('/second')).status).toBe(200);
    expect((await server.post('/first')).status).toBe(404);

    const saved = join(dir, '.server.yml.swp');
    writeFileSync(saved, config('/third'));
    renameSync(saved, server.file);
    await server.waitFor('stderr', /added POST \/third; removed POST \/second/);
    expect((await server.post('/third')).status).toBe(200);

    // a broken save is refused and the server goes on with the last good config
    server.edit('endpoints:\n  - /fourth:\n      actions:\n        - lgo: {}\n');
    await server.waitFor(
      'stderr',
      /reload \(file changed\) refused, still serving the previous config: .*server\.yml:4:11 endpoints\[0\]\.\/fourth\.actions\[0\]: unknown action "lgo": did you mean "log"\?/,
    );
    expect((await server.post('/third')).status).toBe(200);
  } finally {
    await server.stop();
  }
});
