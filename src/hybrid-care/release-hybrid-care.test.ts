import { describe, expect, it } from 'vitest';
import { central } from '../analytics/algorithms/hybrid-care/central.ts';
import { definition } from '../analytics/algorithms/hybrid-care/definition.ts';
import { local } from '../analytics/algorithms/hybrid-care/local.ts';
import { composeAlgorithm } from '../analytics/local-runner.ts';
import { memoryStation } from '../analytics/testing/memory-station.ts';
import type { HybridCarePartial } from './hybrid-care-schemas.ts';

const alg = composeAlgorithm(definition, local, central);

/** One pathway's patients by age band and sex: four groups of 20 and three men of 75+ (below the threshold). */
function rows(): Record<string, unknown>[] {
  const groups: [number, string, number][] = [
    [40, 'female', 20],
    [70, 'female', 20],
    [80, 'female', 20],
    [40, 'male', 20],
    [80, 'male', 3],
  ];
  let id = 0;
  return groups.flatMap(([age, sex, n]) =>
    Array.from({ length: n }, () => ({
      id: `p${id++}`,
      region: 'Utrecht',
      year: 2024,
      age,
      sex,
      contacts: 3,
      virt: 1,
      gp: 1,
      gp_virt: 1,
      hosp: 1,
      hosp_virt: 0,
      pw0: 1,
    })),
  );
}

describe('hybrid care release', () => {
  it('gives no pathway total from which the withheld age-sex cells add up to 1..threshold−1 patients', async () => {
    const st = await memoryStation('station-h');
    try {
      const base = st.context({ purpose: 'policy', disclosure: { threshold: 10, rounding: 1 } });
      const ctx = { ...base, query: async () => rows() };
      const out = (await alg.local(
        ctx,
        { years: [2024], pathways: [{ name: 'COPD', codes: ['13645005'] }], byMonth: false },
        0,
      )) as HybridCarePartial;
      const pw = out.groups[0]!.pathways[0]!;
      for (const field of ['patients', 'virtualPatients'] as const) {
        const total = pw[field].value;
        if (total === null) continue;
        const cells = pw.byAgeSex.reduce((s, c) => s + (c[field].value ?? 0), 0);
        const hidden = total - cells;
        expect(hidden === 0 || hidden >= 10, `${field}: ${total} − ${cells} = ${hidden}`).toBe(true);
      }
    } finally {
      st.close();
    }
  });

  it('gives no contact count for a region whose patients are withheld (a sum over a small group)', async () => {
    const st = await memoryStation('station-h2');
    try {
      const base = st.context({ purpose: 'policy', disclosure: { threshold: 10, rounding: 1 } });
      // Eight patients with three contacts each, one of them virtual: 24 contacts, 8 virtual.
      const ctx = { ...base, query: async () => rows().slice(0, 8) };
      const out = (await alg.local(
        ctx,
        { years: [2024], pathways: [{ name: 'COPD', codes: ['13645005'] }], byMonth: false },
        0,
      )) as HybridCarePartial;
      const g = out.groups[0]!;
      expect(g.all.patients.value).toBeNull();
      expect(g.contacts, 'contacts of a withheld group').toBeNull();
      expect(g.virtualContacts, 'virtual contacts of a withheld group').toBeNull();
    } finally {
      st.close();
    }
  });

  it('gives no sum of contacts that differs from an earlier released one on a few patients (column ledger)', async () => {
    const st = await memoryStation('station-h3');
    try {
      const base = st.context({ purpose: 'policy', disclosure: { threshold: 10, rounding: 1 } });
      const input = { years: [2024], pathways: [{ name: 'COPD', codes: ['13645005'] }], byMonth: false };
      const first = (await alg.local({ ...base, query: async () => rows() }, input, 0)) as HybridCarePartial;
      expect(first.groups[0]!.contacts).toBe(83 * 3);
      // The same patients asked again, one of them with one contact more: the set is the same (released
      // again), the sum would give that patient's contacts by subtraction.
      const changed = rows().map((r, i) => (i === 0 ? { ...r, contacts: 4 } : r));
      const second = (await alg.local(
        { ...base, query: async () => changed },
        input,
        0,
      )) as HybridCarePartial;
      expect(second.groups[0]!.all.patients.value).toBe(83);
      expect(second.groups[0]!.contacts).toBeNull();
    } finally {
      st.close();
    }
  });

  it('releases the deprivation table as a partition: the withheld quintiles never add up to 1..threshold−1', async () => {
    const st = await memoryStation('station-h4');
    try {
      const base = st.context({ purpose: 'policy', disclosure: { threshold: 10, rounding: 1 } });
      // 83 patients over PC4 areas of every quintile; a few in one quintile only.
      const pc4s = ['9711', '3511', '1011', '5611', '6211', '2511', '7511', '8011'];
      const data = rows().map((r, i) => ({ ...r, pc4: pc4s[i % pc4s.length] }));
      const out = (await alg.local(
        { ...base, query: async () => data },
        { years: [2024], pathways: [{ name: 'COPD', codes: ['13645005'] }], byMonth: false },
        0,
      )) as HybridCarePartial;
      const g = out.groups[0]!;
      for (const table of [g.byDeprivation, g.pathways[0]!.byDeprivation]) {
        const released = table.reduce((s, c) => s + (c.patients.value ?? 0), 0);
        const hidden = 83 - released;
        expect(hidden === 0 || hidden >= 10, `hidden ${hidden}`).toBe(true);
      }
    } finally {
      st.close();
    }
  });
});
