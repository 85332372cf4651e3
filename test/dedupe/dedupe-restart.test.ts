import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ServerProcess, tempDir } from '../helpers/cli.js';

const config = (stateDir: string) => `
server: { port: 0, state_dir: ${JSON.stringify(stateDir)} }
endpoints:
  - /hook:
      dedupe: '{{ request.headers["X-Delivery"] }}'
      actions:
        - log:
            message: 'ran {{ request.headers["X-Delivery"] }}'
`;

describe('dedupe on Node: the ids survive a restart', () => {
  it('a delivery accepted before a restart is a duplicate after it, with the same state_dir', async () => {
    const stateDir = join(tempDir('webhook-proxy-state-'), 'state');
    const first = await ServerProcess.start(config(stateDir));
    try {
      expect((await first.post('/hook', {}, { 'X-Delivery': 'before-restart' })).text).toBe('OK\n');
      expect((await first.post('/hook', {}, { 'X-Delivery': 'second-id' })).text).toBe('OK\n');
    } finally {
      expect(await first.stop()).toBe(0);
    }

    const second = await ServerProcess.start(config(stateDir));
    try {
      expect(second.stderr).toContain(`delivery ids are kept in ${join(stateDir, 'dedupe.jsonl')} (2 inside their window)`);
      expect(await second.post('/hook', {}, { 'X-Delivery': 'before-restart' })).toMatchObject({ status: 200, text: 'Duplicate delivery' });
      expect(await second.post('/hook', {}, { 'X-Delivery': 'after-restart' })).toMatchObject({ status: 200, text: 'OK\n' });
      expect(second.stdout).not.toContain('ran before-restart');
      expect(second.stdout).toContain('ran after-restart');
    } finally {
      await second.stop();
    }
  });

  it('a server killed without shutting down keeps the ids it had accepted', async () => {
    const stateDir = tempDir('webhook-proxy-state-');
    const first = await ServerProcess.start(config(stateDir));
    expect((await first.post('/hook', {}, { 'X-Delivery': 'then-killed' })).text).toBe('OK\n');
    await first.stop('SIGKILL');

    const second = await ServerProcess.start(config(stateDir));
    try {
      expect((await second.post('/hook', {}, { 'X-Delivery': 'then-killed' })).text).toBe('Duplicate delivery');
    } finally {
      await second.stop();
    }
  });

  it('another state_dir does not know the ids', async () => {
    const server = await ServerProcess.start(config(tempDir('webhook-proxy-state-')));
    try {
      expect((await server.post('/hook', {}, { 'X-Delivery': 'before-restart' })).text).toBe('OK\n');
    } finally {
      await server.stop();
    }
  });
});
