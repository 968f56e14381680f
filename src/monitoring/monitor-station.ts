import type { StationContext } from '../analytics/algorithm.ts';
import { badInput } from '../common/app-error.ts';
import { type MatchingDesign, matchBalanced } from './balanced-matching.ts';
import { moments, standardisedMeanDifference } from './covariate-balance.ts';
import type { IndicatorKey } from './indicators.ts';
import { type MonitorDefinition, monthNumber } from './monitor-definition.ts';
import type { MonitorRunParsed } from './monitor-partial.ts';
import { monitorIndicatorSql, monitorPopulationSql } from './monitor-sql.ts';

/** One covariate column of the propensity model, with whether it is a 0/1 indicator. */
export interface CovariateColumn {
  name: string;
  binary: boolean;
}

/** One arm's patients and their outcome data, inside the station only (never released as rows). */
export interface ArmData {
  ids: string[];
  /** Death date in ms since epoch, or null. */
  death: (number | null)[];
  /** Slots per patient: 0 = baseline, 1..months = follow-up months. */
  slots: number;
  /** Per indicator: events of patient i in slot j at `i * slots + j` (one array, not one per patient). */
  events: Map<IndicatorKey, Float64Array>;
  /** Per indicator: sum of values of patient i in slot j at `i * slots + j`. */
  sums: Map<IndicatorKey, Float64Array>;
}

/**
 * The station's own view of a monitor run, before anything is released: the population with its
 * covariates and propensity logits, the matched sets and their exact balance, and each arm's outcomes
 * per month. Tests read it to check balance and exactness; only `releaseMonitor` turns it into numbers
 * that leave.
 */
export interface MonitorAtStation {
  monitor: MonitorDefinition;
  /** Follow-up months covered (1..followUpMonths). */
  months: number;
  /** Month boundaries in ms: months + 1 values, from the start. */
  monthStarts: number[];
  columns: CovariateColumn[];
  exposedAll: { ids: string[]; rows: number[][] };
  poolAll: { ids: string[]; rows: number[][] };
  matchedExposed: { ids: string[]; rows: number[][] };
  matchedControls: { ids: string[]; rows: number[][] };
  logitsExposed: number[];
  logitsControl: number[];
  caliper: number;
  /** The matching design that balanced the covariates (or came closest), and how many were tried. */
  design: MatchingDesign;
  designsTried: number;
  /** Exact SMD per covariate before and after matching. */
  smd: { covariate: string; before: number | null; after: number | null }[];
  exposed: ArmData;
  control: ArmData;
}

const COVARIATE_COLUMNS: Record<string, { name: string; binary: boolean; col: string }> = {
  age: { name: 'age', binary: false, col: 'age_m' },
  male: { name: 'male', binary: true, col: 'male' },
  'prior-ed-visits': { name: 'prior-ed-visits', binary: false, col: 'prior_ed' },
  'prior-unplanned-admissions': { name: 'prior-unplanned-admissions', binary: false, col: 'prior_adm' },
  'prior-gp-contacts': { name: 'prior-gp-contacts', binary: false, col: 'prior_gp' },
  'prior-cost': { name: 'prior-cost', binary: false, col: 'prior_cost' },
};

const msOfDate = (v: unknown): number | null => {
  if (v === null || v === undefined) return null;
  const s = v instanceof Date ? v.toISOString() : String(v);
  const t = Date.parse(`${s.slice(0, 10)}T00:00:00Z`);
  return Number.isNaN(t) ? null : t;
};

const monthMs = (n: number) => Date.UTC(Math.floor(n / 12), n % 12, 1);

/** Follow-up months a run covers: through `throughMonth`, at most the follow-up. */
export function monthsCovered(input: MonitorRunParsed): number {
  const m = input.monitor;
  if (!input.throughMonth) return m.followUpMonths;
  const n = monthNumber(input.throughMonth) - monthNumber(m.start) + 1;
  if (n < 1) throw badInput('is before the start of the monitor', 'input.throughMonth');
  return Math.min(n, m.followUpMonths);
}

