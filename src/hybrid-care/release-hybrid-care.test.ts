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
        { years: [2024], pathways: [{ name: 'COPD', codes: ['13645005'] }] },
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
        { years: [2024], pathways: [{ name: 'COPD', codes: ['13645005'] }] },
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
});
