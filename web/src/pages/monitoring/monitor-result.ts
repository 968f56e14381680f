import type { StationCells } from '../../../../src/monitoring/combine-monitor.ts';
import { Indicators } from '../../../../src/monitoring/indicators.ts';
import type { MonitorAlert } from '../../../../src/monitoring/monitor-alerts.ts';

export type { MonitorAlert };

/**
 * The result of an `outcome-monitor` run as the hub returns it (src/monitoring/combine-monitor.ts, the
 * `MonitorResult` type), as far as the dashboards read it, and the rows its charts and tables draw. The
 * public release has the same shape without the per-station parts (`groups`, `balance`, `stations`).
 */
export type IndicatorKey = keyof typeof Indicators;
export const INDICATOR_KEYS = Object.keys(Indicators) as IndicatorKey[];

export interface Released {
  value: number | null;
  suppressed?: boolean;
  reason?: string;
}
export interface Ratio {
  estimate: number;
  lower: number;
  upper: number;
  z?: number;
  se?: number;
}
export interface MonthEffect {
  month: string;
  stations?: Record<string, Ratio | null>;
  pooled: Ratio | null;
  absolute: Ratio | null;
  point?: { pooled: number | null; stations?: Record<string, number | null> };
}
export interface BalanceRow {
  covariate: string;
  before: { exposed: number | null; control: number | null; smd: number | null } | null;
  after: { exposed: number | null; control: number | null; smd: number | null };
}
export interface SavingsMonth {
  month: string;
  avoided: number;
  provider: number;
  payer: number;
  cumulative: number;
  lower: number;
  upper: number;
}
export interface MonitorResult {
  monitor: string;
  owner: string;
  months: string[];
  stations?: string[];
  design: {
    indicator: string;
    method: string;
    alpha: number;
    looks: number;
    boundary: number;
    higherIsWorse: boolean;
  };
  groups?: Record<
    string,
    {
      exposed: Released;
      pool: Released;
      matchedExposed: Released;
      matchedControls: Released;
      ratio: number;
      caliperSd: number;
    }
  >;
  balance?: Record<string, BalanceRow[]>;
  series?: Partial<Record<IndicatorKey, { month: string; stations: Record<string, StationCells | null> }[]>>;
  effects: Partial<Record<IndicatorKey, MonthEffect[]>>;
  alerts: MonitorAlert[];
  savings: {
    payer: string;
    provider: string;
    months: SavingsMonth[];
    total: { avoided: number; lower: number; upper: number; provider: number; payer: number };
  } | null;
}

/** The combined view or one station's (by id). */
export const COMBINED = '';

/** The rate an indicator is shown as, from totals: per 1,000 person-months, euro per person-month, or days per admission. */
export function rateOf(
  key: IndicatorKey,
  t: { events: number; sum: number; personMonths: number },
): number | null {
  const kind = Indicators[key].kind;
  if (kind === 'per-event') return t.events > 0 ? t.sum / t.events : null;
  if (t.personMonths <= 0) return null;
  return kind === 'sum' ? t.sum / t.personMonths : (1000 * t.events) / t.personMonths;
}

export interface SeriesRow extends Record<string, string | number | null> {
  month: string;
  arm: 'exposed' | 'control';
  /** Persons at risk, person-months and events (or the sum), cumulative from the start; null when withheld. */
  persons: number | null;
  personMonths: number | null;
  events: number | null;
  sum: number | null;
  /** The rate since the start through this month; null when the month was withheld. */
  rate: number | null;
  /** `released`; `suppressed` (nothing released for the month); `partial` (some stations left out). */
  status: 'released' | 'suppressed' | 'partial';
  /** Stations whose numbers for the month were withheld (left out of a combined number). */
  withheldAt: number;
}

/**
 * The monthly series of one indicator, both arms, for one station or combined: cumulative from the
 * start through each month, as the stations released them. A month a station withheld (no release, or
 * only an earlier month's totals) is suppressed for that station — never 0; a combined month sums the
 * stations that released it and says how many were left out.
 */
