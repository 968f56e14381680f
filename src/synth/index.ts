/**
 * Synthetic Dutch population: FHIR R4 NDJSON with planted truths, for demos, tests and benchmarks.
 * See README.md in this folder.
 */
export { ADMISSION_COEFFICIENTS, admissionProbability } from './admission-model.ts';
export { BSN_SYSTEM, isValidBsn } from './bsn.ts';
export { findProvince, PROVINCES } from './dutch-regions.ts';
export {
  type GeneratePopulationOptions,
  generatePopulation,
  type SynthSummary,
} from './generate-population.ts';
export { INTERVENTION_RATE_RATIO } from './intervention.ts';
export { type PhiKind, PhiKinds, type PhiSpan } from './note-builder.ts';
export {
  type GeneratedPatient,
  generatePatients,
  type NoteLabel,
  RESOURCE_TYPES,
  type SynthResource,
  type SynthResourceType,
} from './patient-generator.ts';
export type { SynthOptions } from './synth-context.ts';
