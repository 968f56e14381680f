import type { StationPartial } from '../analytics/algorithm.ts';
import { Z975 } from '../analytics/glm/normal.ts';
import { type IndicatorKey, Indicators } from './indicators.ts';
import { alertReason, type MonitorAlert } from './monitor-alerts.ts';
import type { MonitorDefinition } from './monitor-definition.ts';
import type { ArmPeriod, MonitorPartial } from './monitor-partial.ts';
import {
  absoluteDid,
  type DidCell,
  type DifferenceEstimate,
  pooledDid,
  type RatioEstimate,
  stationDid,
} from './poisson-did.ts';
import { alertOf, sequentialBoundary } from './sequential-alert.ts';
import { type CostTotals, costsAvoided, type SavingsSplit, splitSavings } from './shared-savings.ts';

/** Released totals of one arm at one station, as used for one month's estimate. */
export interface ArmTotals {
  events: number;
  sum: number;
  sumSq: number;
  persons: number;
  personMonths: number;
}

/** One station's cells for one indicator at one month: baseline and the latest released follow-up. */
export interface StationCells {
  /** The follow-up month the released cumulative totals reach (≤ the month asked). */
  asOf: string;
  pre: { exposed: ArmTotals; control: ArmTotals };
  post: { exposed: ArmTotals; control: ArmTotals };
}

export interface MonthEffect {
  month: string;
  stations: Record<string, RatioEstimate | null>;
  pooled: RatioEstimate | null;
  absolute: DifferenceEstimate | null;
  /**
   * For an indicator per event (length of stay): the pooled ratio of ratios as a point estimate only (no
   * interval; `pooled` and `stations` are null then). JSON has no NaN, so no interval is left out, not NaN.
   */
  point?: { pooled: number | null; stations: Record<string, number | null> };
}

export interface MonthSeries {
  month: string;
  /** Cumulative from the start, per station as of its latest released month. */
  stations: Record<string, StationCells | null>;
}

export interface MonitorResult {
  monitor: string;
  owner: string;
  months: string[];
  stations: string[];
  design: {
    indicator: IndicatorKey;
    method: string;
    alpha: number;
    looks: number;
    boundary: number;
    higherIsWorse: boolean;
  };
  groups: Record<string, MonitorPartial['groups'] & { ratio: number; caliperSd: number; matching?: string }>;
  balance: Record<string, MonitorPartial['balance']>;
  scoreHistograms: Record<string, MonitorPartial['scoreHistogram']>;
  series: Partial<Record<IndicatorKey, MonthSeries[]>>;
  effects: Partial<Record<IndicatorKey, MonthEffect[]>>;
  alerts: MonitorAlert[];
  savings: {
    payer: string;
    provider: string;
    months: (SavingsSplit & { month: string; lower: number; upper: number; cumulative: number })[];
    total: { avoided: number; lower: number; upper: number; provider: number; payer: number };
  } | null;
}

const totalsOf = (a: ArmPeriod, key: IndicatorKey): ArmTotals | null => {
  const t = a.indicators[key];
  if (a.withheld || !t || t.withheld || t.events === null || t.sum === null || t.sumSq === null) return null;
  if (a.personMonths === null || a.personsAtRisk === null) return null;
  return {
    events: t.events,
    sum: t.sum,
    sumSq: t.sumSq,
    persons: a.personsAtRisk,
    personMonths: a.personMonths,
  };
};

/** A station's cells for an indicator through follow-up month index j, from its latest fully released month. */
export function stationCells(p: MonitorPartial, key: IndicatorKey, j: number): StationCells | null {
  const preE = totalsOf(p.baseline.exposed, key);
  const preC = totalsOf(p.baseline.control, key);
  if (!preE || !preC) return null;
  for (let i = Math.min(j, p.months.length - 1); i >= 0; i--) {
    const m = p.months[i]!;
    const e = totalsOf(m.exposed, key);
    const c = totalsOf(m.control, key);
    if (e && c)
      return { asOf: m.month, pre: { exposed: preE, control: preC }, post: { exposed: e, control: c } };
  }
  return null;
}

/** The four DiD cells of a station (events for counts, sums otherwise). */
export function didCells(station: string, c: StationCells, value: 'events' | 'sum'): DidCell[] {
  const cell = (exposed: 0 | 1, post: 0 | 1, t: ArmTotals): DidCell => ({
    station,
    exposed,
    post,
    events: t[value],
    personMonths: t.personMonths,
  });
  return [
    cell(1, 0, c.pre.exposed),
    cell(1, 1, c.post.exposed),
    cell(0, 0, c.pre.control),
    cell(0, 1, c.post.control),
  ];
}

