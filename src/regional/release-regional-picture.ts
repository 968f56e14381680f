import type { LocalContext } from '../analytics/algorithm.ts';
import { dominated } from '../analytics/disclosure.ts';
import { DEFAULT_DOMINANCE, roundTo } from '../privacy/disclosure/disclosure-policy.ts';
import { releaseCount } from '../privacy/disclosure/release-count.ts';
import { releasePartition } from '../privacy/disclosure/release-partition.ts';
import { protectCostHierarchy } from './cost-hierarchy.ts';
import { type ExactUse, parentKey, protectCountHierarchy } from './count-hierarchy.ts';
import {
  AGE_BANDS,
  type RegionalCell,
  type RegionalPictureInput,
  RegionalPictureInputSchema,
  type RegionalPicturePartial,
} from './regional-picture-schemas.ts';
import { regionalPictureSql } from './regional-picture-sql.ts';

/** The cells always listed: every age band × female/male. */
const DOMAIN = new Set(AGE_BANDS.flatMap((b) => ['female', 'male'].map((sex) => `${b.label}\u0000${sex}`)));

/** One cell's patients and, row by row, their values (the columns behind its sums). */
interface CellData {
  ids: string[];
  ed: number[];
  adm: number[];
  gp: number[];
  cost: number[];
}

const emptyCell = (): CellData => ({ ids: [], ed: [], adm: [], gp: [], cost: [] });
const sum = (values: readonly number[]) => values.reduce((s, v) => s + v, 0);
/** A cell's persons and events, exact: what the counts along the map are checked on. */
const useOf = (c: CellData): ExactUse => ({
  persons: c.ids.length,
  events: { 'ed-visits': sum(c.ed), 'unplanned-admissions': sum(c.adm), 'gp-contacts': sum(c.gp) },
});

/** Label of the pooled small postcode areas of a municipality. */
export const otherPc4 = (municipality: string) => `${municipality} (other PC4)`;

/** The area a row is counted in: small postcode areas pooled per municipality; none when unknown. */
function areasOf(
  rows: Record<string, unknown>[],
  level: 'region' | 'municipality' | 'pc4',
  minPersons: number,
): (string | null)[] {
  const areaOf = rows.map((r) => (r.area === null || r.area === undefined ? null : String(r.area)));
  if (level !== 'pc4') return areaOf;
  const persons = new Map<string, number>();
  for (const [i, r] of rows.entries()) {
    if (areaOf[i] === null) continue;
    const k = `${areaOf[i]}\u0000${Number(r.year)}`;
    persons.set(k, (persons.get(k) ?? 0) + 1);
  }
  return rows.map((r, i) => {
    const a = areaOf[i] ?? null;
    if (a === null) return null;
    if ((persons.get(`${a}\u0000${Number(r.year)}`) ?? 0) >= minPersons) return a;
    return r.parent === null || r.parent === undefined ? null : otherPc4(String(r.parent));
  });
}

/**
 * The regional picture at one station: per area and year the persons by age band and sex and their use of
 * care. The area-year total is admitted first; its cells go through secondary suppression
 * (`releasePartition`), so no cell is a total minus the others; event counts of 1..threshold−1 are
 * withheld; every sum of patient values (events, cost) goes through the column ledger (`admitColumn`,
 * patient → value) and is withheld (`differencing`, cost null) when its column differs from an earlier
 * released one on 1..threshold−1 patients; a cost sum is withheld when a few patients dominate it, and more cost sums of the same
 * parent area are withheld until what the parent's sum minus the released ones gives is not dominated
 * either (`protectCostHierarchy`). At the PC4 level small postcode areas are pooled per municipality.
 */
