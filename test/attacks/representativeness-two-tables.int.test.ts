import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { central } from '../../src/analytics/algorithms/representativeness/central.ts';
import {
  definition,
  type RepresentativenessPartial,
} from '../../src/analytics/algorithms/representativeness/definition.ts';
import { local } from '../../src/analytics/algorithms/representativeness/local.ts';
import { composeAlgorithm } from '../../src/analytics/local-runner.ts';
import { type MemoryStation, memoryStation } from '../../src/analytics/testing/memory-station.ts';
import { StationRows } from './station-rows.ts';

/**
 * Representativeness withheld a cell below the threshold and released no total, "so withheld cells
 * cannot be recovered by subtraction". But it releases two tables of the same patients — by age band ×
 * sex and by province — and each table's sum is the other's total. In one answer: the released provinces
 * add up to every patient (none of them is small), the released age band × sex cells to every patient
 * but the withheld ones, and the difference is the number of women of 90+ at the station (3 here).
 * The release ledger does not see it: the tables have more than two cells (it checks one- and two-set
 * combinations), and one answer is enough, under any permit.
 *
 * What must hold: no table of the answer, subtracted from the other, gives 1..threshold−1 patients.
 * Both tables are now partitions through `releasePartition` over fixed cells (the age bands the
 * population's age range covers × female/male, every province of the reference population), so an
 * empty cell is withheld like a small one and secondary suppression keeps each table's withheld mass at
 * the threshold or above, as characterisation does.
 */
const alg = composeAlgorithm(definition, local, central);

describe('attack: a withheld representativeness cell as one table minus the other', () => {
  let st: MemoryStation;
  let partial: RepresentativenessPartial;

  beforeAll(async () => {
    st = await memoryStation('station-rep');
    const rows = new StationRows();
    let n = 0;
    const people = (birth: string, sex: 'male' | 'female', region: string, count: number) => {
      for (let i = 0; i < count; i++)
        rows.patient({ id: `p${n++}`, birth, sex, region, municipality: region, pc4: '3500' });
    };
    // Ages 20–89: every band × sex holds 12 patients, 7 in Utrecht and 5 in Gelderland.
    for (let lo = 20; lo < 90; lo += 10)
      for (const sex of ['female', 'male'] as const) {
        const birth = `${2023 - lo - 5}-06-01`;
        people(birth, sex, 'Utrecht', 7);
        people(birth, sex, 'Gelderland', 5);
      }
    // The patients the attacker counts: three women of 92, in Utrecht.
    people('1931-06-01', 'female', 'Utrecht', 3);
    await rows.write(st);
    const ctx = st.context({ purpose: 'research', disclosure: { threshold: 10, rounding: 1 } });
    partial = (await alg.local(
      ctx,
      { population: { indexDate: '2024-01-01', minAge: 20 } },
      0,
    )) as RepresentativenessPartial;
  });
  afterAll(() => st.close());

  it('does not give the withheld cells as the province total minus the age band × sex total', () => {
    const byRegion = partial.regions.reduce((s, r) => s + r.count, 0);
    const byAgeSex = partial.ageSex.reduce((s, c) => s + c.count, 0);
    expect(
      partial.ageSex.some((c) => c.ageBand === '90+'),
      'the women of 90+ are withheld',
    ).toBe(false);
    // Before the fix: 171 − 168 = 3, the women of 90+.
    const revealed = Math.abs(byRegion - byAgeSex);
    expect(revealed === 0 || revealed >= 10, `${revealed} patients read by subtraction`).toBe(true);
  });
});
