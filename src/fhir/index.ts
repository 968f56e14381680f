/** Reading FHIR files, R4 validation and the SQL on FHIR v2 ViewDefinition runner. */
export { type FhirItem, listFhirFiles, readFhirFiles, type SkippedPath } from './read-fhir-files.ts';
export { compileView } from './view-definition/compile-view.ts';
export { viewNeedsDecimalPrecision } from './view-definition/decimal-precision.ts';
export { parseViewDefinition } from './view-definition/parse-view-definition.ts';
export { viewColumns } from './view-definition/view-columns.ts';
export type { ViewDefinition } from './view-definition/view-definition.ts';
