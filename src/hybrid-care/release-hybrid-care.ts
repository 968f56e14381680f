import type { LocalContext } from '../analytics/algorithm.ts';
import { roundTo } from '../privacy/disclosure/disclosure-policy.ts';
import { releaseCount } from '../privacy/disclosure/release-count.ts';
import { releasePartition } from '../privacy/disclosure/release-partition.ts';
import { AGE_BANDS } from '../regional/regional-picture-schemas.ts';
import {
  type HybridCareGroup,
  type HybridCareInput,
  HybridCareInputSchema,
  type HybridCarePartial,
} from './hybrid-care-schemas.ts';
import { hybridCareSql } from './hybrid-care-sql.ts';

interface Row {
  id: string;
  band: string;
  sex: string;
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
 * those with a virtual contact, also by age band and sex. Every patient count is a set through the
 * release ledger (`releaseCount`); contact counts of 1..threshold−1 are withheld.
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
  const count = (label: string, rows: Row[]) =>
    releaseCount(
      ctx.release,
      label,
      rows.map((r) => r.id),
      policy,
    );
  const total = (n: number) =>
    n > 0 && n < policy.threshold ? null : roundTo(n, Math.max(1, policy.rounding));
  const out: HybridCareGroup[] = [];
  for (const [key, rows] of [...groups.entries()].sort(([a], [b]) => a.localeCompare(b))) {
    const [region, year] = key.split('\u0000') as [string, string];
    const at = `hybrid-care:${region}:${year}`;
    const patients = count(`${at}:patients`, rows);
    const virtualPatients = count(
      `${at}:virtual`,
      rows.filter((r) => r.virt > 0),
    );
    out.push({
      region,
      year: Number(year),
      all: { patients, virtualPatients },
      // Contacts only of a released group: a withheld group's contacts are a sum over a few patients.
      contacts: patients.suppressed ? null : total(rows.reduce((s, r) => s + r.contacts, 0)),
      virtualContacts: virtualPatients.suppressed ? null : total(rows.reduce((s, r) => s + r.virt, 0)),
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
      pathways: input.pathways.map((p, k) => {
        const inPw = rows.filter((r) => r.pathways[k]);
        const cells = AGE_BANDS.flatMap((b) => ['female', 'male'].map((sex) => ({ ageBand: b.label, sex })));
        return {
          name: p.name,
          patients: count(`${at}:pathway:${p.name}`, inPw),
          virtualPatients: count(
            `${at}:pathway:${p.name}:virtual`,
            inPw.filter((r) => r.virt > 0),
          ),
          byAgeSex: (() => {
            // The cells partition the pathway (patients of another sex are in none): secondary suppression,
            // so the pathway count minus the released cells is never 1..threshold−1 patients.
            const inCell = cells.map((c) => inPw.filter((r) => r.band === c.ageBand && r.sex === c.sex));
            const partition = (rowsOf: (cell: Row[]) => Row[], suffix: string, all: Row[]) => {
              const parts = cells.map((c, i) => ({
                key: `${at}:pathway:${p.name}:${c.ageBand}:${c.sex}${suffix}`,
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
        };
      }),
    });
  }
  return { groups: out };
}
