import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEDUPE_FILE, FileDeliveryIdStore } from '../../adapters/node/file-delivery-ids.js';
import { tempDir } from '../helpers/cli.js';

// The Node store on a real folder: the file must stay about one window's size and lose nothing live.
describe('the Node delivery-id file', () => {
  const lines = (dir: string) => readFileSync(join(dir, DEDUPE_FILE), 'utf8').split('\n').filter(Boolean);

  it('is rewritten with only the live ids once expired lines dominate, and reads back the same', async () => {
    const dir = tempDir();
    let now = 1_000_000;
    const log: string[] = [];
    const store = new FileDeliveryIdStore(
      dir,
      (line) => log.push(line),
      () => now,
    );
    expect(await store.claim('POST /hook', 'kept', now, now + 3_600_000)).toBe('new');
    for (let i = 0; i < 1500; i++) {
      now += 10;
      expect(await store.claim('POST /hook', `short-${i}`, now, now + 5)).toBe('new');
    }
    expect(lines(dir).length).toBeLessThan(1000);
    expect(log.filter((line) => line.includes('cannot'))).toEqual([]);

    now += 10; // past the last short id's window
    const reopened = new FileDeliveryIdStore(
      dir,
      () => undefined,
      () => now,
    );
    expect(lines(dir).map((line) => JSON.parse(line).id)).toEqual(['kept']);
    expect(await reopened.claim('POST /hook', 'kept', now, now + 1000)).toBe('duplicate');
    expect(await reopened.claim('POST /hook', 'short-1', now, now + 1000)).toBe('new');
  });

  it('a released id is forgotten after a restart too; a line cut short is skipped with a warning', async () => {
    const dir = tempDir();
    const now = Date.now();
    const store = new FileDeliveryIdStore(dir, () => undefined);
    await store.claim('POST /hook', 'failed-once', now, now + 60_000);
    await store.claim('POST /hook', 'accepted', now, now + 60_000);
    await store.release('POST /hook', 'failed-once');
    writeFileSync(join(dir, DEDUPE_FILE), `${readFileSync(join(dir, DEDUPE_FILE), 'utf8')}{"endpoint":"POST /hook","id":"torn`);

    const log: string[] = [];
    const reopened = new FileDeliveryIdStore(dir, (line) => log.push(line));
    expect(log).toContain(`dedupe: skipped 1 unreadable line(s) in ${join(dir, DEDUPE_FILE)}`);
    expect(await reopened.claim('POST /hook', 'failed-once', now, now + 60_000)).toBe('new');
    expect(await reopened.claim('POST /hook', 'accepted', now, now + 60_000)).toBe('duplicate');
  });
});
