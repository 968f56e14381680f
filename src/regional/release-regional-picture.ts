import type { LocalContext } from '../analytics/algorithm.ts';
import { dominated } from '../analytics/disclosure.ts';
import { DEFAULT_DOMINANCE, roundTo, suppressed } from '../privacy/disclosure/disclosure-policy.ts';
import { protectCostHierarchy } from './cost-hierarchy.ts';
import {
  type CountCell,
  coverGroup,
  type ExactUse,
  parentKey,
  protectCountHierarchy,
  withholdCell,
} from './count-hierarchy.ts';
import {
  AGE_BANDS,
  type RegionalCell,
  type RegionalPictureInput,
  RegionalPictureInputSchema,
  type RegionalPicturePartial,
} from './regional-picture-schemas.ts';
import { levelsOf, type RegionalLevel, regionalPictureSql } from './regional-picture-sql.ts';

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
const exactOf = (c: CellData): ExactUse => ({
  persons: c.ids.length,
  events: { 'ed-visits': sum(c.ed), 'unplanned-admissions': sum(c.adm), 'gp-contacts': sum(c.gp) },
});

/** Label of the pooled small postcode areas of a municipality. */
export const otherPc4 = (municipality: string) => `${municipality} (other PC4)`;

/** The area a row is counted in at `level`: small postcode areas pooled per municipality; none when unknown. */
function areasOf(
  rows: Record<string, unknown>[],
  level: RegionalLevel,
  minPersons: number,
): (string | null)[] {
  const text = (v: unknown) => (v === null || v === undefined ? null : String(v));
  const areaOf = rows.map((r) => text(r[level]));
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
    const municipality = text(r.municipality);
    return municipality === null ? null : otherPc4(municipality);
  });
}

/** The area a row's area at `level` lies in: its province, its municipality; none for a province. */
const parentLevel = (level: RegionalLevel): RegionalLevel | null =>
  level === 'pc4' ? 'municipality' : level === 'municipality' ? 'region' : null;

/** One cell of one level, with the patients behind it. */
interface Entry extends CountCell {
  level: RegionalLevel;
  data: CellData;
  /** Withheld for its own count (small or empty): the primary pattern. */
  small: boolean;
}

/**
 * The regional picture at one station: per area and year the persons by age band and sex and their use of
 * care.
 *
 * Every run computes the province and the municipality level together (and the postcode areas too when
 * asked for them), decides what is withheld for all of them at once, admits every released set of every
 * level to the release ledger (one question), and returns the level asked for: the province's cells
 * asked first and the municipality's after, or the other way round, are one release seen twice, and the
 * ledger answers the same sets again (`docs/decisions/release-ledger.md`, "One release for every level").
 *
 * - An area-year with fewer persons than the threshold is not listed (its patients count in its parent's
 *   remainder). A listed one lists every age band × female/male cell, an empty one withheld like a small
 *   one (`small`); a cell of another sex only when it reaches the threshold.
 * - Secondary suppression (`coverGroup`), within an area-year and along the map between a parent's cell
 *   and its children's: what is withheld depends on which cells are small or empty and on the released
 *   counts, not on what a small cell holds, so 0 and 1..threshold−1 look alike at every level and in
 *   either order.
 * - Event counts of 1..threshold−1 are withheld, and one more released count along the map where any is
 *   (`protectCountHierarchy`); every sum of patient values (events, cost) goes through the column ledger
 *   (`admitColumn`) and is withheld (`differencing`, cost null) when its column differs from an earlier
 *   released one on 1..threshold−1 patients; a cost sum is withheld when a few patients dominate it, and
 *   more cost sums of the same parent until the parent's sum minus the released ones is not dominated
 *   (`protectCostHierarchy`). A set the ledger refuses is withheld (`differencing`) and the secondary
 *   suppression runs again. At the PC4 level small postcode areas are pooled per municipality.
 */
