import { describe, expect, it } from 'vitest';
import { codeMatches, normaliseCode } from './code-search.ts';

const icd10 = (code: string) => ({ system: 'http://hl7.org/fhir/sid/icd-10', code });
const atc = (code: string) => ({ system: 'http://www.whocc.no/atc', code });
const snomed = (code: string) => ({ system: 'http://snomed.info/sct', code });
const loinc = (code: string) => ({ system: 'http://loinc.org', code });

describe('codeMatches', () => {
  it('finds ICD-10 codes by themselves and by a chapter or category, with or without the dot', () => {
    expect(codeMatches(icd10('E11.9'), 'E11.9')).toBe(true);
    expect(codeMatches(icd10('E11.9'), 'E11')).toBe(true);
    expect(codeMatches(icd10('E11.9'), 'e119')).toBe(true);
    expect(codeMatches(icd10('E119'), 'E11.9')).toBe(true);
    expect(codeMatches(icd10('E11.9'), 'E10')).toBe(false);
    expect(codeMatches(icd10('E11.9'), 'E11.65')).toBe(false);
  });

  it('finds ATC codes by their group', () => {
    expect(codeMatches(atc('A10BA02'), 'A10')).toBe(true);
    expect(codeMatches(atc('A10BA02'), 'A10BA02')).toBe(true);
    expect(codeMatches(atc('A10BA02'), 'C10')).toBe(false);
  });

  it('matches SNOMED CT and LOINC codes only exactly: their digits are no hierarchy', () => {
    expect(codeMatches(snomed('44054006'), '44054006')).toBe(true);
    expect(codeMatches(snomed('44054006'), '4405')).toBe(false);
    expect(codeMatches(loinc('4548-4'), '4548-4')).toBe(true);
    expect(codeMatches(loinc('4548-4'), '4548')).toBe(false);
  });

  it('finds nothing by an empty prefix', () => {
    expect(codeMatches(icd10('E11.9'), '.')).toBe(false);
    expect(codeMatches(icd10('E11.9'), ' ')).toBe(false);
    expect(normaliseCode(' e11.9 ')).toBe('E119');
  });
});
