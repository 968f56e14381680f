import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decimalTexts, mayLoseDigits, parseJsonKeepingDecimals } from './decimal-text.ts';

type Any = Record<string, unknown>;

describe('parseJsonKeepingDecimals', () => {
  it('keeps the written text of decimals JSON.parse would change, beside the number', () => {
    const v = parseJsonKeepingDecimals(
      '{"a":1.0,"b":[0.50,2,1.5],"c":{"d":1e2,"e":3.14159265358979323846,"f":12345678901234567890,"g":9007199254740993}}',
    ) as Any;
    expect(v.a).toBe(1);
    expect(decimalTexts(v)).toEqual({ a: '1.0' });
    expect(v.b).toEqual([0.5, 2, 1.5]);
    expect(decimalTexts(v.b)).toEqual({ 0: '0.50' });
    const c = v.c as Any;
    expect(decimalTexts(c)).toEqual({
      d: '1e2',
      e: '3.14159265358979323846',
      f: '12345678901234567890',
      g: '9007199254740993',
    });
    // The texts are invisible to JSON, Object.keys and for…in.
    expect(JSON.stringify(v)).toBe(JSON.stringify(JSON.parse(JSON.stringify(v))));
    expect(Object.keys(v)).toEqual(['a', 'b', 'c']);
  });

  it('returns exactly what JSON.parse returns when no number can lose digits, strings included', () => {
    const text =
      '{"id":"x","v":1.5,"n":2,"t":"2020-01-01T10:00:00.000Z","s":"version 1.0, 2e5","u":"1e3f","lat":42.36243260000001}';
    const v = parseJsonKeepingDecimals(text) as Any;
    expect(v).toEqual(JSON.parse(text));
    expect(decimalTexts(v)).toBeUndefined();
    // A long decimal that prints back the same needs no second parse.
    expect(mayLoseDigits('{"lat":42.36243260000001}')).toBe(false);
    expect(mayLoseDigits('{"lat":42.362432600000010}')).toBe(true);
  });

  it('fails on malformed JSON as JSON.parse does, and lets the last of duplicate keys win', () => {
    expect(() => parseJsonKeepingDecimals('{"a":1.0,')).toThrow(SyntaxError);
    const v = parseJsonKeepingDecimals('{"a":1.0,"a":2.50}') as Any;
    expect(v.a).toBe(2.5);
    expect(decimalTexts(v)).toEqual({ a: '2.50' });
  });

  it('gives the same values as JSON.parse for any JSON', () => {
    fc.assert(
      fc.property(fc.json(), (text) => {
        expect(parseJsonKeepingDecimals(text)).toEqual(JSON.parse(text));
      }),
      { numRuns: 500 },
    );
  });

  it('keeps a text for every number whose double prints differently, and only for those', () => {
    const number = fc.oneof(
      fc.double({ noNaN: true, noDefaultInfinity: true }).map((d) => String(d)),
      fc.bigInt({ min: -(10n ** 20n), max: 10n ** 20n }).map(String),
      fc
        .tuple(fc.integer({ min: -999, max: 999 }), fc.nat({ max: 999 }), fc.nat({ max: 3 }))
        .map(([i, f, zeros]) => `${i}.${f}${'0'.repeat(zeros)}`),
    );
    fc.assert(
      fc.property(number, (n) => {
        const v = parseJsonKeepingDecimals(`{"x":[${n}],"y":${n}}`) as Any;
        const kept = String(Number(n)) !== n;
        expect(decimalTexts(v)?.y).toBe(kept ? n : undefined);
        expect(decimalTexts(v.x)?.[0]).toBe(kept ? n : undefined);
      }),
      { numRuns: 500 },
    );
  });
});
