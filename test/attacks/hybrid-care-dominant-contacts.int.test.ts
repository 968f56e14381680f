import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { central } from '../../src/analytics/algorithms/hybrid-care/central.ts';
import { definition } from '../../src/analytics/algorithms/hybrid-care/definition.ts';
import { local } from '../../src/analytics/algorithms/hybrid-care/local.ts';
import { dominated } from '../../src/analytics/disclosure.ts';
import { composeAlgorithm } from '../../src/analytics/local-runner.ts';
import { type MemoryStation, memoryStation } from '../../src/analytics/testing/memory-station.ts';
import type { HybridCarePartial } from '../../src/hybrid-care/hybrid-care-schemas.ts';
import { StationRows } from './station-rows.ts';

/**
 * Hybrid care's contact counts are sums of patient values, but unlike every other such sum (descriptive
 * means, the monitor's indicators, the regional picture's costs) they had no dominance rule: one patient
 * on daily telemonitoring (150 contacts in March) among 19 others with one to five video contacts made
 * March's virtual contacts 205 — three quarters of them that one patient's. And when a
 * month is withheld for it, the year minus the released months gives the same sum back unless the
 * months withheld with it (secondary suppression) dilute the patient below half of what they add up to.
 *
 * What must hold: every released contact sum, and the year's minus the released months', is not made up
 * for more than `maxShare` (default half) by one patient. The sums now apply the (1, 50%) rule, and
 * the secondary suppression of months goes on while the withheld months' contacts are dominated.
 */
const alg = composeAlgorithm(definition, local, central);

describe('attack: a month’s virtual contacts that are one telemonitoring patient’s', () => {
  let st: MemoryStation;
  let out: HybridCarePartial;
  /** Per patient and month (1–12): [contacts, virtual contacts]. */
  const planted = new Map<string, Map<number, [number, number]>>();

  beforeAll(async () => {
    st = await memoryStation('station-hd');
    const rows = new StationRows();
    const encounters: string[] = [];
    const contact = (id: string, month: number, kind: 'gp' | 'video' | 'telemonitoring') => {
      const day = `2024-${String(month).padStart(2, '0')}-${String(1 + (encounters.length % 28)).padStart(2, '0')}`;
      const setting = kind === 'gp' ? "'gp', NULL" : `'virtual', '${kind}'`;
      encounters.push(
        `('v${encounters.length}', '${id}', 'AMB', ${setting}, 't', 'R', '${day} 10:00:00', '${day} 10:15:00', NULL)`,
      );
      const byMonth = planted.get(id) ?? new Map<number, [number, number]>();
      const [c, v] = byMonth.get(month) ?? [0, 0];
      byMonth.set(month, [c + 1, v + (kind === 'gp' ? 0 : 1)]);
      planted.set(id, byMonth);
    };
    const person = (id: string) =>
      rows.patient({ id, birth: '1950-05-01', sex: 'male', region: 'Utrecht', municipality: 'Utrecht' });
    // 100 patients seen by the GP in four months out of ten and by video in two of those.
    for (let i = 0; i < 100; i++) {
      person(`r${i}`);
      for (let m = 1; m <= 12; m++) {
        const slot = (7 * i + 13 * m) % 10;
        if (m === 3 || slot >= 4) continue;
        contact(`r${i}`, m, 'gp');
        if (slot < 2) contact(`r${i}`, m, 'video');
      }
    }
    // March: 19 patients with one to five video contacts, and one on daily telemonitoring.
    for (let i = 0; i < 19; i++) {
      person(`m${i}`);
      for (let k = 0; k <= i % 5; k++) contact(`m${i}`, 3, 'video');
    }
    person('target');
    for (let d = 0; d < 150; d++) contact('target', 3, 'telemonitoring');
    await rows.write(st);
    await st.connection.run(`INSERT INTO encounter VALUES ${encounters.join(', ')}`);
    const ctx = st.context({ purpose: 'policy', disclosure: { threshold: 10, rounding: 1 } });
    out = (await alg.local(ctx, { years: [2024], byMonth: true }, 0)) as HybridCarePartial;
  });
  afterAll(() => st.close());

  /** The patients' contributions to the months `months` (1–12) of the field. */
  const contributions = (months: number[], field: 0 | 1) =>
    [...planted.values()].map((byMonth) => months.reduce((s, m) => s + (byMonth.get(m)?.[field] ?? 0), 0));

  it('releases no contact sum one patient makes up most of', () => {
    const g = out.groups[0]!;
    const all = Array.from({ length: 12 }, (_, k) => k + 1);
    for (const [field, k] of [
      ['contacts', 0],
      ['virtualContacts', 1],
    ] as const) {
      if (g[field] !== null) expect(dominated(contributions(all, k), 0.5), `year ${field}`).toBe(false);
      for (const m of g.months) {
        if (m[field] === null) continue;
        // Before the fix: March's contacts and virtual contacts, 205, were released (150 the target's).
        expect(dominated(contributions([Number(m.month.slice(5))], k), 0.5), `${m.month} ${field}`).toBe(
          false,
        );
      }
    }
  });

  it('does not give them as the year’s minus the released months’ either', () => {
    const g = out.groups[0]!;
    for (const [field, k] of [
      ['contacts', 0],
      ['virtualContacts', 1],
    ] as const) {
      // The year's sums are released: the telemonitoring is under a third of the year's (virtual) contacts.
      expect(g[field], `the year’s ${field}`).not.toBeNull();
      const withheld = g.months.filter((m) => m[field] === null).map((m) => Number(m.month.slice(5)));
      if (withheld.length === 0) continue;
      expect(dominated(contributions(withheld, k), 0.5), `the withheld months’ ${field}`).toBe(false);
    }
  });
});
