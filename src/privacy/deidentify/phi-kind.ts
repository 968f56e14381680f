/**
 * Kinds of protected health information the Dutch de-identifier removes, with the tagged placeholder that
 * replaces each. The synthetic generator labels its planted identifiers with a subset of these kinds (it
 * labels a town after an address as `address`; the de-identifier calls every town a `location`).
 */
export const PhiPlaceholders = {
  name: '[PERSOON]',
  date: '[DATUM]',
  bsn: '[BSN]',
  phone: '[TELEFOON]',
  email: '[EMAIL]',
  address: '[ADRES]',
  postcode: '[POSTCODE]',
  age: '[LEEFTIJD]',
  institution: '[INSTELLING]',
  /** A town, village, region or province, also standing alone ("woont in Beesd"). */
  location: '[LOCATIE]',
  /** Patient, record, lab, staff and other numbers that point at a person (not the BSN). */
  id: '[NUMMER]',
  url: '[URL]',
} as const;

export type PhiKind = keyof typeof PhiPlaceholders;

export const PhiKinds = Object.keys(PhiPlaceholders) as PhiKind[];

export function isPhiKind(value: unknown): value is PhiKind {
  return typeof value === 'string' && Object.hasOwn(PhiPlaceholders, value);
}

/** A character range `[start, end)` of the original text and what it holds. */
export interface PhiSpan {
  start: number;
  end: number;
  kind: PhiKind;
}
