import { createHmac } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createKeyedHasher, hmacSha256Hex, PSEUDONYM_HEX_LENGTH } from './keyed-hasher.ts';

describe('hmacSha256Hex', () => {
  it('equals node:crypto createHmac for any key and message', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ minLength: 1, maxLength: 150 }),
        // 1- to 4-byte UTF-8 characters (generating arbitrary code points is slow).
        fc.string({ unit: fc.constantFrom('a', 'Z', '0', '/', '|', 'é', '€', '🙂'), maxLength: 2000 }),
        (key, m) => {
          expect(hmacSha256Hex(key)(m)).toBe(createHmac('sha256', key).update(m, 'utf8').digest('hex'));
        },
      ),
      { numRuns: 200 },
    );
  });

  it('equals createHmac for messages longer than its reused buffer and keys longer than a block', () => {
    const key = new Uint8Array(100).map((_, i) => i);
    const h = hmacSha256Hex(key);
    for (const m of ['x'.repeat(5000), 'é'.repeat(3000), 'Patient/1']) {
      expect(h(m)).toBe(createHmac('sha256', key).update(m, 'utf8').digest('hex'));
    }
  });
});

describe('createKeyedHasher', () => {
  it('gives the same truncated pseudonym from the cache and from a fresh hasher', () => {
    const a = createKeyedHasher('0123456789abcdef0123', 4);
    const inputs = Array.from({ length: 20 }, (_, i) => `Patient/${i % 7}`);
    const first = inputs.map((i) => a(i));
    const b = createKeyedHasher('0123456789abcdef0123');
    const fresh = inputs.map((i) => b(i, false));
    expect(first).toEqual(fresh);
    for (const p of first) expect(p).toMatch(new RegExp(`^[0-9a-f]{${PSEUDONYM_HEX_LENGTH}}$`));
  });
});
