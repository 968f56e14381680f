/**
 * Analytics: algorithms (a local half at each station, a central half that combines), their registries,
 * the in-process federated driver, models and model cards. See README.md in this folder.
 */
export type {
  AlgorithmDefinition,
  DisclosurePolicy,
  EpsilonLedger,
  LocalContext,
  StationContext,
} from './algorithm.ts';
export { characteriseAtStation } from './algorithms/cohort/characterise-at-station.ts';
export type { CohortResult } from './algorithms/cohort/cohort-result.ts';
export {
  type CombinedCohortResult,
  type CombinedCount,
  combineCohortResults,
} from './algorithms/cohort/combine-cohort-results.ts';
export type { GlmResult } from './algorithms/glm/definition.ts';
export type { RepresentativenessResult } from './algorithms/representativeness/definition.ts';
export type { ValidationResult } from './algorithms/validation/definition.ts';
export { type CentralRegistry, loadCentralRegistry } from './central-registry.ts';
export type { ModelSpec } from './features/feature-spec.ts';
export { type FederatedRun, runFederated, type StationProgress } from './federated-driver.ts';
export { type LocalRegistry, loadAlgorithm, loadLocalRegistry } from './local-registry.ts';
export { composeAlgorithm, runLocalHalf } from './local-runner.ts';
export { modelCard, modelCardHtml, modelCardMarkdown } from './models/model-card.ts';
export { type ModelRecord, type ModelRecordInput, ModelRecordSchema } from './models/model-record.ts';
export { ModelRegistry } from './models/model-registry.ts';
export { JsonFileEpsilonLedger } from './privacy/epsilon-ledger.ts';
export { shipped, shippedVersion } from './shipped-versions.ts';
// Test support for other packages' tests: generated patients loaded into an in-memory station.
export { loadSynthPatients } from './testing/load-synth-patients.ts';
export { memoryStation } from './testing/memory-station.ts';
