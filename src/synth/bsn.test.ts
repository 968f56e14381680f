import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bsnForNumber, isValidBsn, MAX_BSN_NUMBERS } from './bsn.ts';

describe('BSN', () => {
  it('accepts known valid numbers and rejects others', () => {
    expect(isValidBsn('111222333')).toBe(true);
    expect(isValidBsn('123456782')).toBe(true);
    expect(isValidBsn('123456789')).toBe(false);
    expect(isValidBsn('12345678')).toBe(false);
    expect(isValidBsn('1234.56.782')).toBe(false);
  });

  it('gives a valid, distinct BSN for every number', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: MAX_BSN_NUMBERS - 1 }),
        fc.integer({ min: 0, max: MAX_BSN_NUMBERS - 1 }),
        (a, b) => {
          expect(isValidBsn(bsnForNumber(a))).toBe(true);
          if (a !== b) expect(bsnForNumber(a)).not.toBe(bsnForNumber(b));
        },
      ),
    );
  });

  it('detects a single changed digit', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: MAX_BSN_NUMBERS - 1 }),
        fc.integer({ min: 0, max: 8 }),
        fc.integer({ min: 1, max: 9 }),
        (n, pos, delta) => {
          const bsn = bsnForNumber(n);
          const digit = (Number(bsn[pos]) + delta) % 10;
          expect(isValidBsn(bsn.slice(0, pos) + digit + bsn.slice(pos + 1))).toBe(false);
        },
      ),
    );
  });
});
