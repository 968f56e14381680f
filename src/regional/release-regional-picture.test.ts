import { describe, expect, it } from 'vitest';
import { central } from '../analytics/algorithms/regional-picture/central.ts';
import { definition } from '../analytics/algorithms/regional-picture/definition.ts';
import { local } from '../analytics/algorithms/regional-picture/local.ts';
import { composeAlgorithm } from '../analytics/local-runner.ts';
import { memoryStation } from '../analytics/testing/memory-station.ts';
import { AGE_BANDS, type RegionalPicturePartial } from './regional-picture-schemas.ts';

const alg = composeAlgorithm(definition, local, central);

/** One municipality-year: 30 women and 3 men of 18–64, 20 women of 75+, nobody else. */
function rows(): Record<string, unknown>[] {
  const groups: [number, string, number][] = [
    [40, 'female', 30],
    [40, 'male', 3],
    [80, 'female', 20],
  ];
  let id = 0;
  return groups.flatMap(([age, sex, n]) =>
    Array.from({ length: n }, () => ({
      id: `p${id++}`,
      region: 'Utrecht',
      municipality: 'Utrecht',
      year: 2024,
      age,
      sex,
      ed: 1,
      adm: 0,
      gp: 2,
      cost: 100,
    })),
  );
}

describe('regional picture release', () => {
  it('lists every age band × female/male cell, an empty one like a small one: a cell never says someone lives there', async () => {
    const st = await memoryStation('station-r');
    try {
      const base = st.context({ purpose: 'public-health', disclosure: { threshold: 10, rounding: 1 } });
      const ctx = { ...base, query: async () => rows() };
      const out = (await alg.local(
        ctx,
        { level: 'municipality', years: [2024] },
        0,
      )) as RegionalPicturePartial;
      const listed = out.cells.map((c) => `${c.ageBand}/${c.sex}`).sort();
      expect(listed).toEqual(
        AGE_BANDS.flatMap((b) => ['female', 'male'].map((s) => `${b.label}/${s}`)).sort(),
      );
      const cell = (band: string, sex: string) => out.cells.find((c) => c.ageBand === band && c.sex === sex)!;
      // The three men of 18–64 and the empty cell of men of 75+ look alike.
      expect(cell('18-64', 'male').persons).toEqual(cell('75+', 'male').persons);
      expect(cell('18-64', 'male').events).toEqual(cell('75+', 'male').events);
      expect(cell('75+', 'male').persons).toMatchObject({ value: null, suppressed: true });
    } finally {
      st.close();
    }
  });

  it('gives no sum of patient values that differs from an earlier released one on a few patients (column ledger)', async () => {
    const st = await memoryStation('station-r2');
    try {
      const base = st.context({ purpose: 'public-health', disclosure: { threshold: 10, rounding: 1 } });
      const input = { level: 'municipality' as const, years: [2024] };
      const women = (out: RegionalPicturePartial) =>
        out.cells.find((c) => c.ageBand === '18-64' && c.sex === 'female')!;
      const first = women(
        (await alg.local({ ...base, query: async () => rows() }, input, 0)) as RegionalPicturePartial,
      );
      expect(first.persons.value).toBe(30);
      expect(first.events['gp-contacts'].value).toBe(60);
      expect(first.cost).toBe(3000);
      // The same patients a month later: one woman of 18–64 with a GP contact and a claim more. The cell's
      // patients are the same (released again); its sums would give her new contact and claim by subtraction.
      const changed = rows().map((r, i) => (i === 0 ? { ...r, gp: 3, cost: 250 } : r));
      const second = women(
        (await alg.local({ ...base, query: async () => changed }, input, 0)) as RegionalPicturePartial,
      );
      expect(second.persons.value).toBe(30);
      expect(second.events['gp-contacts']).toEqual({ value: null, withheld: 'differencing' });
      expect(second.cost).toBeNull();
      // The sums whose values did not change are the same columns: released again.
      expect(second.events['ed-visits'].value).toBe(30);
    } finally {
      st.close();
    }
  });
});
