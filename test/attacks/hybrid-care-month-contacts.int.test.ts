import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { central } from '../../src/analytics/algorithms/hybrid-care/central.ts';
import { definition } from '../../src/analytics/algorithms/hybrid-care/definition.ts';
import { local } from '../../src/analytics/algorithms/hybrid-care/local.ts';
import { composeAlgorithm } from '../../src/analytics/local-runner.ts';
import { type MemoryStation, memoryStation } from '../../src/analytics/testing/memory-station.ts';
import type { HybridCarePartial } from '../../src/hybrid-care/hybrid-care-schemas.ts';
import { StationRows } from './station-rows.ts';

/**
 * Hybrid care releases a province-year's contacts and, per calendar month, that month's contacts; every
 * contact lies in exactly one month, so the year's contacts are the months' added up. A month whose
 * patients are few (here 4 patients in August) has its contacts withheld, and the year minus the eleven
 * released months gave them: 7 contacts of 4 patients, in one answer. The release ledger and the column
 * ledger compare one or two earlier sets or columns, never twelve; the regional picture closed the same
 * hole along its map (`regional-count-complement.int.test.ts`) but hybrid care's months were left.
 *
 * What must hold: the contacts (and virtual contacts) of the months withheld in an answer that also
 * gives the year's are those of no patients or of the threshold's patients at least. Withheld months
 * now get secondary suppression: while the patients behind the withheld months number 1..threshold−1,
 * the released month with the fewest patients is withheld too.
 */
const alg = composeAlgorithm(definition, local, central);

describe('attack: a withheld month’s contacts as the year minus the other months', () => {
  let st: MemoryStation;
  let out: HybridCarePartial;
  /** Patients with a contact, and their virtual contacts, per month (1–12). */
  const inMonth = new Map<number, { all: Set<string>; virtual: Set<string> }>();

  beforeAll(async () => {
    st = await memoryStation('station-hm');
    const rows = new StationRows();
    const encounters: string[] = [];
    const contact = (id: string, month: number, virtual: boolean) => {
      const day = `2024-${String(month).padStart(2, '0')}-1${encounters.length % 9}`;
      const setting = virtual ? "'virtual', 'video'" : "'gp', NULL";
      encounters.push(
        `('v${encounters.length}', '${id}', 'AMB', ${setting}, 't', 'R', '${day} 10:00:00', '${day} 10:15:00', NULL)`,
      );
      const m = inMonth.get(month) ?? { all: new Set(), virtual: new Set() };
      m.all.add(id);
      if (virtual) m.virtual.add(id);
      inMonth.set(month, m);
    };
    const person = (id: string, region = 'Utrecht') =>
      rows.patient({ id, birth: '1970-05-01', sex: 'female', region, municipality: region });
    // 100 patients, each seen by the GP in four months out of ten (40 a month, another 40 each month),
    // one in two of them also by video; nobody in August.
    for (let i = 0; i < 100; i++) {
      person(`r${i}`);
      for (let m = 1; m <= 12; m++) {
        if (m === 8 || (7 * i + 13 * m) % 10 >= 4) continue;
        contact(`r${i}`, m, false);
        if (i % 2) contact(`r${i}`, m, true);
      }
    }
    // Gelderland: the same, and nobody in August at all.
    for (let i = 0; i < 100; i++) {
      person(`g${i}`, 'Gelderland');
      for (let m = 1; m <= 12; m++) if (m !== 8 && (7 * i + 13 * m) % 10 < 4) contact(`g${i}`, m, false);
    }
    // The few the attacker is after: 4 patients seen only in August, 7 contacts, 3 of them by video.
    for (let i = 0; i < 4; i++) person(`a${i}`);
    for (const [id, virtual] of [
      ['a0', false],
      ['a0', true],
      ['a1', false],
      ['a1', false],
      ['a2', true],
      ['a3', false],
      ['a3', true],
    ] as const)
      contact(id, 8, virtual);
    await rows.write(st);
    await st.connection.run(`INSERT INTO encounter VALUES ${encounters.join(', ')}`);
    const ctx = st.context({ purpose: 'policy', disclosure: { threshold: 10, rounding: 1 } });
    out = (await alg.local(ctx, { years: [2024], byMonth: true }, 0)) as HybridCarePartial;
  });
  afterAll(() => st.close());

  /** The year's sum minus the released months', and the patients behind the withheld months. */
  const readBySubtraction = (field: 'contacts' | 'virtualContacts') => {
    const g = out.groups.find((x) => x.region === 'Utrecht')!;
    const withheld = g.months.filter((m) => m[field] === null).map((m) => Number(m.month.slice(5)));
    const behind = new Set<string>();
    for (const m of withheld) {
      const s = inMonth.get(m)!;
      for (const id of field === 'contacts' ? s.all : s.virtual) if (!id.startsWith('g')) behind.add(id);
    }
    const released = g.months.reduce((s, m) => s + (m[field] ?? 0), 0);
    return {
      year: g[field],
      revealed: g[field] === null ? null : g[field]! - released,
      patients: behind.size,
    };
  };

  it('does not give a withheld month’s contacts as the year’s minus the released months’', () => {
    const { year, revealed, patients } = readBySubtraction('contacts');
    expect(year, 'the year’s contacts are released').toBe(40 * 11 + 20 * 11 + 7);
    // Before the fix: 7 contacts, read for the 4 patients of August.
    expect(revealed === 0 || patients >= 10, `${revealed} contacts of ${patients} patients`).toBe(true);
  });

  it('lists a month without contacts like a month of a few patients', () => {
    // Before the fix: Gelderland's August (nobody) was left out, Utrecht's (4 patients) listed as withheld.
    const august = (region: string) =>
      out.groups.find((x) => x.region === region)!.months.find((m) => m.month === '2024-08');
    for (const region of ['Utrecht', 'Gelderland']) {
      expect(august(region), region).toBeDefined();
      expect(august(region)!.patients.suppressed, region).toBe(true);
    }
  });

  it('does not give a withheld month’s virtual contacts likewise', () => {
    const { year, revealed, patients } = readBySubtraction('virtualContacts');
    expect(year, 'the year’s virtual contacts are released').toBe(20 * 11 + 3);
    // Before the fix: 3 video contacts of the 3 patients of August who had one.
    expect(revealed === 0 || patients >= 10, `${revealed} virtual contacts of ${patients} patients`).toBe(
      true,
    );
  });
});
