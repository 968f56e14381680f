import { createHash } from 'node:crypto';
import canonicalize from 'canonicalize';
import type { CohortDefinition } from '../cohort/cohort-definition.ts';
import { planCohort } from '../cohort/plan-cohort.ts';
import type { QuestionOf } from '../privacy/disclosure/release-ledger.ts';
import type { PopulationSpec } from './features/feature-spec.ts';

/**
 * Which question each patient set of a task answers, from the task's (validated) input — what the
 * station's release ledger needs to answer the same question again and to withhold the same patients
 * reached by another question (`docs/decisions/release-ledger.md`, "Refusals that tell").
 *
 * - An input with a `cohort` (feasibility, characterisation): attrition step `k` is the question "the
 *   patients left after the cohort's first k+1 planned steps" (criteria in their canonical form, the
 *   cohort's name left out), so a cohort that only adds criteria asks its first steps again and the
 *   final step is the same question whichever algorithm asks it; any other set is its label within the
 *   whole cohort (`condition:<code>` of the final cohort).
 * - An input with a `population` (descriptive, representativeness) or a `spec.population` (GLM,
 *   validation): the population itself (`descriptive:population`, `glm:population`,
 *   `validation:all=all`) is the question "this population spec", the same for every algorithm; any
 *   other set is its label within that population.
 * - An input with a `monitor`: each set is its label within that monitor definition (not the month
 *   reported through: a monitor is asked again every month).
 * - Otherwise the label names the set (the regional picture's area and year, hybrid care's sector).
 *
 * Every question includes the permit's purpose (it decides who objected). Round state a central half
 * adds to the next round's input (coefficients, calibration slopes) never enters a question.
 */
export function releaseQuestions(input: unknown, purpose: string): QuestionOf {
  const i = (input ?? {}) as Record<string, unknown>;
  const cohort = isObject(i.cohort) ? (i.cohort as CohortDefinition) : undefined;
  if (cohort) {
    const steps = planCohort(cohort, purpose).steps.map((s) => s.key);
    const whole = digest('cohort', purpose, steps);
    return (label) => {
      const step = /^attrition:(\d+)$/.exec(label);
      if (step) {
        const q = digest('cohort', purpose, steps.slice(0, Number(step[1]) + 1));
        return { question: q, scope: q };
      }
      return { question: digest('cohort-set', whole, label), scope: whole };
    };
  }
  const spec = isObject(i.spec) ? (i.spec as Record<string, unknown>) : undefined;
  const population = (isObject(i.population) ? i.population : spec?.population) as PopulationSpec | undefined;
  if (population) {
    const p = populationQuestion(population, purpose);
    return (label) =>
      POPULATION_LABELS.has(label)
        ? { question: p, scope: p }
        : { question: digest('population-set', p, label), scope: p };
  }
  if (isObject(i.monitor)) {
    const m = digest('monitor', purpose, i.monitor);
    return (label) => ({ question: digest('monitor-set', m, label), scope: m });
  }
  const everything = digest('purpose', purpose);
  return (label) => ({ question: digest('set', everything, label), scope: everything });
}

/** Labels under which an algorithm releases its whole population (the same set for each). */
const POPULATION_LABELS = new Set(['descriptive:population', 'glm:population', 'validation:all=all']);

/** A population spec as a question: its cohort as planned criteria (name and code-set names left out). */
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
