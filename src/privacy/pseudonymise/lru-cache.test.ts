import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LruCache } from './lru-cache.ts';

describe('LruCache', () => {
  it('never holds more than its capacity and keeps recently used keys', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 2, max: 50 }),
        fc.array(fc.integer({ min: 0, max: 100 }), { maxLength: 500 }),
        (cap, keys) => {
          const cache = new LruCache<number>(cap);
          for (const k of keys) {
            if (cache.get(String(k)) === undefined) cache.set(String(k), k);
            expect(cache.size).toBeLessThanOrEqual(cap);
            expect(cache.get(String(k))).toBe(k);
          }
        },
      ),
    );
  });

  it('keeps a key that is used again and again while others stream past', () => {
    const cache = new LruCache<number>(10);
    cache.set('hot', 1);
    for (let i = 0; i < 1000; i++) {
      cache.set(`cold${i}`, i);
      expect(cache.get('hot')).toBe(1);
    }
    expect(cache.get('cold0')).toBeUndefined();
  });
});
