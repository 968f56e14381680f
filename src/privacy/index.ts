/** Privacy: pseudonymisation, de-identification of Dutch notes, disclosure control. */
export { deidentifyDutchText } from './deidentify/deidentify-dutch-text.ts';
export {
  type DeidentificationScore,
  evaluateDeidentification,
  type LabelledNote,
} from './deidentify/evaluate-deidentification.ts';
export { type NamedLabelledNote, parseMarkedNotes } from './deidentify/marked-notes.ts';
export { PhiKinds } from './deidentify/phi-kind.ts';
export { type DisclosedCount, formatDisclosed } from './disclosure/disclosure-policy.ts';
export { JsonFileLedger } from './disclosure/json-file-ledger.ts';