/** Ratio of ratios of means for a sum indicator (cost), with patient-clustered variances; IV-pooled. */
function meanRatioDid(cells: Record<string, StationCells | null>): {
  stations: Record<string, RatioEstimate | null>;
  pooled: RatioEstimate | null;
} {
  return ratioOfRatiosDid(
    cells,
    (a) => a.sum <= 0 || a.personMonths <= 0 || a.persons < 2,
    (a) => Math.log(a.sum / a.personMonths),
    clusteredVariance,
  );
}

/**
 * Length of stay (days per admission): the log ratio of ratios per station with a variance from the
 * patient-clustered variance of the days (their sums of squares) plus a Poisson variance of the
 * admissions, pooled by inverse variance. The covariance of a patient's days and admissions is positive
 * and not released; leaving it out makes the interval wider than an exact one (conservative).
 */
export function lengthOfStayDid(cells: Record<string, StationCells | null>): {
  stations: Record<string, RatioEstimate | null>;
  pooled: RatioEstimate | null;
} {
  return ratioOfRatiosDid(
    cells,
    (a) => a.events <= 0 || a.sum <= 0 || a.persons < 2,
    (a) => Math.log(a.sum / a.events),
    (a) => clusteredVariance(a) + 1 / a.events,
  );
}

/** The patient-clustered relative variance of an arm's sum (from its sum of squares). */
const clusteredVariance = (a: ArmTotals) =>
  (Math.max(0, a.sumSq - (a.sum * a.sum) / a.persons) * a.persons) / (a.persons - 1) / (a.sum * a.sum);

/**
 * Per station the log ratio of ratios (post/pre exposed over post/pre control) of `logOf` with the
 * standard error from `variance` of its four arms, null where an arm is `unusable`; pooled by inverse
 * variance.
 */
function ratioOfRatiosDid(
  cells: Record<string, StationCells | null>,
  unusable: (a: ArmTotals) => boolean,
  logOf: (a: ArmTotals) => number,
  variance: (a: ArmTotals) => number,
): { stations: Record<string, RatioEstimate | null>; pooled: RatioEstimate | null } {
  const stations: Record<string, RatioEstimate | null> = {};
  let w = 0;
  let wx = 0;
  for (const [st, c] of Object.entries(cells)) {
    const arms = c ? [c.post.exposed, c.pre.exposed, c.post.control, c.pre.control] : [];
    if (!c || arms.some(unusable)) {
      stations[st] = null;
      continue;
    }
    const log = logOf(arms[0]!) - logOf(arms[1]!) - logOf(arms[2]!) + logOf(arms[3]!);
    const se = Math.sqrt(arms.reduce((s, a) => s + variance(a), 0));
    stations[st] = ratioEst(log, se);
    if (se > 0) {
      w += 1 / (se * se);
      wx += log / (se * se);
    }
  }
  return { stations, pooled: w > 0 ? ratioEst(wx / w, Math.sqrt(1 / w)) : null };
}

function ratioEst(log: number, se: number): RatioEstimate {
  return {
    estimate: Math.exp(log),
    lower: Math.exp(log - Z975 * se),
    upper: Math.exp(log + Z975 * se),
    z: se > 0 ? log / se : 0,
    se,
  };
}

/**
 * Combines the stations' released aggregates of a monitor run: per indicator and month the DiD per
 * station and pooled (Poisson model for counts; ratio of mean costs; days per admission with a
 * conservative interval), the sequential alert on the alert indicator, and the shared savings on cost.
 */
