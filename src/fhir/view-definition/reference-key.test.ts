import { describe, expect, it } from 'vitest';
import { referenceKey, resourceKey } from './reference-key.ts';

describe('referenceKey', () => {
  it('reads relative, absolute, versioned and urn references', () => {
    expect(referenceKey({ reference: 'Patient/p1' })).toBe('p1');
    expect(referenceKey({ reference: 'Patient/p1' }, 'Patient')).toBe('p1');
    expect(referenceKey({ reference: 'Patient/p1' }, 'Encounter')).toBeUndefined();
    expect(referenceKey({ reference: 'https://x.nl/fhir/Patient/p1/_history/3' }, 'Patient')).toBe('p1');
    expect(referenceKey({ reference: 'urn:uuid:abc' }, 'Patient')).toBe('abc');
    expect(referenceKey({ reference: 'urn:uuid:abc', type: 'Group' }, 'Patient')).toBeUndefined();
  });

  it('gives no key for contained, logical or malformed references', () => {
    expect(referenceKey({ reference: '#c1' })).toBeUndefined();
    expect(referenceKey({ identifier: { value: 'x' } })).toBeUndefined();
    expect(referenceKey({ reference: 'p1' })).toBeUndefined();
    expect(referenceKey('Patient/p1')).toBeUndefined();
    expect(resourceKey({ id: 'p1' })).toBe('p1');
    expect(resourceKey({})).toBeUndefined();
  });
});
