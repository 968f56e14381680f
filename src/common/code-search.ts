/**
 * Code systems whose codes are hierarchical by prefix, so a search for a chapter or a group finds the
 * codes under it: ICD-10 (`E11` finds `E11.9`, with or without the dot) and ATC (`A10B` finds
 * `A10BA02`). SNOMED CT and LOINC codes carry no hierarchy in their digits: they match exactly.
 */
export const PREFIX_CODE_SYSTEMS: readonly string[] = [
  'http://hl7.org/fhir/sid/icd-10',
  'http://hl7.org/fhir/sid/icd-10-cm',
  'http://www.whocc.no/atc',
];

/** A code as the prefix search compares it: upper case, without dots (`e11.9` → `E119`). */
export function normaliseCode(code: string): string {
  return code.trim().toUpperCase().replaceAll('.', '');
}

/**
 * Whether a code found in a dataset answers a search for `query`: the same code, or for a system in
 * {@link PREFIX_CODE_SYSTEMS} a code under it. The hub's catalogue search applies the same rule in SQL.
 *
 * @example
 * codeMatches({ system: 'http://hl7.org/fhir/sid/icd-10', code: 'E11.9' }, 'E11'); // true
 * codeMatches({ system: 'http://snomed.info/sct', code: '44054006' }, '4405'); // false
 */
export function codeMatches(found: { system: string; code: string }, query: string): boolean {
  const q = query.trim();
  if (found.code === q) return true;
  const prefix = normaliseCode(q);
  return (
    prefix.length > 0 &&
    PREFIX_CODE_SYSTEMS.includes(found.system) &&
    normaliseCode(found.code).startsWith(prefix)
  );
}
