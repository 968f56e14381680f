/** Cohorts: the definition language, its SQL compiler, runs at a station and the central combination. */
export {
  type CohortDefinition,
  type CohortDefinitionInput,
  CohortDefinitionSchema,
  cohortJsonSchema,
  parseCohort,
} from './cohort-definition.ts';
export { type CohortResult, CohortResultSchema } from './cohort-result.ts';
export {
  type CombinedCohortResult,
  type CombinedCount,
  combineCohortResults,
} from './combine-cohort-results.ts';
export { type CohortDialect, type CompiledCohort, compileCohort } from './compile-cohort.ts';
export { type CohortQuery, type RunCohortOptions, runCohort } from './run-cohort.ts';