export async function releaseRegionalPicture(
  ctx: LocalContext,
  raw: RegionalPictureInput,
): Promise<RegionalPicturePartial> {
  const input = RegionalPictureInputSchema.parse(raw);
  const policy = ctx.disclosure;
  const maxShare = policy.maxShare ?? DEFAULT_DOMINANCE;
  const q = regionalPictureSql(input, ctx.purpose, ctx.dialect);
  const rows = await ctx.query(q.sql, q.params);
  const areas = areasOf(rows, input.level, Math.max(input.minAreaPersons, policy.threshold * 5));
  const byAreaYear = new Map<string, Map<string, CellData>>();
  const parentOf = new Map<string, string | null>();
  /**
   * Per parent area, year, band and sex: the patients counted in the parent's cell but in no released
   * cell of this level (their own area unknown, withheld whole, or a cell not listed). Never released,
   * but what a parent's cell minus the released ones gives (`protectCountHierarchy`, `protectCostHierarchy`).
   */
  const hidden = new Map<string, CellData>();
  const hide = (k: string, c: CellData) => {
    const h = hidden.get(k) ?? emptyCell();
    for (let i = 0; i < c.ids.length; i++) {
      h.ids.push(c.ids[i]!);
      h.ed.push(c.ed[i]!);
      h.adm.push(c.adm[i]!);
      h.gp.push(c.gp[i]!);
      h.cost.push(c.cost[i]!);
    }
    hidden.set(k, h);
  };
  for (const [i, r] of rows.entries()) {
    const age = Number(r.age);
    const band = AGE_BANDS.find((b) => age >= b.from && age <= b.to)?.label ?? '75+';
    const parent = r.parent === null || r.parent === undefined ? null : String(r.parent);
    const area = areas[i];
    if (area === null || area === undefined) {
      if (parent !== null) {
        const hk = parentKey(parent, Number(r.year), band, String(r.sex));
        hide(hk, {
          ids: [String(r.id)],
          ed: [Number(r.ed)],
          adm: [Number(r.adm)],
          gp: [Number(r.gp)],
          cost: [Number(r.cost)],
        });
      }
      continue;
    }
    parentOf.set(area, parentOf.get(area) ?? parent);
    const key = `${area}\u0000${Number(r.year)}`;
    const cells = byAreaYear.get(key) ?? new Map<string, CellData>();
    const ck = `${band}\u0000${String(r.sex)}`;
    const c = cells.get(ck) ?? emptyCell();
    c.ids.push(String(r.id));
    c.ed.push(Number(r.ed));
    c.adm.push(Number(r.adm));
    c.gp.push(Number(r.gp));
    c.cost.push(Number(r.cost));
    cells.set(ck, c);
    byAreaYear.set(key, cells);
  }
  const out: RegionalCell[] = [];
  /** The data behind each released cell, in the order of `out`. */
  const behind: CellData[] = [];
  const count = (n: number) =>
    n > 0 && n < policy.threshold
      ? { value: null, withheld: 'small' as const }
      : { value: roundTo(n, Math.max(1, policy.rounding)) };
  for (const [key, cells] of [...byAreaYear.entries()].sort(([a], [b]) => a.localeCompare(b))) {
    const [area, year] = key.split('\u0000') as [string, string];
    const all = [...cells.values()].flatMap((c) => c.ids);
    const total = releaseCount(ctx.release, `regional-picture:${area}:${year}`, all, policy);
    const toRemainder = (k: string, c: CellData) => {
      const parent = parentOf.get(area);
      if (parent === null || parent === undefined) return;
      const [ageBand, sex] = k.split('\u0000') as [string, string];
      hide(parentKey(parent, year, ageBand, sex), c);
    };
    if (total.suppressed) {
      // Nothing of the area is released; its costs stay in the parent's remainder.
      for (const [k, c] of cells) toRemainder(k, c);
      continue;
    }
    // Every age band × female/male cell is listed, an empty one withheld like a small one, so a listed
    // cell never says that someone of that age and sex lives in the area; a cell of another sex only when
    // it reaches the threshold (otherwise hidden mass).
    for (const b of AGE_BANDS)
      for (const sex of ['female', 'male']) {
        const ck = `${b.label}\u0000${sex}`;
        if (!cells.has(ck)) cells.set(ck, emptyCell());
      }
    const entries = [...cells.entries()]
      .filter(([k, c]) => DOMAIN.has(k) || c.ids.length >= policy.threshold)
      .sort(([a], [b]) => a.localeCompare(b));
    for (const [k, c] of cells) if (!(DOMAIN.has(k) || c.ids.length >= policy.threshold)) toRemainder(k, c);
    const listed = entries.reduce((n, [, c]) => n + c.ids.length, 0);
    const released = releasePartition(
      ctx.release,
      (k) => `regional-picture:${area}:${year}:${k}`,
      entries.map(([k, c]) => ({ key: k, patients: c.ids })),
      policy,
      all.length - listed,
    );
    for (const [i, [k, c]] of entries.entries()) {
      const [ageBand, sex] = k.split('\u0000') as [string, string];
      const persons = released.cells[i]!.count;
      const open = !persons.suppressed;
      const at = `regional-picture:${area}:${year}:${k}`;
      /**
       * A cell's number of events is a sum of patient values (each patient's visits): withheld when
       * 1..threshold−1, and when its column (patient → events) differs from an earlier released column on
       * 1..threshold−1 patients (the same patients a month later, a few with a visit more).
       */
      const events = (label: string, values: readonly number[]) => {
        if (!open) return { value: null, withheld: persons.reason ?? ('small' as const) };
        const n = sum(values);
        if (n > 0 && n < policy.threshold) return count(n);
        if (!ctx.release.admitColumn(`${at}:${label}`, c.ids, values))
          return { value: null, withheld: 'differencing' as const };
        return count(n);
      };
      out.push({
        area,
        year: Number(year),
        ageBand,
        sex,
        persons,
        events: {
          'ed-visits': events('ed-visits', c.ed),
          'unplanned-admissions': events('unplanned-admissions', c.adm),
          'gp-contacts': events('gp-contacts', c.gp),
        },
        // The cost sum is exact: the column ledger is what keeps it from differing from an earlier one by a
        // few patients' claims.
        cost:
          open &&
          !dominated(c.cost, maxShare, policy.threshold) &&
          ctx.release.admitColumn(`${at}:cost`, c.ids, c.cost)
            ? sum(c.cost)
            : null,
      });
      behind.push(c);
    }
  }
  const hiddenOf = <T>(f: (c: CellData) => T) => new Map([...hidden].map(([k, c]) => [k, f(c)] as const));
  protectCountHierarchy(
    out.map((c, i) => ({ cell: c, parent: parentOf.get(c.area) ?? null, exact: useOf(behind[i]!) })),
    hiddenOf(useOf),
    policy.threshold,
  );
  protectCostHierarchy(
    out.map((c, i) => ({ cell: c, parent: parentOf.get(c.area) ?? null, costs: behind[i]!.cost })),
    hiddenOf((c) => c.cost),
    maxShare,
    policy.threshold,
  );
  return { cells: out };
}
