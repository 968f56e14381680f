import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { central } from '../analytics/algorithms/hybrid-care/central.ts';
import { definition } from '../analytics/algorithms/hybrid-care/definition.ts';
import { local } from '../analytics/algorithms/hybrid-care/local.ts';
import { composeAlgorithm } from '../analytics/local-runner.ts';
import { memoryStation } from '../analytics/testing/memory-station.ts';
import type { HybridCarePartial } from './hybrid-care-schemas.ts';

const alg = composeAlgorithm(definition, local, central);
const THRESHOLD = 5;
/** PC4 areas of several deprivation quintiles, and one not in the table (`unknown`). */
const PC4S = ['9711', '3511', '1011', '5611', '6211', '2511', '7511', '0000'];
const INPUT = { years: [2024], pathways: [{ name: 'COPD', codes: ['13645005'] }] };

const person = fc.record({
  pc4: fc.constantFrom(...PC4S),
  sex: fc.constantFrom('female', 'male'),
  age: fc.integer({ min: 5, max: 95 }),
  contacts: fc.integer({ min: 1, max: 6 }),
  virt: fc.integer({ min: 0, max: 2 }),
  month: fc.integer({ min: 1, max: 3 }),
  pw: fc.boolean(),
});
type Person = typeof person extends fc.Arbitrary<infer T> ? T : never;

/** The rows both queries (year and month) read: one patient-year, one patient-month each. */
const rowsOf = (people: Person[]) =>
  people.map((p, i) => ({
    id: `p${i}`,
    region: 'Utrecht',
    year: 2024,
    sex: p.sex,
    pc4: p.pc4,
    age: p.age,
    month: p.month,
    contacts: p.contacts,
    virt: Math.min(p.virt, p.contacts),
    gp: p.contacts,
    gp_virt: Math.min(p.virt, p.contacts),
    hosp: 0,
    hosp_virt: 0,
    pw0: p.pw ? 1 : 0,
  }));

/** Every released number of a partial by a stable name (null when withheld). */
function released(out: HybridCarePartial): Map<string, number | null> {
  const m = new Map<string, number | null>();
  for (const g of out.groups) {
    const at = `${g.region}:${g.year}`;
    m.set(`${at}:patients`, g.all.patients.value);
    m.set(`${at}:virtual`, g.all.virtualPatients.value);
    m.set(`${at}:contacts`, g.contacts);
    m.set(`${at}:virtual-contacts`, g.virtualContacts);
    for (const d of g.byDeprivation) {
      m.set(`${at}:dep:${d.group}`, d.patients.value);
      m.set(`${at}:dep:${d.group}:virtual`, d.virtualPatients.value);
    }
    for (const mo of g.months) {
      m.set(`${at}:${mo.month}:patients`, mo.patients.value);
      m.set(`${at}:${mo.month}:virtual`, mo.virtualPatients.value);
      m.set(`${at}:${mo.month}:contacts`, mo.contacts);
      m.set(`${at}:${mo.month}:virtual-contacts`, mo.virtualContacts);
    }
    for (const p of g.pathways) {
      m.set(`${at}:${p.name}`, p.patients.value);
      for (const d of p.byDeprivation) m.set(`${at}:${p.name}:dep:${d.group}`, d.patients.value);
      for (const c of p.byAgeSex) m.set(`${at}:${p.name}:${c.ageBand}:${c.sex}`, c.patients.value);
    }
  }
  return m;
}

/**
 * Property: a station answers hybrid care for a random population, then again after a few patients
 * (1..threshold−1) joined, and again with a few patients' contacts changed — the differencing attacks of
 * asking before and after — on one ledger. No
 * released patient count is 1..threshold−1; the deprivation table never leaves 1..threshold−1 patients
 * of the group unaccounted for; and no number (a count, or a sum of contacts) released both times
 * differs by 1..threshold−1 patients' worth: a set that grew by a few is refused by the set ledger, a sum
 * whose column changed on a few patients by the column ledger.
 */
describe('hybrid care disclosure', () => {
  it('reveals no small group, alone, inside the deprivation table, or between two answers', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(person, { minLength: 1, maxLength: 90 }),
        fc.array(person, { minLength: 1, maxLength: THRESHOLD - 1 }),
        fc.integer({ min: 1, max: THRESHOLD - 1 }),
        async (people, joiners, changedCount) => {
          const st = await memoryStation('station-p');
          try {
            const base = st.context({ purpose: 'policy', disclosure: { threshold: THRESHOLD, rounding: 1 } });
            const ask = async (ps: Person[]) =>
              (await alg.local({ ...base, query: async () => rowsOf(ps) }, INPUT, 0)) as HybridCarePartial;
            const before = await ask(people);
            const after = await ask([...people, ...joiners]);
            // The same patients again, a few of them with one contact more (a later data version).
            const changed = await ask(
              people.map((p, i) => (i < changedCount ? { ...p, contacts: p.contacts + 1 } : p)),
            );
            for (const out of [before, after, changed])
              for (const g of out.groups) {
                const counts = [
                  g.all.patients.value,
                  g.all.virtualPatients.value,
                  ...g.byDeprivation.flatMap((d) => [d.patients.value, d.virtualPatients.value]),
                  ...g.months.flatMap((m) => [m.patients.value, m.virtualPatients.value]),
                  ...g.pathways.flatMap((p) => [
                    p.patients.value,
                    ...p.byDeprivation.map((d) => d.patients.value),
                  ]),
                ];
                for (const v of counts) expect(v === null || v === 0 || v >= THRESHOLD).toBe(true);
              }
            // The deprivation table partitions the group: the released total minus the released cells
            // is 0 or ≥ threshold (for all patients and for the pathway's).
            for (const out of [before, after, changed])
              for (const g of out.groups) {
                const tables = [
                  { total: g.all.patients.value, cells: g.byDeprivation },
                  ...g.pathways.map((p) => ({ total: p.patients.value, cells: p.byDeprivation })),
                ];
                for (const { total, cells } of tables) {
                  if (total === null) continue;
                  const hidden = total - cells.reduce((s, d) => s + (d.patients.value ?? 0), 0);
                  expect(hidden === 0 || hidden >= THRESHOLD, `hidden ${hidden}`).toBe(true);
                }
              }
            // Between the two answers: a number released both times changed by 0 or by ≥ threshold
            // patients (counts), or not at all (sums: a few patients' contacts are never the difference).
            const a = released(before);
            for (const later of [after, changed]) {
              const b = released(later);
              for (const [k, v] of a) {
                const w = b.get(k);
                if (v === null || w === null || w === undefined) continue;
                const d = Math.abs(w - v);
                if (k.endsWith('contacts')) expect(d, k).toBe(0);
                else expect(d === 0 || d >= THRESHOLD, `${k}: ${v} then ${w}`).toBe(true);
              }
            }
          } finally {
            st.close();
          }
        },
      ),
      { numRuns: 60 },
    );
  }, 300_000);
});
