import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { normaliseDate, normaliseDateTime, normaliseValue } from './fhir-values.ts';

describe('normaliseDateTime fast path', () => {
  it('reads YYYY-MM-DDTHH:MM:SSZ by character exactly as the general pattern reads +00:00 (property)', () => {
    const pad = (n: number, w: number) => String(n).padStart(w, '0');
    fc.assert(
      fc.property(
        fc.tuple(
          fc.integer({ min: 0, max: 9999 }),
          fc.integer({ min: 0, max: 13 }),
          fc.integer({ min: 0, max: 32 }),
          fc.integer({ min: 0, max: 25 }),
          fc.integer({ min: 0, max: 61 }),
          fc.integer({ min: 0, max: 62 }),
        ),
        fc.constantFrom('', 'x', '-', 'T'),
        ([y, mo, d, h, mi, s], noise) => {
          let text = `${pad(y, 4)}-${pad(mo, 2)}-${pad(d, 2)}T${pad(h, 2)}:${pad(mi, 2)}:${pad(s, 2)}`;
          if (noise) text = text.slice(0, 5) + noise + text.slice(6);
          expect(normaliseDateTime(`${text}Z`)).toBe(normaliseDateTime(`${text}+00:00`));
        },
      ),
      { numRuns: 3000 },
    );
    expect(normaliseDateTime('2021-03-24T15:30:00Z')).toBe('2021-03-24 15:30:00.000');
  });
});

describe('normaliseDate', () => {
  it('stores partial dates as the first day of their year or month', () => {
    expect(normaliseDate('1950')).toBe('1950-01-01');
    expect(normaliseDate('1950-03')).toBe('1950-03-01');
    expect(normaliseDate('1950-03-14')).toBe('1950-03-14');
    expect(normaliseDate('1950-03-14T10:00:00+01:00')).toBe('1950-03-14');
  });

  it('rejects impossible dates', () => {
    for (const bad of [
      '1950-13',
      '1950-02-30',
      '2023-02-29',
      '19500',
      '1950-3-1',
      'abc',
      '1950-03-14T25:00:00Z',
    ]) {
      expect(normaliseDate(bad)).toBeUndefined();
    }
    expect(normaliseDate('2024-02-29')).toBe('2024-02-29');
  });

  it('round-trips every calendar date (property)', () => {
    fc.assert(
      fc.property(
        fc.date({ min: new Date('0001-01-01'), max: new Date('9999-12-31'), noInvalidDate: true }),
        (d) => {
          const iso = d.toISOString().slice(0, 10);
          expect(normaliseDate(iso)).toBe(iso);
        },
      ),
    );
  });

  it('accepts a day exactly when the calendar (as Date.UTC reads the year) has it (property)', () => {
    const pad = (n: number, w: number) => String(n).padStart(w, '0');
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 9999 }),
        fc.integer({ min: 0, max: 13 }),
        fc.integer({ min: 0, max: 32 }),
        (y, m, d) => {
          const valid = m >= 1 && m <= 12 && d >= 1 && d <= new Date(Date.UTC(y, m, 0)).getUTCDate();
          const text = `${pad(y, 4)}-${pad(m, 2)}-${pad(d, 2)}`;
          expect(normaliseDate(text)).toBe(valid ? text : undefined);
        },
      ),
      { numRuns: 2000 },
    );
    for (const leap of ['2000-02-29', '2024-02-29', '1600-02-29']) expect(normaliseDate(leap)).toBe(leap);
    for (const notLeap of ['1900-02-29', '2023-02-29', '2100-02-29'])
      expect(normaliseDate(notLeap)).toBeUndefined();
  });
});

describe('normaliseDateTime', () => {
  it('converts offsets to UTC and keeps partial dateTimes at the start of their period', () => {
    expect(normaliseDateTime('2021-06-01T10:30:00+02:00')).toBe('2021-06-01 08:30:00.000');
    expect(normaliseDateTime('2021-01-01T00:30:00+01:00')).toBe('2020-12-31 23:30:00.000');
    expect(normaliseDateTime('2021-06-01T10:30:00.1234Z')).toBe('2021-06-01 10:30:00.123');
    expect(normaliseDateTime('2021-06')).toBe('2021-06-01 00:00:00.000');
    expect(normaliseDateTime('2021-06-01 08:30:00.000')).toBe('2021-06-01 08:30:00.000');
    expect(normaliseDateTime('2021-06-01T10:30+02:00')).toBe('2021-06-01 08:30:00.000');
  });

  it('is idempotent and agrees with Date for any instant (property)', () => {
    fc.assert(
      fc.property(
        fc.date({ min: new Date('1900-01-01'), max: new Date('2100-01-01'), noInvalidDate: true }),
        fc.integer({ min: -12, max: 14 }),
        (d, offsetHours) => {
          const local = new Date(d.getTime() + offsetHours * 3600_000).toISOString().slice(0, 23);
          const sign = offsetHours < 0 ? '-' : '+';
          const fhir = `${local}${sign}${String(Math.abs(offsetHours)).padStart(2, '0')}:00`;
          const n = normaliseDateTime(fhir)!;
          expect(n).toBe(d.toISOString().slice(0, 23).replace('T', ' '));
          expect(normaliseDateTime(n)).toBe(n);
        },
      ),
    );
  });
});

describe('normaliseValue', () => {
  it('names the column and never the value when it rejects one', () => {
    expect(() => normaliseValue('date', '1950-13-45', 'patient.birth_date')).toThrow(
      /^patient\.birth_date: /,
    );
    try {
      normaliseValue('double', 'ABC-secret', 'observation.value');
    } catch (e) {
      expect(String(e)).not.toContain('ABC-secret');
    }
    expect(normaliseValue('double', '1.5', 'x')).toBe(1.5);
    expect(normaliseValue('bigint', 3, 'x')).toBe(3);
    expect(() => normaliseValue('bigint', 2.5, 'x')).toThrow(/integer/);
    expect(normaliseValue('boolean', 'true', 'x')).toBe(true);
    expect(normaliseValue('text', 7, 'x')).toBe('7');
    expect(normaliseValue('timestamp', undefined, 'x')).toBeNull();
  });
});
