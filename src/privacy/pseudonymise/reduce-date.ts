/** How much of a birth (or death) date survives pseudonymisation. */
export const BirthDatePolicies = ['full', 'month', 'year'] as const;
export type BirthDatePolicy = (typeof BirthDatePolicies)[number];

/** What survives of a postal code: the Dutch PC4 area (first four digits) or nothing. */
export const PostcodePolicies = ['pc4', 'drop'] as const;
export type PostcodePolicy = (typeof PostcodePolicies)[number];

/**
 * Cuts a FHIR date or dateTime down to a partial date: `YYYY-MM` for 'month', `YYYY` for 'year'.
 * Returns undefined when the value does not start with a year, so a malformed date is dropped rather than
 * kept in full.
 */
export function reduceDate(value: string, policy: BirthDatePolicy): string | undefined {
  if (!/^\d{4}/.test(value)) return undefined;
  switch (policy) {
    case 'full':
      return value;
    case 'month':
      return /^\d{4}-\d{2}/.test(value) ? value.slice(0, 7) : value.slice(0, 4);
    case 'year':
      return value.slice(0, 4);
  }
}

/** The PC4 area of a postal code (`1234 AB` → `1234`), or undefined when the code has no leading 4 digits. */
export function reducePostcode(value: string, policy: PostcodePolicy): string | undefined {
  if (policy === 'drop') return undefined;
  const m = /^\s*(\d{4})/.exec(value);
  return m ? m[1] : undefined;
}
