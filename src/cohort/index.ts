/** Cohorts: the definition language, its SQL compiler, and the exact patient sets it selects at a station. */
export {
  type CohortDefinition,
  type CohortDefinitionInput,
  CohortDefinitionSchema,
  cohortJsonSchema,
  parseCohort,
} from './cohort-definition.ts';
export {
  attritionMembers,
  type CharacterisationMembers,
  type CohortPerson,
  type CohortQuery,
  characterisationMembers,
  type StepMembers,
} from './cohort-members.ts';
export { type CompiledCohort, cohortCompiler, compileCohort } from './compile-cohort.ts';
