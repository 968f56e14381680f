import { createHash } from 'node:crypto';
import canonicalize from 'canonicalize';
import type { CohortDefinition } from '../cohort/cohort-definition.ts';
import { planCohort } from '../cohort/plan-cohort.ts';
import { definedQuestion, type QuestionOf } from '../privacy/disclosure/release-ledger.ts';
import { canonicalDefinition } from './features/canonical-column.ts';
import type { Feature, PopulationSpec } from './features/feature-spec.ts';

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
 *   validation): every set is about that population spec, whichever algorithm asks — except a descriptive
 *   histogram's bin, which asks for the variable between the bin's two edges (below).
 * - An input with a `monitor`: every set is about that monitor definition (not about the month reported
 *   through: a monitor is asked again every month).
 * - Hybrid care's care pathways (an input with `pathways`): every set of pathway k (its patients, its
 *   virtual patients, its age band × sex and deprivation cells; labelled `hybrid-care:<province>:<year>:
 *   pathway:<k>…`) answers "the patients of that province with a contact that year and a condition among
 *   these codes" (codes sorted, the pathway's name left out). The codes are the requester's: under one
 *   question per purpose, [C] released and then [C, X] was answered when nobody had X and withheld when a
 *   few did, and the withheld age band × sex cell told their age band and sex
 *   (`test/attacks/hybrid-care-pathway-oracle.int.test.ts`).
 * - Otherwise (the regional picture's areas at every level, its pool of a municipality's small postcode
 *   areas included; hybrid care's provinces, sectors and months): one question per purpose. The regional
 *   picture computes its levels as one release (a municipality's cell is its postcode areas' and its
 *   pool's together, answered within one question), and what the pool holds under another
 *   `minAreaPersons` is kept from telling 0 from a few by its secondary suppression, where the pool
 *   covers first (`src/regional/count-hierarchy.ts`; `test/attacks/regional-pooled-area-oracle.int.test.ts`).
 *   An earlier version asked the pool "the pool under this `minAreaPersons`"; such a set reached again (the
 *   same patients) is withheld like any set reached by another question.
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
    const bin = histogramBinQuestions(i, p);
    const variable = variableQuestions(i, p);
    return (label) => bin(label) ?? variable(label) ?? p;
  }
  if (isObject(i.monitor)) {
    const m = digest('monitor', purpose, i.monitor);
    return () => m;
  }
  const other = digest('purpose', purpose);
  if (Array.isArray(i.pathways)) {
    const codes = i.pathways.map((p) =>
      isObject(p) && Array.isArray(p.codes) ? [...new Set(p.codes.map(String))].sort() : null,
    );
    return (label) => {
      const at = PATHWAY_LABEL.exec(label);
      if (!at) return other;
      return digest('pathway', purpose, at[1], Number(at[2]), codes[Number(at[3])] ?? null);
    };
  }
  return () => other;
}

/**
 * A hybrid care pathway's label: province (station data, any text), year, the pathway's position; the
 * last `:<year>:pathway:<k>` is the one (what follows it is a fixed cell name).
 */
const PATHWAY_LABEL = /^hybrid-care:(.*):(\d+):pathway:(\d+)(?::|$)/;

/** The label of a descriptive summary's histogram bin `b` (0: below the first edge). */
export const binLabel = (summary: string, b: number): string => `descriptive:${summary}:bin ${b}`;
const BIN_LABEL = /^descriptive:summaries\[(\d+)\]:bin (\d+)$/;

/**
 * A descriptive histogram's bin asks "the population's patients whose variable lies between these two
 * edges": the variable's definition (its name left out; `y` is the outcome's) and the bin's edges (null
 * for an open end). The edges are the requester's: under the population's question the bin [60, x) was
 * answered when it held the patients of an earlier bin [60, 120) (nobody of x or older) and withheld when
 * it held one fewer, so bisecting x read the oldest patient's age
 * (`test/attacks/histogram-edge-bisection.int.test.ts`). The same bin asked again is answered again.
 */
function histogramBinQuestions(
  input: Record<string, unknown>,
  population: string,
): (label: string) => string | undefined {
  const summaries = Array.isArray(input.summaries) ? input.summaries : [];
  const variables = Array.isArray(input.variables) ? input.variables : [];
  return (label) => {
    const at = BIN_LABEL.exec(label);
    if (!at) return undefined;
    const summary = summaries[Number(at[1])];
    if (!isObject(summary) || !Array.isArray(summary.bins)) return undefined;
    const edges = summary.bins as unknown[];
    const b = Number(at[2]);
    const feature =
      summary.variable === 'y'
        ? { outcome: input.outcome ?? null }
        : variables.find((v) => isObject(v) && v.name === summary.variable);
    const { name: _name, ...definition } = isObject(feature) ? feature : {};
    const lo = b === 0 ? null : edges[b - 1];
    const hi = edges[b] ?? null;
    if (isObject(feature) && isAgeBand(feature, lo, hi)) return undefined;
    return digest('histogram-bin', population, definition, lo, hi);
  };
}