export function seriesRows(r: MonitorResult, key: IndicatorKey, view: string): SeriesRow[] {
  const rows: SeriesRow[] = [];
  for (const ms of r.series?.[key] ?? []) {
    const all = Object.entries(ms.stations).filter(([st]) => view === COMBINED || st === view);
    const fresh = all.filter(([, c]) => c && c.asOf === ms.month).map(([, c]) => c!);
    for (const arm of ['exposed', 'control'] as const) {
      if (fresh.length === 0) {
        rows.push({
          month: ms.month,
          arm,
          persons: null,
          personMonths: null,
          events: null,
          sum: null,
          rate: null,
          status: 'suppressed',
          withheldAt: all.length,
        });
        continue;
      }
      const t = fresh.reduce(
        (a, c) => ({
          persons: a.persons + c.post[arm].persons,
          personMonths: a.personMonths + c.post[arm].personMonths,
          events: a.events + c.post[arm].events,
          sum: a.sum + c.post[arm].sum,
        }),
        { persons: 0, personMonths: 0, events: 0, sum: 0 },
      );
      rows.push({
        month: ms.month,
        arm,
        ...t,
        rate: rateOf(key, t),
        status: fresh.length < all.length ? 'partial' : 'released',
        withheldAt: all.length - fresh.length,
      });
    }
  }
  return rows;
}

/** The baseline rate of each arm (the months before the start), over the stations of the view that released it. */
export function baselineRates(
  r: MonitorResult,
  key: IndicatorKey,
  view: string,
): { exposed: number | null; control: number | null } {
  const last = r.series?.[key]?.at(-1);
  const cells = Object.entries(last?.stations ?? {})
    .filter(([st, c]) => c && (view === COMBINED || st === view))
    .map(([, c]) => c!);
  const arm = (a: 'exposed' | 'control') => {
    if (cells.length === 0) return null;
    const t = cells.reduce(
      (s, c) => ({
        events: s.events + c.pre[a].events,
        sum: s.sum + c.pre[a].sum,
        personMonths: s.personMonths + c.pre[a].personMonths,
      }),
      { events: 0, sum: 0, personMonths: 0 },
    );
    return rateOf(key, t);
  };
  return { exposed: arm('exposed'), control: arm('control') };
}

export interface EffectRow extends Record<string, string | number | null> {
  month: string;
  estimate: number | null;
  lower: number | null;
  upper: number | null;
  z: number | null;
  absolute: number | null;
  absoluteLower: number | null;
  absoluteUpper: number | null;
}

/** The difference-in-differences ratio (with its CI) through each month: pooled, or one station's. */
export function effectRows(r: MonitorResult, key: IndicatorKey, view: string): EffectRow[] {
  return (r.effects[key] ?? []).map((e) => {
    const ratio = view === COMBINED ? e.pooled : (e.stations?.[view] ?? null);
    const point = view === COMBINED ? e.point?.pooled : e.point?.stations?.[view];
    const abs = view === COMBINED ? e.absolute : null;
    return {
      month: e.month,
      estimate: ratio?.estimate ?? point ?? null,
      lower: ratio?.lower ?? null,
      upper: ratio?.upper ?? null,
      z: ratio?.z ?? null,
      absolute: abs?.estimate ?? null,
      absoluteLower: abs?.lower ?? null,
      absoluteUpper: abs?.upper ?? null,
    };
  });
}

export interface ForestRow extends Record<string, string | number | null> {
  label: string;
  estimate: number | null;
  lower: number | null;
  upper: number | null;
}

/** Per station and pooled, the latest month's ratio with its CI (a forest plot's rows). */
export function forestRows(
  r: MonitorResult,
  key: IndicatorKey,
  names: Record<string, string>,
  pooledLabel: string,
): ForestRow[] {
  const e = r.effects[key]?.at(-1);
  if (!e) return [];
  const rows: ForestRow[] = Object.entries(e.stations ?? {}).map(([st, x]) => ({
    label: names[st] ?? st,
    estimate: x?.estimate ?? e.point?.stations?.[st] ?? null,
    lower: x?.lower ?? null,
    upper: x?.upper ?? null,
  }));
  rows.push({
    label: pooledLabel,
    estimate: e.pooled?.estimate ?? e.point?.pooled ?? null,
    lower: e.pooled?.lower ?? null,
    upper: e.pooled?.upper ?? null,
  });
  return rows;
}

export interface BalancePoint extends Record<string, string | number | null> {
  station: string;
  covariate: string;
  stage: 'before' | 'after';
  smd: number | null;
}

/** Standardised mean differences before and after matching per covariate (a love plot's points). */
export function balancePoints(r: MonitorResult, view: string, names: Record<string, string>): BalancePoint[] {
  return Object.entries(r.balance ?? {})
    .filter(([st]) => view === COMBINED || st === view)
    .flatMap(([st, rows]) =>
      rows.flatMap((b) => [
        {
          station: names[st] ?? st,
          covariate: b.covariate,
          stage: 'before' as const,
          smd: b.before?.smd ?? null,
        },
        { station: names[st] ?? st, covariate: b.covariate, stage: 'after' as const, smd: b.after.smd },
      ]),
    );
}

/** The latest month a monitor's result reaches. */
export const lastMonth = (r: MonitorResult): string | undefined => r.months.at(-1);
