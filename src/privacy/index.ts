/** Privacy: pseudonymisation, de-identification of Dutch notes, disclosure control. */
export { deidentifyDutchText } from './deidentify/deidentify-dutch-text.ts';
export {
  type DeidentificationScore,
  evaluateDeidentification,
  type LabelledNote,
} from './deidentify/evaluate-deidentification.ts';
export { type NamedLabelledNote, parseMarkedNotes } from './deidentify/marked-notes.ts';
export { PhiKinds } from './deidentify/phi-kind.ts';
export {
  type DisclosedCount,
  formatDisclosed,
  type SuppressionReason,
  SuppressionReasons,
} from './disclosure/disclosure-policy.ts';
export { ReleaseLedger } from './disclosure/release-ledger.ts';
