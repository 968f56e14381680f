import { describe, expect, it } from 'vitest';
import { central } from '../../src/analytics/algorithms/regional-picture/central.ts';
import { definition } from '../../src/analytics/algorithms/regional-picture/definition.ts';
import { local } from '../../src/analytics/algorithms/regional-picture/local.ts';
import { composeAlgorithm } from '../../src/analytics/local-runner.ts';
import { memoryStation } from '../../src/analytics/testing/memory-station.ts';
import type { RegionalPicturePartial } from '../../src/regional/regional-picture-schemas.ts';
import { otherPc4 } from '../../src/regional/release-regional-picture.ts';
import { StationRows } from './station-rows.ts';

/**
 * The regional picture at the PC4 level pools a municipality's postcode areas of fewer than
 * `minAreaPersons` persons into "<municipality> (other PC4)"; the requester chooses `minAreaPersons`
 * (at least threshold × 5). Asked with it one above a postcode area's persons and then equal to them,
 * that area leaves the pool: each age band × sex cell of the pool loses the area's persons of that cell.
 * All of it answered one question per purpose, so a pool cell that lost nobody was the same patients
 * again (answered) and one that lost 1..threshold−1 was withheld: whether the pool's "75+ male" cell was
 * answered told whether the area has no men of 75+ or a few — which its own cell, withheld as small
 * either way, must not tell ("Empty cells look like small ones", `docs/decisions/release-ledger.md`).
 *
 * What must hold: the pool's cells are withheld alike whether the area that left it had nobody or a few
 * in the cell. The levels are now one release under one question (`docs/decisions/release-ledger.md`,
 * "One release for every level"), and where a postcode area's cell is withheld the pool's cell is the
 * one withheld to cover it (`coverGroup`, `src/regional/count-hierarchy.ts`), so the pool is never
 * released a few patients from what it held under another `minAreaPersons`. (Before that, the pool's
 * sets answered a question of their own per `minAreaPersons`.)
 */
const alg = composeAlgorithm(definition, local, central);

const BIRTHS = { '0-17': '2012-03-01', '18-64': '1980-03-01', '65-74': '1954-03-01', '75+': '1940-03-01' };

/**
 * The pool's and the area's cells (withheld and why, or the value) asked with `minAreaPersons` 61 (the
 * area pooled) and then 60 (the area on its own).
 */
async function poolPattern(oldMenInTarget: number): Promise<string[]> {
  const st = await memoryStation('station-pool');
  try {
    const rows = new StationRows();
    const people = (pc4: string, birth: string, sex: 'male' | 'female', count: number) =>
      rows.people(count, { birth, sex, region: 'Gelderland', municipality: 'Ede', pc4 });
    // Three small postcode areas of 40 (always pooled: fewer than 50): 5 per age band × sex.
    for (const pc4 of ['6712', '6713', '6714'])
      for (const birth of Object.values(BIRTHS))
        for (const sex of ['female', 'male'] as const) people(pc4, birth, sex, 5);
    // The target area: 60 persons, a few of them (or none) men of 75+.
    people('6711', BIRTHS['18-64'], 'female', 60 - oldMenInTarget);
    people('6711', BIRTHS['75+'], 'male', oldMenInTarget);
    await rows.write(st);
    const ctx = st.context({ purpose: 'public-health', disclosure: { threshold: 10, rounding: 1 } });
    const ask = async (minAreaPersons: number) =>
      (
        (await alg.local(ctx, { level: 'pc4', years: [2024], minAreaPersons }, 0)) as RegionalPicturePartial
      ).cells.filter((c) => c.area === otherPc4('Ede') || c.area === '6711');
    const first = await ask(61);
    expect(
      first.find((c) => c.area !== otherPc4('Ede')),
      'the area is pooled',
    ).toBeUndefined();
    expect(first.find((c) => c.ageBand === '75+' && c.sex === 'male')?.persons.value, 'pooled').toBe(
      15 + oldMenInTarget,
    );
    const second = await ask(60);
    return second.map((c) => `${c.area} ${c.ageBand} ${c.sex}:${c.persons.reason ?? c.persons.value}`);
  } finally {
    st.close();
  }
}

describe('attack: the pool of small postcode areas as a refusal oracle', () => {
  it('withholds the pool’s cells alike whether the area that left had nobody or a few in a cell', async () => {
    const none = await poolPattern(0);
    const three = await poolPattern(3);
    // Before the fix: with three men of 75+ in the area the pool's "18-64 female" cell was withheld
    // (the pool before minus the area is it, but for the three men) and its "75+ male" cell withheld as
    // `differencing` (it lost three); with none the first was answered and the second only `secondary`.
    expect(three).toEqual(none);
  });
});