export function combineMonitor(
  partials: StationPartial<MonitorPartial>[],
  m: MonitorDefinition,
): MonitorResult {
  const stations = partials.map((p) => p.stationId);
  const nMonths = Math.max(0, ...partials.map((p) => p.output.months.length));
  const months =
    partials.find((p) => p.output.months.length === nMonths)?.output.months.map((x) => x.month) ?? [];
  const looks = m.followUpMonths;
  const boundary = sequentialBoundary(m.alert.alpha, looks);
  const series: MonitorResult['series'] = {};
  const effects: MonitorResult['effects'] = {};
  for (const key of m.indicators) {
    const kind = Indicators[key].kind;
    const s: MonthSeries[] = [];
    const e: MonthEffect[] = [];
    months.forEach((month, j) => {
      const cells: Record<string, StationCells | null> = {};
      for (const p of partials) cells[p.stationId] = stationCells(p.output, key, j);
      s.push({ month, stations: cells });
      if (kind === 'count') {
        const all = Object.entries(cells).flatMap(([st, c]) => (c ? didCells(st, c, 'events') : []));
        const per: Record<string, RatioEstimate | null> = {};
        for (const [st, c] of Object.entries(cells))
          per[st] = c ? stationDid(didCells(st, c, 'events')) : null;
        e.push({ month, stations: per, pooled: pooledDid(all), absolute: absoluteDid(all) });
      } else if (kind === 'sum') {
        const r = meanRatioDid(cells);
        const all = Object.entries(cells).flatMap(([st, c]) => (c ? didCells(st, c, 'sum') : []));
        e.push({ month, stations: r.stations, pooled: r.pooled, absolute: absoluteDid(all) });
      } else {
        // Days per admission: ratio of ratios of sum / events, pooled over stations, with a 95% CI.
        const per: Record<string, number | null> = {};
        const agg = { ep: [0, 0], ee: [0, 0], cp: [0, 0], ce: [0, 0] };
        const cis = lengthOfStayDid(cells);
        for (const [st, c] of Object.entries(cells)) {
          const parts = c ? [c.post.exposed, c.pre.exposed, c.post.control, c.pre.control] : [];
          if (!c || parts.some((a) => a.events <= 0 || a.sum <= 0)) {
            per[st] = null;
            continue;
          }
          const r = parts.map((a) => a.sum / a.events);
          per[st] = r[0]! / r[1]! / (r[2]! / r[3]!);
          [agg.ep, agg.ee, agg.cp, agg.ce].forEach((acc, i) => {
            acc[0]! += parts[i]!.sum;
            acc[1]! += parts[i]!.events;
          });
        }
        const rr = [agg.ep, agg.ee, agg.cp, agg.ce].map((a) => a[0]! / a[1]!);
        const pooled = rr.every((x) => Number.isFinite(x) && x > 0)
          ? rr[0]! / rr[1]! / (rr[2]! / rr[3]!)
          : null;
        e.push({
          month,
          stations: cis.stations,
          pooled: cis.pooled,
          absolute: null,
          point: { pooled, stations: per },
        });
      }
    });
    series[key] = s;
    effects[key] = e;
  }

  const alerts: MonitorAlert[] = [];
  const names = Indicators[m.alert.indicator];
  for (const eff of effects[m.alert.indicator] ?? []) {
    const p = eff.pooled;
    if (!p || !Number.isFinite(p.z)) continue;
    const kind = alertOf(p.z, boundary, m.alert.higherIsWorse);
    if (!kind || alerts.some((a) => a.kind === kind)) continue;
    const a = {
      kind,
      month: eff.month,
      indicator: m.alert.indicator,
      statistic: p.z,
      boundary,
      rateRatio: p.estimate,
      lower: p.lower,
      upper: p.upper,
    };
    alerts.push({ ...a, reason: alertReason(a, names, m.alert.alpha, looks) });
  }

  return {
    monitor: m.name,
    owner: m.owner,
    months,
    stations,
    design: {
      indicator: m.alert.indicator,
      method: m.alert.method,
      alpha: m.alert.alpha,
      looks,
      boundary,
      higherIsWorse: m.alert.higherIsWorse,
    },
    groups: Object.fromEntries(
      partials.map((p) => [
        p.stationId,
        {
          ...p.output.groups,
          ratio: p.output.ratio,
          caliperSd: p.output.caliperSd,
          ...(p.output.matching ? { matching: p.output.matching } : {}),
        },
      ]),
    ),
    balance: Object.fromEntries(partials.map((p) => [p.stationId, p.output.balance])),
    scoreHistograms: Object.fromEntries(partials.map((p) => [p.stationId, p.output.scoreHistogram])),
    series,
    effects,
    alerts,
    savings: m.savings ? savingsOf(series.cost ?? [], m.savings) : null,
  };
}

/** Costs avoided per month (differences of the cumulative estimate), pooled over stations, and their split. */
function savingsOf(
  costSeries: MonthSeries[],
  rule: NonNullable<MonitorDefinition['savings']>,
): MonitorResult['savings'] {
  const out: NonNullable<MonitorResult['savings']>['months'] = [];
  let previous = 0;
  let last = { avoided: 0, variance: 0 };
  for (const ms of costSeries) {
    let avoided = 0;
    let variance = 0;
    for (const c of Object.values(ms.stations)) {
      if (!c) continue;
      const t = (a: ArmTotals): CostTotals => ({
        sum: a.sum,
        sumSq: a.sumSq,
        persons: a.persons,
        personMonths: a.personMonths,
      });
      const r = costsAvoided(t(c.pre.exposed), t(c.post.exposed), t(c.pre.control), t(c.post.control));
      if (!r) continue;
      avoided += r.avoided;
      variance += r.variance;
    }
    const monthly = avoided - previous;
    previous = avoided;
    last = { avoided, variance };
    const se = Math.sqrt(variance);
    out.push({
      month: ms.month,
      ...splitSavings(monthly, rule),
      cumulative: avoided,
      lower: avoided - Z975 * se,
      upper: avoided + Z975 * se,
    });
  }
  const se = Math.sqrt(last.variance);
  return {
    payer: rule.payer,
    provider: rule.provider,
    months: out,
    total: {
      avoided: last.avoided,
      lower: last.avoided - Z975 * se,
      upper: last.avoided + Z975 * se,
      provider: out.reduce((s, x) => s + x.provider, 0),
      payer: out.reduce((s, x) => s + x.payer, 0),
    },
  };
}
