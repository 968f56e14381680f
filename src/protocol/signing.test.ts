import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  digestJson,
  generateSigningKeys,
  keyIdOf,
  MAX_CANONICAL_DEPTH,
  nestsWithin,
  signJson,
  verifyJson,
} from './signing.ts';

const keys = generateSigningKeys();
const other = generateSigningKeys();

describe('signing', () => {
  it('verifies what it signed, independent of key order', () => {
    const sig = signJson({ b: 2, a: [1, { y: 'x', x: 'y' }] }, keys.privateKeyPem);
    expect(verifyJson({ a: [1, { x: 'y', y: 'x' }], b: 2 }, sig, keys.publicKeyPem)).toBe(true);
  });

  it('refuses another key, a changed value and garbage', () => {
    const sig = signJson({ a: 1 }, keys.privateKeyPem);
    expect(verifyJson({ a: 1 }, sig, other.publicKeyPem)).toBe(false);
    expect(verifyJson({ a: 2 }, sig, keys.publicKeyPem)).toBe(false);
    expect(verifyJson({ a: 1 }, 'not-a-signature', keys.publicKeyPem)).toBe(false);
    expect(verifyJson({ a: 1 }, sig, 'not a key')).toBe(false);
  });

  it('detects any change of a signed object (property)', () => {
    fc.assert(
      fc.property(
        fc.dictionary(fc.string(), fc.jsonValue()),
        fc.string(),
        fc.jsonValue(),
        (obj, key, value) => {
          const sig = signJson(obj, keys.privateKeyPem);
          const changed = { ...obj, [key]: value };
          const same = digestJson(changed) === digestJson(obj);
          expect(verifyJson(changed, sig, keys.publicKeyPem)).toBe(same);
        },
      ),
      { numRuns: 50 },
    );
  });

  it('gives stable key ids', () => {
    expect(keyIdOf(keys.publicKeyPem)).toMatch(/^[0-9a-f]{16}$/);
    expect(keyIdOf(keys.publicKeyPem)).not.toBe(keyIdOf(other.publicKeyPem));
  });

  it('refuses to canonicalise a value nested 10,000 deep, without overflowing the stack', () => {
    const nest = (depth: number) => {
      let v: unknown = 1;
      for (let i = 0; i < depth; i++) v = i % 2 ? [v] : { a: v };
      return v;
    };
    expect(nestsWithin(nest(3), 3)).toBe(true);
    expect(nestsWithin(nest(4), 3)).toBe(false);
    expect(() => digestJson(nest(10_000))).toThrow(/nests deeper than 100/);
    expect(digestJson(nest(MAX_CANONICAL_DEPTH))).toMatch(/^[0-9a-f]{64}$/);
    // A task nested that deep fails verification; it does not take the station down.
    expect(verifyJson(nest(10_000), signJson({}, keys.privateKeyPem), keys.publicKeyPem)).toBe(false);
  });
});
