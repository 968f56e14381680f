import { describe, expect, it } from 'vitest';
import { primitiveCheck, xsdToJsRegex } from './primitive-checks.ts';

describe('xsdToJsRegex', () => {
  it('gives \\s and \\S their XML Schema meaning (space, tab, CR, LF only)', () => {
    const code = new RegExp(`^(?:${xsdToJsRegex('[^\\s]+(\\s[^\\s]+)*')})$`);
    expect(code.test('a b')).toBe(true);
    expect(code.test('a\u00a0b')).toBe(true);
    expect(code.test('a  b')).toBe(false);
    const string = new RegExp(`^(?:${xsdToJsRegex('[ \\r\\n\\t\\S]+')})$`);
    expect(string.test(' \u2003x\n')).toBe(true);
    expect(string.test('')).toBe(false);
    expect(xsdToJsRegex('[a\\S]')).toBe('(?:[a]|[^ \\t\\n\\r])');
    expect(() => xsdToJsRegex('[^\\S]')).toThrow();
  });
});

describe('primitiveCheck', () => {
  it('checks numbers by JSON type and range', () => {
    const positive = primitiveCheck('positiveInt', undefined);
    expect(positive(1)).toBeUndefined();
    expect(positive(0)).toBe('out of range for positiveInt');
    expect(positive('1')).toBe('a JSON string, expected a JSON number (positiveInt)');
    expect(primitiveCheck('unsignedInt', undefined)(0)).toBeUndefined();
    expect(primitiveCheck('decimal', undefined)(Number.POSITIVE_INFINITY)).toBe('not a finite decimal');
  });

  it('checks a 50 MB base64 value in linear time', () => {
    const check = primitiveCheck('base64Binary', undefined);
    expect(check('QUJD'.repeat(12_500_000))).toBeUndefined();
    expect(check(`${'QUJD'.repeat(1000)}Q`)).toMatch(/multiple of 4/);
    expect(check('QU=D')).toMatch(/padding/);
  });
});
