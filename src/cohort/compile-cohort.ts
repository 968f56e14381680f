import type { DialectName } from '../store/dialect/dialect.ts';
import { dialectOf } from '../store/dialect/dialects.ts';
import type { CohortDefinition } from './cohort-definition.ts';
import type { CohortPlan } from './cohort-nodes.ts';
import { planCohort } from './plan-cohort.ts';
import { CohortSqlCompiler, type CompiledQuery } from './sql/cohort-sql-compiler.ts';

/** A compiler for one cohort query on the engine `dialect` (the store's `dialect`). */
export function cohortCompiler(dialect: DialectName): CohortSqlCompiler {
  return new CohortSqlCompiler(dialectOf(dialect).createCompiler());
}

export interface CompileOptions {
  dialect: DialectName;
  /** The permit's purpose: patients who objected to it are excluded. */
  purpose: string;
  /** Characterisation lists codes held by at least this many patients (the disclosure threshold). */
  minCount?: number;
  /** Characterisation lists at most this many conditions and observations. */
  topN?: number;
}

export interface CompiledCohort {
  plan: CohortPlan;
  count: CompiledQuery;
  /** The cohort's patients (`patient_id`), for algorithms that analyse a cohort. */
  patients: CompiledQuery;
  /** Per patient of the entry step, the last step passed: the sets behind every attrition count. */
  attritionMembers: CompiledQuery;
  /** The patients behind every characterisation number of the final cohort. */
  characterisationMembers: CompiledQuery;
}

/**
 * Compiles a parsed cohort definition to SQL for one engine.
 *
 * @example
 * const { count } = compileCohort(parseCohort(json), { dialect: 'duckdb', purpose: 'research' });
 * const rows = await store.query(count.sql, count.params); // [{ n }]
 */
export function compileCohort(def: CohortDefinition, opts: CompileOptions): CompiledCohort {
  const plan = planCohort(def, opts.purpose);
  const make = () => cohortCompiler(opts.dialect);
  return {
    plan,
    count: make().compileCount(plan),
    patients: make().compilePatients(plan),
    attritionMembers: make().compileAttritionMembers(plan),
    characterisationMembers: make().compileCharacterisationMembers(plan, {
      topN: opts.topN ?? 10,
      minCount: opts.minCount ?? 1,
    }),
  };
}
