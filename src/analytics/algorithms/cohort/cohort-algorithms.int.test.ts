import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CohortDefinitionInput } from '../../../cohort/cohort-definition.ts';
import { randomStation, storeStation } from '../../../cohort/test-support/random-station.ts';
import { ReleaseLedger } from '../../../privacy/disclosure/release-ledger.ts';
import type { StationContext } from '../../algorithm.ts';
import { runFederated } from '../../federated-driver.ts';
import { composeAlgorithm } from '../../local-runner.ts';
import { central as characterisationCentral } from './cohort-characterisation/central.ts';
import { definition as characterisationDefinition } from './cohort-characterisation/definition.ts';
import { local as characterisationLocal } from './cohort-characterisation/local.ts';
import { central as feasibilityCentral } from './cohort-feasibility/central.ts';
import { definition as feasibilityDefinition } from './cohort-feasibility/definition.ts';
import { local as feasibilityLocal } from './cohort-feasibility/local.ts';

const feasibility = composeAlgorithm(feasibilityDefinition, feasibilityLocal, feasibilityCentral);
const characterisation = composeAlgorithm(
  characterisationDefinition,
  characterisationLocal,
  characterisationCentral,
);

const closers: (() => Promise<void>)[] = [];
let contexts: StationContext[] = [];

beforeAll(async () => {
  contexts = [];
  for (const seed of [21, 22]) {
    const s = await storeStation(randomStation(seed, 400));
    closers.push(s.close);
    contexts.push({
      stationId: `s${seed}`,
      query: s.query,
      dialect: 'duckdb',
      purpose: 'research',
      permitId: 'permit-1',
      disclosure: { threshold: 10, rounding: 5 },
      runState: new Map(),
      ledger: ReleaseLedger.open(),
    });
  }
});
afterAll(async () => {
  for (const c of closers) await c();
});

const cohort = (maxAge: number): CohortDefinitionInput => ({
  name: 'chronic',
  entry: { event: { domain: 'condition', codes: ['44054006', '84114007', '13645005', '38341003'] } },
  demographics: { age: { min: 18, max: maxAge } },
});

describe('cohort algorithms', () => {
  it('cohort-feasibility: station counts and their sum, attrition per step', async () => {
    const run = await runFederated(feasibility, contexts, { cohort: cohort(100) });
    const { result } = run;
    expect(result.stations).toHaveLength(2);
    expect(result.count.value).toBe(result.stations.reduce((s, st) => s + (st.result.count.value ?? 0), 0));
    expect(result.count.value).toBeGreaterThan(0);
    expect(result.attrition.map((a) => a.label)).toEqual([
      'entry: first condition event',
      'age 18–100 at entry',
    ]);
    expect(result.stations[0]?.result).not.toHaveProperty('characterisation');
  });

  it('cohort-characterisation: combined cells are sums of released station cells', async () => {
    const { result } = await runFederated(characterisation, contexts, { cohort: cohort(100), topN: 5 });
    const ageSexTotal = result.characterisation.ageSex.reduce((s, c) => s + c.count.value, 0);
    expect(ageSexTotal).toBe(
      result.stations.reduce((s, st) => s + (st.result.characterisation?.totals.ageSex ?? 0), 0),
    );
    expect(result.characterisation.conditions.length).toBeGreaterThan(0);
    expect(result.characterisation.conditions.length).toBeLessThanOrEqual(5);
  });

  it('withholds a count through the station ledger when a neighbouring cohort would give a small group', async () => {
    // Age limits whose counts differ by 1..9 at some station exist in 400 patients; walk until withheld.
    let withheld = false;
    for (let max = 60; max <= 90 && !withheld; max++) {
      const { result } = await runFederated(feasibility, contexts, { cohort: cohort(max) });
      withheld = result.stations.some((s) => s.result.count.reason === 'differencing');
    }
    expect(withheld).toBe(true);
  });

  it('rejects an invalid cohort with its JSON path', async () => {
    const bad: CohortDefinitionInput = {
      ...cohort(80),
      inclusion: [{ event: { domain: 'condition', codeSet: 'missing' } }],
    };
    await expect(runFederated(feasibility, contexts, { cohort: bad })).rejects.toThrow(
      'inclusion[0].event.codeSet',
    );
  });
});
