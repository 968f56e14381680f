import { describe, expect, it } from 'vitest';
import { central } from '../../src/analytics/algorithms/regional-picture/central.ts';
import { definition } from '../../src/analytics/algorithms/regional-picture/definition.ts';
import { local } from '../../src/analytics/algorithms/regional-picture/local.ts';
import { composeAlgorithm } from '../../src/analytics/local-runner.ts';
import { memoryStation } from '../../src/analytics/testing/memory-station.ts';
import type { RegionalPicturePartial } from '../../src/regional/regional-picture-schemas.ts';
import { StationRows } from './station-rows.ts';

/**
 * The regional picture asked at the province level and then at the municipality level. Every set of
 * the algorithm answers one question per purpose, so a municipality's cell that holds the very patients
 * of its province's released cell is answered again, and one a few patients short of it (the others live
 * in a neighbouring municipality) is withheld (`differencing`). Whether (and why) Ede's cells are
 * withheld therefore tells whether Arnhem has no men of 75+ or a few — Arnhem's own cell is withheld as
 * small either way, and "Empty cells look like small ones" (`docs/decisions/release-ledger.md`) says
 * that must not show. No choice of the requester's is needed: asking both levels is ordinary use.
 *
 * Recorded, not fixed: the withholding of the few-short cell is what keeps Arnhem's count (the province
 * minus Ede) from leaking, so the consistent fix withholds the identical cell too — a question per
 * level (`src/analytics/release-questions.ts`) — and then a station whose patients all live in one
 * municipality has every cell of the second level it is asked for withheld. Choosing between that cost
 * and this oracle (or releasing a municipality's cells only when its province's were not, or the other
 * way round) is a design decision. When it is closed this test fails: turn `it.fails` into `it`.
 */
const alg = composeAlgorithm(definition, local, central);

const BIRTHS = { '0-17': '2012-03-01', '18-64': '1980-03-01', '65-74': '1954-03-01', '75+': '1940-03-01' };

/** Whether Ede's cells were withheld (and why), asked after the province's, with `oldMenInArnhem`. */
async function edePattern(oldMenInArnhem: number): Promise<string[]> {
  const st = await memoryStation('station-levels');
  try {
    const rows = new StationRows();
    const people = (municipality: string, birth: string, sex: 'male' | 'female', count: number) =>
      rows.people(count, { birth, sex, region: 'Gelderland', municipality, pc4: '6711' });
    // Ede: 15 in every age band × sex. Arnhem: 30 women of 18–64, and a few men of 75+ (or none).
    for (const birth of Object.values(BIRTHS))
      for (const sex of ['female', 'male'] as const) people('Ede', birth, sex, 15);
    people('Arnhem', BIRTHS['18-64'], 'female', 30);
    people('Arnhem', BIRTHS['75+'], 'male', oldMenInArnhem);
    await rows.write(st);
    const ctx = st.context({ purpose: 'public-health', disclosure: { threshold: 10, rounding: 1 } });
    const ask = async (level: 'region' | 'municipality') =>
      ((await alg.local(ctx, { level, years: [2024] }, 0)) as RegionalPicturePartial).cells;
    const province = await ask('region');
    expect(province.find((c) => c.ageBand === '75+' && c.sex === 'male')?.persons.value).toBe(
      15 + oldMenInArnhem,
    );
    const municipalities = await ask('municipality');
    const arnhem = municipalities.find((c) => c.area === 'Arnhem' && c.ageBand === '75+' && c.sex === 'male');
    expect(arnhem?.persons.value ?? null, 'Arnhem’s own cell is withheld either way').toBeNull();
    return municipalities
      .filter((c) => c.area === 'Ede')
      .map((c) => `${c.ageBand} ${c.sex}:${c.persons.reason ?? 'released'}`);
  } finally {
    st.close();
  }
}

describe('attack: a municipality’s cell against its province’s as a refusal oracle', () => {
  it.fails('withholds Ede’s cells alike whether Arnhem has no men of 75+ or a few', async () => {
    const none = await edePattern(0);
    const three = await edePattern(3);
    // Now: with none, Ede's "75+ male" cell is withheld only as `secondary` (the siblings' hierarchy)
    // and its "18-64 female" cell answered; with three, both are withheld as `differencing` (the cell
    // is the province's few short): Arnhem's men of 75+ exist.
    expect(three).toEqual(none);
  });
});
