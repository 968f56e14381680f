import type { LocalContext } from '../analytics/algorithm.ts';
import { dominated } from '../analytics/disclosure.ts';
import { DEFAULT_DOMINANCE, roundTo } from '../privacy/disclosure/disclosure-policy.ts';
import { releaseCount } from '../privacy/disclosure/release-count.ts';
import { releasePartition } from '../privacy/disclosure/release-partition.ts';
import {
  DEPRIVATION_GROUPS,
  type DeprivationGroup,
  deprivationGroup,
} from '../regional/neighbourhood-status.ts';
import { AGE_BANDS } from '../regional/regional-picture-schemas.ts';
import {
  type HybridCareGroup,
  type HybridCareInput,
  HybridCareInputSchema,
  type HybridCarePartial,
} from './hybrid-care-schemas.ts';
import { hybridCareMonthlySql, hybridCareSql } from './hybrid-care-sql.ts';

interface Row {
  id: string;
  band: string;
  sex: string;
  deprivation: DeprivationGroup;
  contacts: number;
  virt: number;
  gp: number;
  gpVirt: number;
  hosp: number;
  hospVirt: number;
  pathways: boolean[];
}

/**
 * Hybrid care at one station: per province and year the patients with any contact and with a virtual one
 * (all sectors, GP, hospital), the contacts and virtual contacts, and per care pathway its patients and
 * those with a virtual contact, also by age band and sex and by the deprivation quintile of the PC4; and
 * per calendar month the patients and contacts. Every patient count is a set through the release ledger
 * (`releaseCount`; tables that partition a group through `releasePartition`, with secondary suppression);
 * every sum of contacts is a column of patient values through the column ledger (`admitColumn`) and is
 * withheld when 1..threshold−1 or when its patients are withheld.
 */