export async function releaseRegionalPicture(
  ctx: LocalContext,
  raw: RegionalPictureInput,
): Promise<RegionalPicturePartial> {
  const input = RegionalPictureInputSchema.parse(raw);
  const policy = ctx.disclosure;
  const t = policy.threshold;
  const maxShare = policy.maxShare ?? DEFAULT_DOMINANCE;
  const q = regionalPictureSql(input, ctx.purpose, ctx.dialect);
  const rows = await ctx.query(q.sql, q.params);
  const levels = levelsOf(input.level);
  const minPersons = Math.max(input.minAreaPersons, t * 5);
  const bandOf = (r: Record<string, unknown>) => {
    const age = Number(r.age);
    return AGE_BANDS.find((b) => age >= b.from && age <= b.to)?.label ?? '75+';
  };
  const bands = rows.map(bandOf);
  const push = (c: CellData, r: Record<string, unknown>) => {
    c.ids.push(String(r.id));
    c.ed.push(Number(r.ed));
    c.adm.push(Number(r.adm));
    c.gp.push(Number(r.gp));
    c.cost.push(Number(r.cost));
  };
  const entries: Entry[] = [];
  /** Per level: per area-year, its listed cells and the patients in none of them (another sex). */
  const areaGroups: { cells: Entry[]; hidden: number }[] = [];
  /**
   * Per level: per parent area, year, band and sex, the patients counted in the parent's cell but in no
   * listed cell of this level (their own area unknown, their area not listed, a cell not listed). Never
   * released, but part of what a parent's cell minus the released ones gives.
   */
  const hiddenBy = new Map<RegionalLevel, Map<string, CellData>>();
  for (const level of levels) {
    const up = parentLevel(level);
    const areas = areasOf(rows, level, minPersons);
    const hidden = new Map<string, CellData>();
    hiddenBy.set(level, hidden);
    const parentOfRow = (r: Record<string, unknown>) =>
      up === null || r[up] === null || r[up] === undefined ? null : String(r[up]);
    const hide = (r: Record<string, unknown>, band: string) => {
      const parent = parentOfRow(r);
      if (parent === null) return;
      const k = parentKey(parent, Number(r.year), band, String(r.sex));
      const h = hidden.get(k) ?? emptyCell();
      push(h, r);
      hidden.set(k, h);
    };
    const byAreaYear = new Map<string, { parent: string | null; rows: number[] }>();
    for (const [i, r] of rows.entries()) {
      const area = areas[i];
      if (area === null || area === undefined) {
        hide(r, bands[i]!);
        continue;
      }
      const key = `${area}\u0000${Number(r.year)}`;
      const a = byAreaYear.get(key) ?? { parent: parentOfRow(r), rows: [] };
      a.rows.push(i);
      byAreaYear.set(key, a);
    }
    for (const [key, a] of [...byAreaYear.entries()].sort(([x], [y]) => x.localeCompare(y))) {
      const [area, year] = key.split('\u0000') as [string, string];
      if (a.rows.length < t) {
        // Not listed: nothing of the area is released; its patients stay in the parent's remainder.
        for (const i of a.rows) hide(rows[i]!, bands[i]!);
        continue;
      }
      const cells = new Map<string, CellData>();
      // Every age band × female/male cell is listed, an empty one withheld like a small one, so a listed
      // cell never says that someone of that age and sex lives in the area.
      for (const k of DOMAIN) cells.set(k, emptyCell());
      for (const i of a.rows) {
        const r = rows[i]!;
        const ck = `${bands[i]}\u0000${String(r.sex)}`;
        const c = cells.get(ck) ?? emptyCell();
        push(c, r);
        cells.set(ck, c);
      }
      const group: Entry[] = [];
      let other = 0;
      for (const [k, c] of [...cells.entries()].sort(([x], [y]) => x.localeCompare(y))) {
        if (!DOMAIN.has(k) && c.ids.length < t) {
          // A cell of another sex below the threshold: hidden mass of the area and of the parent's cell.
          other += c.ids.length;
          if (a.parent !== null) {
            const [ageBand, sex] = k.split('\u0000') as [string, string];
            const hk = parentKey(a.parent, year, ageBand, sex);
            const h = hidden.get(hk) ?? emptyCell();
            for (const [name, values] of Object.entries(c) as [keyof CellData, string[] & number[]][])
              (h[name] as (string | number)[]).push(...values);
            hidden.set(hk, h);
          }
          continue;
        }
        const [ageBand, sex] = k.split('\u0000') as [string, string];
        const small = c.ids.length < t;
        const events = (values: readonly number[]) => {
          if (small) return { value: null, withheld: 'small' as const };
          const n = sum(values);
          return n > 0 && n < t
            ? { value: null, withheld: 'small' as const }
            : { value: roundTo(n, Math.max(1, policy.rounding)) };
        };
        const cell: RegionalCell = {
          area,
          year: Number(year),
          ageBand,
          sex,
          persons: small
            ? suppressed('small')
            : { value: roundTo(c.ids.length, Math.max(1, policy.rounding)), suppressed: false },
          events: {
            'ed-visits': events(c.ed),
            'unplanned-admissions': events(c.adm),
            'gp-contacts': events(c.gp),
          },
          cost: null,
        };
        const pool = level === 'pc4' && a.parent !== null && area === otherPc4(a.parent);
        const e: Entry = { cell, parent: a.parent, exact: exactOf(c), level, data: c, small, pool };
        group.push(e);
        entries.push(e);
      }
      areaGroups.push({ cells: group, hidden: other });
    }
  }
  const hiddenUse = (level: RegionalLevel) =>
    new Map(
      [...(hiddenBy.get(level) ?? new Map<string, CellData>())].map(([k, c]) => [k, exactOf(c)] as const),
    );
  const at = (e: Entry) =>
    `regional-picture:${e.cell.area}:${e.cell.year}:${e.cell.ageBand}\u0000${e.cell.sex}`;
  const protect = () => {
    for (;;) {
      let changed = false;
      for (const g of areaGroups) if (coverGroup(g.cells, g.hidden > 0)) changed = true;
      for (const level of levels)
        if (
          protectCountHierarchy(
            entries.filter((e) => e.level === level),
            hiddenUse(level),
          )
        )
          changed = true;
      if (!changed) return;
    }
  };
  // Decide, then admit every released set and column of every level (in one order); a refusal withholds
  // the cell or the count (`differencing`) and the secondary suppression runs again.
  for (;;) {
    protect();
    let refused = false;
    for (const e of entries) {
      // Every listed cell is asked (a small one is never recorded), so the task accounts for each.
      if (e.small || e.cell.persons.suppressed) {
        if (e.small) ctx.release.admit(at(e), e.data.ids);
        continue;
      }
      if (!ctx.release.admit(at(e), e.data.ids)) {
        withholdCell(e.cell, 'differencing');
        refused = true;
        continue;
      }
      /**
       * A cell's number of events is a sum of patient values (each patient's visits): withheld when its
       * column (patient → events) differs from an earlier released column on 1..threshold−1 patients (the
       * same patients a month later, a few with a visit more).
       */
      for (const [m, values] of [
        ['ed-visits', e.data.ed],
        ['unplanned-admissions', e.data.adm],
        ['gp-contacts', e.data.gp],
      ] as const) {
        if (e.cell.events[m].value === null) continue;
        if (!ctx.release.admitColumn(`${at(e)}:${m}`, e.data.ids, values)) {
          e.cell.events[m] = { value: null, withheld: 'differencing' };
          refused = true;
        }
      }
    }
    if (!refused) break;
  }
  // Cost sums: exact, withheld when dominated; the column ledger keeps them from differing from an earlier
  // one by a few patients' claims.
  for (const e of entries)
    e.cell.cost =
      !e.cell.persons.suppressed && !dominated(e.data.cost, maxShare, t) ? sum(e.data.cost) : null;
  for (;;) {
    for (const level of levels)
      protectCostHierarchy(
        entries
          .filter((e) => e.level === level)
          .map((e) => ({ cell: e.cell, parent: e.parent, costs: e.data.cost })),
        new Map(
          [...(hiddenBy.get(level) ?? new Map<string, CellData>())].map(([k, c]) => [k, c.cost] as const),
        ),
        maxShare,
        t,
      );
    let refused = false;
    for (const e of entries)
      if (e.cell.cost !== null && !ctx.release.admitColumn(`${at(e)}:cost`, e.data.ids, e.data.cost)) {
        e.cell.cost = null;
        refused = true;
      }
    if (!refused) break;
  }
  return { cells: entries.filter((e) => e.level === input.level).map((e) => e.cell) };
}
