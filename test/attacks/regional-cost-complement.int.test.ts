import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { central } from '../../src/analytics/algorithms/regional-picture/central.ts';
import { definition } from '../../src/analytics/algorithms/regional-picture/definition.ts';
import { local } from '../../src/analytics/algorithms/regional-picture/local.ts';
import { dominated } from '../../src/analytics/disclosure.ts';
import { composeAlgorithm } from '../../src/analytics/local-runner.ts';
import { type MemoryStation, memoryStation } from '../../src/analytics/testing/memory-station.ts';
import type { RegionalCell, RegionalPicturePartial } from '../../src/regional/regional-picture-schemas.ts';
import { StationRows } from './station-rows.ts';

/**
 * The regional picture withholds a cost sum that a few patients dominate, but the sums are exact and
 * the map nests: a province's cell is the sum of its municipalities' cells. One run per province, one
 * per municipality, and the withheld municipality's sum is the province's minus the others' — here one
 * patient's €50,000 in Nijmegen, read from Gelderland minus Arnhem. Likewise a municipality minus its
 * released postcode areas.
 */
const alg = composeAlgorithm(definition, local, central);

describe('attack: a withheld cost sum as a parent area minus its released parts', () => {
  let st: MemoryStation;
  /** Yearly cost per patient (2024), by id. */
  const cost = new Map<string, number>();
  /** Patients per municipality and per postcode area. */
  const members = new Map<string, string[]>();
  beforeAll(async () => {
    st = await memoryStation('station-r');
    const rows = new StationRows();
    const person = (id: string, region: string, municipality: string, pc4: string, euro: number) => {
      rows.patient({ id, birth: '1940-03-01', sex: 'male', region, municipality, pc4 });
      rows.claim(id, '2024-05-01', euro);
      cost.set(id, euro);
      members.set(municipality, [...(members.get(municipality) ?? []), id]);
      members.set(pc4, [...(members.get(pc4) ?? []), id]);
    };
    // Every other age band × sex cell of each postcode area holds enough people (€100 each).
    rows.fillOtherCells({ region: 'Gelderland', municipality: 'Nijmegen', pc4: '6511' });
    rows.fillOtherCells({ region: 'Gelderland', municipality: 'Arnhem', pc4: '6811' });
    rows.fillOtherCells({ region: 'Utrecht', municipality: 'Utrecht', pc4: '3511' });
    rows.fillOtherCells({ region: 'Utrecht', municipality: 'Utrecht', pc4: '3512' });
    // Gelderland: Nijmegen dominated by one patient, Arnhem not.
    for (let i = 0; i < 120; i++) person(`n${i}`, 'Gelderland', 'Nijmegen', '6511', i === 0 ? 50_000 : 100);
    for (let i = 0; i < 120; i++) person(`a${i}`, 'Gelderland', 'Arnhem', '6811', 3_000);
    // Utrecht (the municipality): postcode area 3511 dominated by one patient, 3512 and the whole not.
    for (let i = 0; i < 60; i++) person(`u${i}`, 'Utrecht', 'Utrecht', '3511', i === 0 ? 50_000 : 100);
    for (let i = 0; i < 60; i++) person(`v${i}`, 'Utrecht', 'Utrecht', '3512', 3_000);
    await rows.write(st);
  });
  afterAll(() => st.close());

  const run = async (level: 'region' | 'municipality' | 'pc4') => {
    const ctx = st.context({ purpose: 'public-health', disclosure: { threshold: 10, rounding: 1 } });
    const part = (await alg.local(
      ctx,
      { level, years: [2024], minAreaPersons: 50 },
      0,
    )) as RegionalPicturePartial;
    return part.cells.filter((c) => c.ageBand === '75+' && c.sex === 'male');
  };

  /** What the parent's sum minus the released children's gives must not be dominated by a few patients. */
  const check = (parent: RegionalCell | undefined, children: RegionalCell[]) => {
    expect(parent?.cost, 'the parent area’s sum is released').not.toBeNull();
    const withheld = children.filter((c) => c.cost === null);
    const values = withheld.flatMap((c) => members.get(c.area)!.map((id) => cost.get(id)!));
    const revealed = parent!.cost! - children.reduce((s, c) => s + (c.cost ?? 0), 0);
    expect(revealed).toBeCloseTo(values.reduce((s, x) => s + x, 0));
    const what = `${withheld.map((c) => c.area).join(', ')}: the sum read by subtraction`;
    expect(dominated(values, 0.5, 10), what).toBe(false);
  };

  it('does not give a dominated municipality’s sum as the province’s minus the others’', async () => {
    const province = (await run('region')).find((c) => c.area === 'Gelderland');
    const municipalities = (await run('municipality')).filter((c) => c.area !== 'Utrecht');
    expect(municipalities.find((c) => c.area === 'Nijmegen')?.cost, 'dominated').toBeNull();
    check(province, municipalities);
  });

  it('does not give a dominated postcode area’s sum as the municipality’s minus the others’', async () => {
    const utrecht = (await run('municipality')).find((c) => c.area === 'Utrecht');
    const areas = (await run('pc4')).filter((c) => c.area.startsWith('351'));
    expect(areas.map((c) => c.area)).toEqual(['3511', '3512']);
    expect(areas[0]!.cost, 'dominated').toBeNull();
    check(utrecht, areas);
  });
});
