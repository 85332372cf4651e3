import { describe, expect, it } from 'vitest';
import { ReplayCache } from '../../src/relay/replay-cache.js';

describe('the replay cache behind verify', () => {
  it('refuses an id it holds until the id expires', () => {
    const cache = new ReplayCache();
    expect(cache.add('msg_1', 1300, 1000)).toBe('added');
    expect(cache.add('msg_1', 1300, 1200)).toBe('replayed');
    expect(cache.add('msg_1', 1700, 1301)).toBe('added');
  });

  it('when full of unexpired ids, refuses new ones instead of forgetting one early', () => {
    const cache = new ReplayCache(2);
    expect(cache.add('a', 1300, 1000)).toBe('added');
    expect(cache.add('b', 1300, 1000)).toBe('added');
    expect(cache.add('c', 1300, 1000)).toBe('full');
    // a and b are still refused: nothing was evicted to make room
    expect(cache.add('a', 1300, 1001)).toBe('replayed');
    // once they expire, the room comes back
    expect(cache.add('c', 1700, 1301)).toBe('added');
    expect(cache.size).toBe(1);
  });
});
