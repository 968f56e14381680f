import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { central } from '../../src/analytics/algorithms/regional-picture/central.ts';
import { definition } from '../../src/analytics/algorithms/regional-picture/definition.ts';
import { local } from '../../src/analytics/algorithms/regional-picture/local.ts';
import { composeAlgorithm } from '../../src/analytics/local-runner.ts';
import { type MemoryStation, memoryStation } from '../../src/analytics/testing/memory-station.ts';
import type { RegionalCell, RegionalPicturePartial } from '../../src/regional/regional-picture-schemas.ts';
import { StationRows } from './station-rows.ts';

/**
 * The regional picture withholds a cell of 1..threshold−1 persons, but the map nests: a province's cell
 * is the sum of its municipalities' cells. One run per province, one per municipality, and the withheld
 * municipality's count is the province's minus the others'. With three or more released neighbours the
 * release ledger (which checks one- and two-set combinations) does not see it: here the 3 men of 75+ in
 * Nijmegen, read as Gelderland minus Arnhem, Ede and Apeldoorn; and 2 ED visits in Arnhem likewise.
 */
const alg = composeAlgorithm(definition, local, central);

describe('attack: a withheld count as a parent area minus its released parts', () => {
  let st: MemoryStation;
  let province: RegionalCell | undefined;
  let municipalities: RegionalCell[] = [];
  const run = async (level: 'region' | 'municipality') => {
    const ctx = st.context({ purpose: 'public-health', disclosure: { threshold: 10, rounding: 1 } });
    const part = (await alg.local(ctx, { level, years: [2024] }, 0)) as RegionalPicturePartial;
    return part.cells.filter((c) => c.ageBand === '75+' && c.sex === 'male');
  };

  beforeAll(async () => {
    st = await memoryStation('station-r');
    const rows = new StationRows();
    const men75 = (municipality: string, count: number, edVisits: number) => {
      const ids = rows.people(
        count,
        { birth: '1940-03-01', sex: 'male', region: 'Gelderland', municipality, pc4: '6500' },
        100,
      );
      for (let v = 0; v < edVisits; v++) rows.edVisit(ids[v % count]!, `2024-0${1 + (v % 9)}-10`);
    };
    // Every other age band × sex cell holds enough people, so the cells the attack looks at (75+ men)
    // are not withheld to protect a small neighbour inside a municipality.
    for (const municipality of ['Nijmegen', 'Arnhem', 'Ede', 'Apeldoorn'])
      rows.fillOtherCells({ region: 'Gelderland', municipality, pc4: '6500' });
    men75('Nijmegen', 3, 0);
    men75('Arnhem', 20, 2);
    men75('Ede', 20, 30);
    men75('Apeldoorn', 20, 30);
    await rows.write(st);
    // The province first, as a public-health user would ask; then the municipalities.
    province = (await run('region')).find((c) => c.area === 'Gelderland');
    municipalities = await run('municipality');
  });
  afterAll(() => st.close());

  it('does not give a withheld municipality’s persons as the province’s minus the others’', () => {
    expect(province?.persons.value, 'the province’s cell is released').toBe(63);
    expect(municipalities.find((c) => c.area === 'Nijmegen')?.persons.suppressed, 'small').toBe(true);
    const released = municipalities.reduce((s, c) => s + (c.persons.value ?? 0), 0);
    const revealed = province!.persons.value! - released;
    expect(revealed === 0 || revealed >= 10, `${revealed} persons read by subtraction`).toBe(true);
  });

  it('does not give a withheld municipality’s ED visits as the province’s minus the others’', () => {
    const visits = (c: RegionalCell) => c.events['ed-visits'].value;
    expect(visits(province!), 'the province’s ED visits are released').toBe(62);
    expect(visits(municipalities.find((c) => c.area === 'Arnhem')!), 'small').toBeNull();
    const released = municipalities.reduce((s, c) => s + (visits(c) ?? 0), 0);
    const revealed = visits(province!)! - released;
    expect(revealed === 0 || revealed >= 10, `${revealed} ED visits read by subtraction`).toBe(true);
  });
});