export async function releaseHybridCare(ctx: LocalContext, raw: HybridCareInput): Promise<HybridCarePartial> {
  const input = HybridCareInputSchema.parse(raw);
  const policy = ctx.disclosure;
  const q = hybridCareSql(input, ctx.purpose, ctx.dialect);
  const groups = new Map<string, Row[]>();
  for (const r of await ctx.query(q.sql, q.params)) {
    const age = Number(r.age);
    const key = `${String(r.region)}\u0000${Number(r.year)}`;
    const list = groups.get(key) ?? [];
    list.push({
      id: String(r.id),
      band: AGE_BANDS.find((b) => age >= b.from && age <= b.to)?.label ?? '75+',
      sex: String(r.sex),
      deprivation: deprivationGroup(r.pc4),
      contacts: Number(r.contacts),
      virt: Number(r.virt),
      gp: Number(r.gp),
      gpVirt: Number(r.gp_virt),
      hosp: Number(r.hosp),
      hospVirt: Number(r.hosp_virt),
      pathways: input.pathways.map((_, k) => Number(r[`pw${k}`]) === 1),
    });
    groups.set(key, list);
  }
  const count = (label: string, rows: readonly { id: string }[]) =>
    releaseCount(
      ctx.release,
      label,
      rows.map((r) => r.id),
      policy,
    );
  const total = (n: number) =>
    n > 0 && n < policy.threshold ? null : roundTo(n, Math.max(1, policy.rounding));
  const maxShare = policy.maxShare ?? DEFAULT_DOMINANCE;
  /**
   * A sum of patient values (contacts) leaves only when its patients' count was released, no patient
   * makes up more than `maxShare` of it (the (1, 50%) rule every other sum of patient values follows: one
   * patient on daily telemonitoring was three quarters of a month's virtual contacts,
   * `test/attacks/hybrid-care-dominant-contacts.int.test.ts`), and the column (patient, value) differs
   * from every earlier released column on none or ≥ threshold patients.
   */
  const sumOf = (label: string, released: boolean, rows: readonly { id: string }[], values: number[]) => {
    if (!released || dominated(values, maxShare, policy.threshold)) return null;
    if (
      !ctx.release.admitColumn(
        label,
        rows.map((r) => r.id),
        values,
      )
    )
      return null;
    return total(values.reduce((s, v) => s + v, 0));
  };
  /** A table of `rows` by deprivation group: patients and virtual patients, each a partition. */
  const byDeprivation = (at: string, rows: Row[]) => {
    const partition = (subset: Row[], suffix: string) =>
      releasePartition(
        ctx.release,
        (k: string) => k,
        DEPRIVATION_GROUPS.map((g) => ({
          key: `${at}:deprivation:${g}${suffix}`,
          patients: subset.filter((r) => r.deprivation === g).map((r) => r.id),
        })),
        policy,
      ).cells;
    const patients = partition(rows, '');
    const virtual = partition(
      rows.filter((r) => r.virt > 0),
      ':virtual',
    );
    return DEPRIVATION_GROUPS.map((group, i) => ({
      group,
      patients: patients[i]!.count,
      virtualPatients: virtual[i]!.count,
    }));
  };
  const months = input.byMonth ? await monthlyRows(ctx, input) : new Map<string, Map<number, MonthRow[]>>();
  /**
   * The months of a province-year: every calendar month is listed (a month without contacts is withheld
   * like a small one, not left out: a missing month told 0 from a few patients). Every contact lies in
   * one month, so the year's contacts minus the released months' are the withheld months' contacts — 7
   * contacts of the 4 patients of one month, in one answer (`test/attacks/hybrid-care-month-contacts.int.test.ts`).
   * So, as in a partition: while a month's sum is withheld and the patients behind the withheld months'
   * sums number fewer than the threshold, or one of them makes up more than `maxShare` of those months'
   * contacts, the released month with the fewest such patients is withheld too (secondary suppression),
   * for the contacts and for the virtual contacts, whenever the year's sum is released (itself not
   * dominated, so withholding every month ends it).
   */
  const monthTable = (
    at: string,
    year: string,
    byMonth: Map<number, MonthRow[]> | undefined,
    yearSums: { contacts: number | null; virtualContacts: number | null },
  ) => {
    if (!input.byMonth) return [];
    const table = Array.from({ length: 12 }, (_, k) => {
      const mRows = byMonth?.get(k + 1) ?? [];
      const m = `${year}-${String(k + 1).padStart(2, '0')}`;
      const mAt = `${at}:month:${m}`;
      const mPatients = count(`${mAt}:patients`, mRows);
      const withVirtual = mRows.filter((r) => r.virt > 0);
      const mVirtual = count(`${mAt}:virtual`, withVirtual);
      return {
        month: m,
        patients: mPatients,
        virtualPatients: mVirtual,
        contacts: sumOf(
          `${mAt}:contacts`,
          !mPatients.suppressed,
          mRows,
          mRows.map((r) => r.contacts),
        ),
        virtualContacts: sumOf(
          `${mAt}:virtual-contacts`,
          !mVirtual.suppressed,
          mRows,
          mRows.map((r) => r.virt),
        ),
        behind: { contacts: mRows, virtualContacts: withVirtual },
      };
    });
    for (const field of ['contacts', 'virtualContacts'] as const) {
      if (yearSums[field] === null || table.every((m) => m[field] !== null)) continue;
      const value = (r: MonthRow) => (field === 'contacts' ? r.contacts : r.virt);
      /** Per patient, their contacts in the withheld months: what the year minus the released months sums. */
      const hidden = new Map<string, number>();
      const hide = (m: (typeof table)[number]) => {
        for (const r of m.behind[field]) hidden.set(r.id, (hidden.get(r.id) ?? 0) + value(r));
      };
      for (const m of table) if (m[field] === null) hide(m);
      const open = table
        .filter((m) => m[field] !== null)
        .sort((a, b) => a.behind[field].length - b.behind[field].length);
      while (
        (hidden.size < policy.threshold || dominated([...hidden.values()], maxShare)) &&
        open.length > 0
      ) {
        const next = open.shift()!;
        next[field] = null;
        hide(next);
      }
    }
    return table.map(({ behind: _, ...m }) => m);
  };
  const out: HybridCareGroup[] = [];
  for (const [key, rows] of [...groups.entries()].sort(([a], [b]) => a.localeCompare(b))) {
    const [region, year] = key.split('\u0000') as [string, string];
    const at = `hybrid-care:${region}:${year}`;
    const patients = count(`${at}:patients`, rows);
    const virtualPatients = count(
      `${at}:virtual`,
      rows.filter((r) => r.virt > 0),
    );
    // Contacts only of a released group: a withheld group's contacts are a sum over a few patients.
    const yearContacts = sumOf(
      `${at}:contacts`,
      !patients.suppressed,
      rows,
      rows.map((r) => r.contacts),
    );
    const yearVirtual = sumOf(
      `${at}:virtual-contacts`,
      !virtualPatients.suppressed,
      rows,
      rows.map((r) => r.virt),
    );
    out.push({
      region,
      year: Number(year),
      all: { patients, virtualPatients },
      contacts: yearContacts,
      virtualContacts: yearVirtual,
      gp: {
        patients: count(
          `${at}:gp`,
          rows.filter((r) => r.gp > 0),
        ),
        virtualPatients: count(
          `${at}:gp-virtual`,
          rows.filter((r) => r.gpVirt > 0),
        ),
      },
      hospital: {
        patients: count(
          `${at}:hospital`,
          rows.filter((r) => r.hosp > 0),
        ),
        virtualPatients: count(
          `${at}:hospital-virtual`,
          rows.filter((r) => r.hospVirt > 0),
        ),
      },
      byDeprivation: byDeprivation(at, rows),
      months: monthTable(at, year, months.get(key), { contacts: yearContacts, virtualContacts: yearVirtual }),
      pathways: input.pathways.map((p, k) => {
        const inPw = rows.filter((r) => r.pathways[k]);
        // Labelled by the pathway's position, not its name: the release questions
        // (`../analytics/release-questions.ts`) give every set of pathway k the question of its codes.
        const pw = `${at}:pathway:${k}`;
        const cells = AGE_BANDS.flatMap((b) => ['female', 'male'].map((sex) => ({ ageBand: b.label, sex })));
        return {
          name: p.name,
          patients: count(pw, inPw),
          virtualPatients: count(
            `${pw}:virtual`,
            inPw.filter((r) => r.virt > 0),
          ),
          byAgeSex: (() => {
            // The cells partition the pathway (patients of another sex are in none): secondary suppression,
            // so the pathway count minus the released cells is never 1..threshold−1 patients.
            const inCell = cells.map((c) => inPw.filter((r) => r.band === c.ageBand && r.sex === c.sex));
            const partition = (rowsOf: (cell: Row[]) => Row[], suffix: string, all: Row[]) => {
              const parts = cells.map((c, i) => ({
                key: `${pw}:${c.ageBand}:${c.sex}${suffix}`,
                patients: rowsOf(inCell[i]!).map((r) => r.id),
              }));
              const inParts = parts.reduce((s, c) => s + c.patients.length, 0);
              return releasePartition(ctx.release, (k) => k, parts, policy, all.length - inParts).cells;
            };
            const patients = partition((c) => c, '', inPw);
            const virtual = partition(
              (c) => c.filter((r) => r.virt > 0),
              ':virtual',
              inPw.filter((r) => r.virt > 0),
            );
            return cells.map((c, i) => ({
              ...c,
              patients: patients[i]!.count,
              virtualPatients: virtual[i]!.count,
            }));
          })(),
          byDeprivation: byDeprivation(pw, inPw),
        };
      }),
    });
  }
  return { groups: out };
}

interface MonthRow {
  id: string;
  contacts: number;
  virt: number;
}

/** Patient-months with any contact, by region-year key and month. */
async function monthlyRows(
  ctx: LocalContext,
  input: { years: number[] },
): Promise<Map<string, Map<number, MonthRow[]>>> {
  const q = hybridCareMonthlySql(input, ctx.purpose, ctx.dialect);
  const out = new Map<string, Map<number, MonthRow[]>>();
  for (const r of await ctx.query(q.sql, q.params)) {
    const key = `${String(r.region)}\u0000${Number(r.year)}`;
    const byMonth = out.get(key) ?? new Map<number, MonthRow[]>();
    const list = byMonth.get(Number(r.month)) ?? [];
    list.push({ id: String(r.id), contacts: Number(r.contacts), virt: Number(r.virt) });
    byMonth.set(Number(r.month), list);
    out.set(key, byMonth);
  }
  return out;
}
