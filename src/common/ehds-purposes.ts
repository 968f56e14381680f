/**
 * Purposes of secondary use of electronic health data (European Health Data Space regulation,
 * Article 53(1)). Permits name one of these; Consent resources carry the purpose a patient objected to,
 * coded in {@link EHDS_PURPOSE_SYSTEM}.
 */
export const EHDS_PURPOSE_SYSTEM = 'https://ai4health.nl/fhir/CodeSystem/ehds-purpose';

export const EhdsPurposes = {
  'public-health': 'Public interest in public and occupational health',
  policy: 'Policy making and regulatory activities',
  statistics: 'Official statistics',
  education: 'Education or teaching in health or care',
  research: 'Scientific research related to health or care',
  innovation: 'Development and innovation of products or services',
  'ai-training': 'Training, testing and evaluating algorithms, including AI systems and medical devices',
  'personalised-care': 'Providing personalised healthcare',
} as const;

export type EhdsPurpose = keyof typeof EhdsPurposes;

export function isEhdsPurpose(value: unknown): value is EhdsPurpose {
  return typeof value === 'string' && Object.hasOwn(EhdsPurposes, value);
}