const DIFFERS_LABEL = /^descriptive:summaries\[(\d+)\]:differs$/;
const RATE_LABEL = /^descriptive:rates\[(\d+)\]:/;
const TABLE_LABEL = /^descriptive:tables\[(\d+)\]:/;
/** A GLM's or a validation's 0/1 feature's holders, or a rarer level of a feature of few values. */
const FEATURE_LEVEL_LABEL = /^(?:glm|validation):([A-Za-z][A-Za-z0-9_]*)(?:=1| level \d+ of \d+)$/;
/** The kinds whose definition the requester writes freely (codes, a window, an imputed value). */
const DEFINED_KINDS = new Set(['condition', 'observation', 'encounters']);

/**
 * The sets a variable's definition decides ask about the population's patients *as that definition picks
 * them*: the question names the variable's canonical definition (`canonicalDefinition`: the name, centre
 * and scale left out, a condition's codes as a set) after the population's (`definedQuestion`). The
 * definition is the requester's: under the population's question alone, after the mean of "has C" the
 * mean of "has C or X" was answered when nobody else had X (the same patients behind it) and withheld
 * when a few did, so asking it for every code X listed the conditions anyone of the population has
 * (`test/attacks/variable-definition-oracle.int.test.ts`). Now "C or X" reaching C's patients is withheld
 * like one a few patients away, and the same definition asked again (under any name, by any algorithm)
 * is answered again. The sets still combine with the population's other sets (a feature's holders and
 * its cross cells with the outcome), as the ledger compares populations for that. These sets, for a
 * condition, an observation or an encounter count (sex, region and age pick fixed groups):
 * - a descriptive summary's "patients who differ from the most frequent value" (behind its mean);
 * - a descriptive rate's groups keyed by the variable, and their numerators' patients;
 * - a descriptive table's cells keyed by it (by two: both definitions);
 * - a GLM's or a validation's 0/1 feature's holders (`<algorithm>:<feature>=1`) and each rarer level of a
 *   feature of few values, so a summary of a model's feature and the model agree.
 */
function variableQuestions(
  input: Record<string, unknown>,
  population: string,
): (label: string) => string | undefined {
  const spec = isObject(input.spec) ? input.spec : {};
  const features = [
    ...(Array.isArray(input.variables) ? input.variables : []),
    ...(Array.isArray(spec.features) ? spec.features : []),
  ];
  /** The question of the sets these variables pick; undefined when none is of a defined kind. */
  const question = (...names: unknown[]) => {
    const definitions = names
      .map((name) => features.find((v) => isObject(v) && v.name === name))
      .filter((f): f is Record<string, unknown> => isObject(f) && DEFINED_KINDS.has(String(f.kind)))
      .map((f) => canonicalize(canonicalDefinition(f as Feature)) ?? '');
    if (definitions.length === 0) return undefined;
    const sorted = [...new Set(definitions)].sort();
    return definedQuestion(population, digest('variable', sorted.length === 1 ? sorted[0] : sorted));
  };
  const of = (list: unknown, k: string, key: string) => {
    const item = Array.isArray(list) ? list[Number(k)] : undefined;
    return isObject(item) ? item[key] : undefined;
  };
  return (label) => {
    const differs = DIFFERS_LABEL.exec(label);
    if (differs) return question(of(input.summaries, differs[1]!, 'variable'));
    const rate = RATE_LABEL.exec(label);
    if (rate) return question(of(input.rates, rate[1]!, 'by'));
    const table = TABLE_LABEL.exec(label);
    if (table) return question(of(input.tables, table[1]!, 'rows'), of(input.tables, table[1]!, 'columns'));
    const level = FEATURE_LEVEL_LABEL.exec(label);
    return level && level[1] !== 'outcome' ? question(level[1]) : undefined;
  };
}

/**
 * True when a bin of an age feature (in years, not months) holds exactly one of the age bands that
 * tables, rates and characterisations list (0-9, …, 80-89, 90+): its edges are a fixed cell's, not the
 * requester's, so it asks the population's question as the age band does (an age histogram at decade
 * edges and rates by age band in one answer are then the same sets of one question).
 */
function isAgeBand(feature: Record<string, unknown>, lo: unknown, hi: unknown): boolean {
  if (feature.kind !== 'age' || feature.months === true) return false;
  const centre = typeof feature.centre === 'number' ? feature.centre : 0;
  const years = (e: unknown) => (typeof e === 'number' ? e * 10 + centre : null);
  const whole = (y: number | null) => y !== null && Math.abs(y - Math.round(y)) < 1e-9;
  const from = years(lo);
  const to = years(hi);
  if (whole(from) && Math.round(from!) === 90 && hi === null) return true;
  if (lo === null) return whole(to) && Math.round(to!) === 10;
  return (
    whole(from) &&
    whole(to) &&
    Math.round(from!) % 10 === 0 &&
    Math.round(to!) - Math.round(from!) === 10 &&
    Math.round(from!) >= 0 &&
    Math.round(from!) <= 80
  );
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
