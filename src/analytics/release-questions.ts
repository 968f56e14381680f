import { createHash } from 'node:crypto';
import canonicalize from 'canonicalize';
import type { CohortDefinition } from '../cohort/cohort-definition.ts';
import { planCohort } from '../cohort/plan-cohort.ts';
import type { QuestionOf } from '../privacy/disclosure/release-ledger.ts';
import type { PopulationSpec } from './features/feature-spec.ts';

/**
 * Which question each patient set of a task answers — the population its numbers are about — from the
 * task's (validated) input. The station's release ledger answers the same patients again for the same
 * question and withholds them, like a set a few patients away, when another question reaches them
 * (`docs/decisions/release-ledger.md`, "Refusals that tell").
 *
 * - An input with a `cohort` (feasibility, characterisation): attrition step `k` answers "the patients
 *   left after the cohort's first k+1 planned steps" (criteria in their canonical form; the cohort's
 *   name left out), so a cohort that only adds criteria asks its first steps again, and feasibility and
 *   characterisation ask the same; every other set (a characterisation cell) is about the whole cohort.
 * - An input with a `population` (descriptive, representativeness) or a `spec.population` (GLM,
 *   validation): every set is about that population spec, whichever algorithm asks.
 * - An input with a `monitor`: every set is about that monitor definition (not about the month reported
 *   through: a monitor is asked again every month).
 * - Otherwise (the regional picture, hybrid care): one question per purpose; their labels name the area,
 *   year, sector or pathway, and the sets decide as before.
 *
 * Every question includes the permit's purpose (it decides who objected). Round state a central half
 * adds to the next round's input (coefficients, calibration slopes) never enters a question.
 */
export function releaseQuestions(input: unknown, purpose: string): QuestionOf {
  const i = (isObject(input) ? input : {}) as Record<string, unknown>;
  if (isObject(i.cohort)) {
    const steps = planCohort(i.cohort as CohortDefinition, purpose).steps.map((s) => s.key);
    const whole = cohortQuestion(steps, purpose);
    return (label) => {
      const step = /^attrition:(\d+)$/.exec(label);
      return step ? cohortQuestion(steps.slice(0, Number(step[1]) + 1), purpose) : whole;
    };
  }
  const spec = isObject(i.spec) ? i.spec : undefined;
  const population = isObject(i.population) ? i.population : spec?.population;
  if (isObject(population)) {
    const p = populationQuestion(population as PopulationSpec, purpose);
    return () => p;
  }
  if (isObject(i.monitor)) {
    const m = digest('monitor', purpose, i.monitor);
    return () => m;
  }
  const other = digest('purpose', purpose);
  return () => other;
}

/** The patients left after these planned cohort steps (their canonical keys, in order). */
function cohortQuestion(stepKeys: readonly string[], purpose: string): string {
  return digest('cohort', purpose, stepKeys);
}

/** A population spec as a question: its cohort as planned criteria, sexes and regions as sets. */
export function populationQuestion(population: PopulationSpec, purpose: string): string {
  const { cohort, sex, regions, ...rest } = population;
  const steps = cohort ? planCohort(cohort, purpose).steps.map((s) => s.key) : null;
  const sorted = (xs: readonly string[] | undefined) => (xs ? [...new Set(xs)].sort() : null);
  return digest('population', purpose, {
    ...rest,
    sex: sorted(sex),
    regions: sorted(regions),
    cohort: steps,
  });
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function digest(...parts: unknown[]): string {
  return createHash('sha256')
    .update(canonicalize(parts) ?? '')
    .digest('hex')
    .slice(0, 32);
}
