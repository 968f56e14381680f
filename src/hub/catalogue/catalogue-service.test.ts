import { describe, expect, it } from 'vitest';
import { qualifiedIdentifier, titleKey } from './catalogue-service.ts';

describe('dataset identity in the catalogue', () => {
  it('takes titles that read the same as one title', () => {
    const key = titleKey('Ziekenhuis Noord — patiëntgegevens');
    for (const same of [
      'ZIEKENHUIS NOORD - patientgegevens',
      '  ziekenhuis   noord: patiëntgegevens.',
      'Ziekenhuis Noord—Patiëntgegevens',
    ])
      expect(titleKey(same), same).toBe(key);
    expect(titleKey('Ziekenhuis Zuid — patiëntgegevens')).not.toBe(key);
  });

  it('namespaces an identifier by its station', () => {
    expect(qualifiedIdentifier('stn_1', 'ehr/2025')).toBe('stn_1/ehr/2025');
  });
});
