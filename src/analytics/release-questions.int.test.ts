import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CohortDefinitionInput } from '../cohort/cohort-definition.ts';
import * as characterisation from './algorithms/cohort/cohort-characterisation/central.ts';
import * as characterisationDef from './algorithms/cohort/cohort-characterisation/definition.ts';
import * as characterisationLocal from './algorithms/cohort/cohort-characterisation/local.ts';
import * as feasibility from './algorithms/cohort/cohort-feasibility/central.ts';
import * as feasibilityDef from './algorithms/cohort/cohort-feasibility/definition.ts';
import * as feasibilityLocal from './algorithms/cohort/cohort-feasibility/local.ts';
import * as descriptive from './algorithms/descriptive/central.ts';
import * as descriptiveDef from './algorithms/descriptive/definition.ts';
import * as descriptiveLocal from './algorithms/descriptive/local.ts';
import * as glm from './algorithms/glm/central.ts';
import * as glmDef from './algorithms/glm/definition.ts';
import * as glmLocal from './algorithms/glm/local.ts';
import * as validation from './algorithms/validation/central.ts';
import * as validationDef from './algorithms/validation/definition.ts';
import * as validationLocal from './algorithms/validation/local.ts';
import { runFederated } from './federated-driver.ts';
import { composeAlgorithm } from './local-runner.ts';
import { type MemoryStation, memoryStation } from './testing/memory-station.ts';
import { simulateStation, simulationSpec } from './testing/simulate-station.ts';

/**
 * The ordinary workflow through the station's release ledger, with questions: a cohort's feasibility
 * and characterisation, then descriptive statistics, a GLM and its validation on one population — and
 * all of it asked again under another permit. Everything is answered, the repeats with the same numbers;
 * the same patients asked by another question are withheld.
 */
const FEASIBILITY = composeAlgorithm(feasibilityDef.definition, feasibilityLocal.local, feasibility.central);
const CHARACTERISATION = composeAlgorithm(
  characterisationDef.definition,
  characterisationLocal.local,
  characterisation.central,
);
const DESCRIPTIVE = composeAlgorithm(descriptiveDef.definition, descriptiveLocal.local, descriptive.central);
const GLM = composeAlgorithm(glmDef.definition, glmLocal.local, glm.central);
const VALIDATION = composeAlgorithm(validationDef.definition, validationLocal.local, validation.central);

const spec = simulationSpec();
/**
 * The model leaves diabetes out: a 0/1 feature's holders are a set the regression releases (its
 * information matrix counts them), and the population's diabetics are the cohort's entry step (every
 * diabetic) give or take the few who died or were diagnosed after the index date — withheld like any set
 * a few patients from another question's (docs/decisions/release-ledger.md, "What it costs").
 */
const model = { ...spec, features: spec.features.filter((f) => f.name !== 'diabetes') };
let station: MemoryStation;

beforeAll(async () => {
  station = await memoryStation('a');
  await simulateStation(station.connection, {
    patients: 3000,
    seed: 7,
    prefix: 'w-',
    beta: [-3, 0.2, 0, 0.5, 0, 0.1],
  });
});
afterAll(() => station.close());

const diabetes = (
  name: string,
  age: { min?: number; max?: number } = { min: 40 },
): CohortDefinitionInput => ({
  name,
  entry: { event: { domain: 'condition', codes: ['44054006'] } },
  demographics: { age },
});

/** One pass of the workflow under a permit; the numbers each step released. */
// A station's noise secret, as every real station has: the same patients get the same noise under any
// permit (without it each run draws its own, and a repeat would differ by design).
const NOISE = { secret: new Uint8Array(32).fill(7), dataVersion: 'v1' };

async function workflow(permitId: string, cohortName: string) {
  const at = () => [station.context({ permitId, noise: NOISE })];
  const f = await runFederated(FEASIBILITY, at(), { cohort: diabetes(cohortName) });
  const c = await runFederated(CHARACTERISATION, at(), { cohort: diabetes(cohortName) });
  const d = await runFederated(DESCRIPTIVE, at(), {
    population: spec.population,
    variables: spec.features,
    outcome: spec.outcome,
    summaries: [{ variable: 'age_decades', bins: [-10, 100] }],
    // Not crossed with diabetes: here every diabetic is in the population, so "men with diabetes" would
    // be exactly the cohort's entry step (all diabetics) without "women with diabetes" — a combination
    // of another question's set, withheld like the same combination give or take a few
    // (docs/decisions/release-ledger.md, "What it costs").
    tables: [{ rows: 'sex', columns: 'y' }],
    rates: [{ by: 'sex' }],
  });
  const g = await runFederated(GLM, at(), { spec: model, family: 'logistic' });
  const v = await runFederated(VALIDATION, at(), {
    spec: model,
    coefficients: g.result.coefficients.map((k) => k.estimate),
  });
  return { f: f.result, c: c.result, d: d.result, g: g.result, v: v.result };
}

describe('the ordinary workflow with questions in the release ledger', () => {
  let first: Awaited<ReturnType<typeof workflow>>;

  it('answers feasibility, characterisation, descriptive statistics, a GLM and its validation', async () => {
    first = await workflow('permit-1', 'diabetes 40+');
    expect(first.f.count.suppressedAt).toBe(0);
    expect(first.f.count.value).toBeGreaterThan(100);
    // Feasibility and characterisation ask the same questions of the attrition: the same numbers.
    expect(first.c.count).toEqual(first.f.count);
    expect(first.c.attrition.map((a) => a.count)).toEqual(first.f.attrition.map((a) => a.count));
    expect(first.c.characterisation?.ageSex.some((cell) => cell.count.value > 0)).toBe(true);
    // One bin that holds everyone: the population again, asked about the same population.
    expect(first.d.pooled.n).toBeGreaterThan(2000);
    expect(first.g.n).toBe(first.d.pooled.n);
    expect(first.v.pooled.auc.estimate).toBeGreaterThan(0.5);
    expect(first.v.suppressed.filter((s) => s.reason === 'differencing')).toEqual([]);
  }, 240_000);

  it('answers all of it again under another permit, with the same numbers', async () => {
    const ledgerSize = station.ledger.size;
    const again = await workflow('permit-2', 'the same cohort, renamed');
    expect(again.f.count).toEqual(first.f.count);
    expect(again.f.attrition.map((a) => a.count)).toEqual(first.f.attrition.map((a) => a.count));
    expect(again.c.characterisation).toEqual(first.c.characterisation);
    expect(again.d.pooled.n).toBe(first.d.pooled.n);
    expect(again.g.coefficients).toEqual(first.g.coefficients);
    expect(again.v.pooled).toEqual(first.v.pooled);
    expect(again.v.subgroups).toEqual(first.v.subgroups);
    // Nothing new was released: every set was a repeat of its own question.
    expect(station.ledger.size).toBe(ledgerSize);
  }, 240_000);

  it('withholds the same patients asked by another question (an age limit nobody reaches)', async () => {
    const r = await runFederated(FEASIBILITY, [station.context({ permitId: 'permit-3' })], {
      cohort: diabetes('diabetes 40 to 150', { min: 40, max: 150 }),
    });
    expect(r.result.stations[0]?.result.count).toMatchObject({
      value: null,
      suppressed: true,
      reason: 'differencing',
    });
  }, 240_000);

  it('refuses a model whose 0/1 feature holds the cohort’s patients give or take a few', async () => {
    await expect(
      runFederated(GLM, [station.context({ permitId: 'permit-4', noise: NOISE })], {
        spec,
        family: 'logistic',
      }),
    ).rejects.toThrow(/glm:diabetes=1/);
  }, 240_000);
});
