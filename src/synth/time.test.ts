import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isoDate, isoDateTime, monthsSinceBirthMonth, parseIsoDate } from './time.ts';

describe('time', () => {
  it('formats like Date#toISOString (without milliseconds)', () => {
    fc.assert(
      fc.property(fc.integer({ min: Date.UTC(1900, 0, 1), max: Date.UTC(2100, 0, 1) }), (ms) => {
        const iso = new Date(ms).toISOString();
        expect(isoDate(ms)).toBe(iso.slice(0, 10));
        expect(isoDateTime(ms)).toBe(`${iso.slice(0, 19)}Z`);
      }),
    );
  });

  it('parses only real dates', () => {
    expect(parseIsoDate('2024-02-29')).toBe(Date.UTC(2024, 1, 29));
    expect(parseIsoDate('2023-02-29')).toBeNaN();
    expect(parseIsoDate('2024-1-1')).toBeNaN();
  });

  it('counts calendar months from the birth month', () => {
    expect(monthsSinceBirthMonth(Date.UTC(1949, 0, 31), Date.UTC(2024, 0, 1))).toBe(900);
    expect(monthsSinceBirthMonth(Date.UTC(1949, 1, 1), Date.UTC(2024, 0, 1))).toBe(899);
  });
});