/** Fits the propensity score, matches and collects outcomes at one station (nothing released yet). */
export async function prepareMonitor(
  ctx: StationContext,
  input: MonitorRunParsed,
): Promise<MonitorAtStation> {
  const m = input.monitor;
  const months = monthsCovered(input);
  const startN = monthNumber(m.start);
  const monthStarts = Array.from({ length: months + 1 }, (_, j) => monthMs(startN + j));

  const popQ = monitorPopulationSql(m, ctx.purpose, ctx.dialect);
  const pop = await ctx.query(popQ.sql, popQ.params);
  const base = m.matching.covariates.map((c) => COVARIATE_COLUMNS[c]!);
  const columns: CovariateColumn[] = [
    ...base.map((b) => ({ name: b.name, binary: b.binary })),
    ...m.matching.conditions.map((code) => ({ name: `condition:${code}`, binary: true })),
  ];
  const exposedAll = { ids: [] as string[], rows: [] as number[][] };
  const poolAll = { ids: [] as string[], rows: [] as number[][] };
  const deathOf = new Map<string, number | null>();
  for (const r of pop) {
    const id = String(r.id);
    const row = [
      ...base.map((b) => Number(r[b.col] ?? 0)),
      ...m.matching.conditions.map((_, k) => Number(r[`cond_${k}`] ?? 0)),
    ];
    deathOf.set(id, msOfDate(r.deceased_date));
    if (Number(r.exposed) === 1) {
      exposedAll.ids.push(id);
      exposedAll.rows.push(row);
    } else if (Number(r.excluded) !== 1) {
      poolAll.ids.push(id);
      poolAll.rows.push(row);
    }
  }

  const matched = matchBalanced(
    exposedAll.rows,
    poolAll.rows,
    columns.map((c) => c.binary),
    m.matching.ratio,
    m.matching.caliperSd,
  );
  const { pairs, caliper } = matched;
  const logitsExposed = matched.logitsExposed;
  const logitsPool = matched.logitsPool;
  const matchedExposed = { ids: [] as string[], rows: [] as number[][] };
  const matchedControls = { ids: [] as string[], rows: [] as number[][] };
  const mLogitE: number[] = [];
  const mLogitC: number[] = [];
  for (const [e, cs] of [...pairs.entries()].sort((a, b) => a[0] - b[0])) {
    matchedExposed.ids.push(exposedAll.ids[e]!);
    matchedExposed.rows.push(exposedAll.rows[e]!);
    mLogitE.push(logitsExposed[e]!);
    for (const c of cs) {
      matchedControls.ids.push(poolAll.ids[c]!);
      matchedControls.rows.push(poolAll.rows[c]!);
      mLogitC.push(logitsPool[c]!);
    }
  }
  const col = (rows: number[][], c: number) => rows.map((r) => r[c]!);
  const smd = columns.map((cv, c) => ({
    covariate: cv.name,
    before: standardisedMeanDifference(moments(col(exposedAll.rows, c)), moments(col(poolAll.rows, c))),
    after: standardisedMeanDifference(
      moments(col(matchedExposed.rows, c)),
      moments(col(matchedControls.rows, c)),
    ),
  }));

  // Outcomes of the matched patients per indicator and month.
  const slotOf = new Map<number, number>();
  for (let j = 0; j < m.baselineMonths; j++) slotOf.set(startN - 1 - j, 0);
  for (let j = 0; j < months; j++) slotOf.set(startN + j, j + 1);
  const arm = (ids: string[]): ArmData => ({
    ids,
    death: ids.map((id) => deathOf.get(id) ?? null),
    slots: months + 1,
    events: new Map(m.indicators.map((k) => [k, new Float64Array(ids.length * (months + 1))])),
    sums: new Map(m.indicators.map((k) => [k, new Float64Array(ids.length * (months + 1))])),
  });
  const exposed = arm(matchedExposed.ids);
  const control = arm(matchedControls.ids);
  const where = new Map<string, { a: ArmData; i: number }>();
  for (const [i, id] of exposed.ids.entries()) where.set(id, { a: exposed, i });
  for (const [i, id] of control.ids.entries()) where.set(id, { a: control, i });
  // Only the matched patients' events: one query, their ids bound as one array (one scan of the tables).
  const ids = [...where.keys()];
  if (ids.length) {
    const q = monitorIndicatorSql(m, m.indicators, months, ctx.purpose, ctx.dialect, ids);
    for (const r of await ctx.query(q.sql, q.params)) {
      const at = where.get(String(r.patient_id));
      const slot = slotOf.get(Number(r.m));
      if (!at || slot === undefined) continue;
      const key = m.indicators[Number(r.k)]!;
      at.a.events.get(key)![at.i * at.a.slots + slot]! += Number(r.n);
      at.a.sums.get(key)![at.i * at.a.slots + slot]! += Number(r.s);
    }
  }
  return {
    monitor: m,
    months,
    monthStarts,
    columns,
    exposedAll,
    poolAll,
    matchedExposed,
    matchedControls,
    logitsExposed: mLogitE,
    logitsControl: mLogitC,
    caliper,
    design: matched.design,
    designsTried: matched.tried,
    smd,
    exposed,
    control,
  };
}
