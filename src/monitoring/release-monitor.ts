import type { LocalContext } from '../analytics/algorithm.ts';
import { dominated } from '../analytics/disclosure.ts';
import {
  DEFAULT_DOMINANCE,
  type DisclosedCount,
  roundTo,
  type SuppressionReason,
} from '../privacy/disclosure/disclosure-policy.ts';
import { releaseCount } from '../privacy/disclosure/release-count.ts';
import { releasePartition } from '../privacy/disclosure/release-partition.ts';
import { describeDesign } from './balanced-matching.ts';
import type { IndicatorKey } from './indicators.ts';
import { monthLabel } from './monitor-definition.ts';
import type { ArmPeriod, IndicatorTotals, MonitorPartial } from './monitor-partial.ts';
import type { ArmData, MonitorAtStation } from './monitor-station.ts';
import { releaseBalance } from './release-balance.ts';

/** Bin edges of the logit of the propensity score (open bins below the first and from the last). */
export const SCORE_EDGES = [-8, -7, -6, -5, -4, -3, -2, -1, 0, 1, 2];

type ArmName = 'exposed' | 'control';

/**
 * Releases a monitor run: every number on a patient set admitted by the task's release guard, so the
 * station's ledger sees each month's sets against every earlier release (other months of this monitor
 * included) and withholds a number that would reveal a small group by subtraction. The matched groups
 * are required (the answer is refused without them); the rest is withheld number by number.
 */
export function releaseMonitor(ctx: LocalContext, s: MonitorAtStation): MonitorPartial {
  const policy = ctx.disclosure;
  const round = (n: number) => roundTo(n, Math.max(1, policy.rounding));
  const maxShare = policy.maxShare ?? DEFAULT_DOMINANCE;

  ctx.release.require('outcome-monitor:matched:exposed', s.matchedExposed.ids);
  ctx.release.require('outcome-monitor:matched:control', s.matchedControls.ids);
  const exposedCount = releaseCount(
    ctx.release,
    'outcome-monitor:eligible:exposed',
    s.exposedAll.ids,
    policy,
  );
  const poolCount = releaseCount(ctx.release, 'outcome-monitor:eligible:pool', s.poolAll.ids, policy);
  const count = (n: number): DisclosedCount => ({ value: round(n), suppressed: false });

  const balance = releaseBalance(ctx, s, {
    exposed: !exposedCount.suppressed,
    pool: !poolCount.suppressed,
  });

  const histogram = (logits: number[], ids: string[], arm: ArmName): DisclosedCount[] => {
    const cells = Array.from({ length: SCORE_EDGES.length + 1 }, (_, b) => ({
      key: b,
      patients: [] as string[],
    }));
    logits.forEach((l, i) => {
      let b = 0;
      while (b < SCORE_EDGES.length && l >= SCORE_EDGES[b]!) b++;
      cells[b]!.patients.push(ids[i]!);
    });
    const released = releasePartition(ctx.release, (b) => `outcome-monitor:score:${arm}:${b}`, cells, policy);
    return released.cells.map((c) => c.count);
  };

  /**
   * Totals of one indicator over an arm (the set behind them is the arm, admitted as persons at risk),
   * judged by the patients behind them, not only by the events:
   * - `small`: the events come from 1..threshold−1 patients (or number 1..threshold−1);
   * - `differencing`: the increase since the last value released in the same series comes from
   *   1..threshold−1 patients (or is 1..threshold−1 events), so no month's increment — by itself or
   *   subtracted from any earlier month — is about a small group (a withheld month is merged into the next);
   * - `dominance`: a few patients make up most of the sum (euro, days, events), or most of its increase
   *   since the last release, or of the increase of the sum of squares: the dominance rule applies to
   *   what a subtraction of two releases isolates, not only to the cumulative total.
   *   The per-patient sums also go through the station's column ledger, which withholds them when they
   *   differ from an earlier released column (last month's, another monitor's) on 1..threshold−1 patients.
   */
  const last = new Map<string, { events: number; perEvents: Float64Array; perSum: Float64Array }>();
  const running = new Map<string, { from: number; to: number; events: Float64Array; sums: Float64Array }>();
  const totals = (
    arm: ArmData,
    series: string,
    key: IndicatorKey,
    fromSlot: number,
    toSlot: number,
  ): IndicatorTotals => {
    const ev = arm.events.get(key)!;
    const su = arm.sums.get(key)!;
    const n = arm.ids.length;
    // Per patient, the totals over the slots: the previous call's (fromSlot … toSlot − 1 of the same
    // arm and indicator) plus one slot, not every slot again each month.
    const run = running.get(series);
    const extend = run !== undefined && run.from === fromSlot && run.to === toSlot - 1;
    const perEvents = extend ? run.events.slice() : new Float64Array(n);
    const perSum = extend ? run.sums.slice() : new Float64Array(n);
    let events = 0;
    let sum = 0;
    let sumSq = 0;
    for (let i = 0; i < n; i++) {
      let e = perEvents[i]!;
      let x = perSum[i]!;
      for (let j = extend ? toSlot : fromSlot; j <= toSlot; j++) {
        e += ev[i * arm.slots + j]!;
        x += su[i * arm.slots + j]!;
      }
      perEvents[i] = e;
      perSum[i] = x;
      events += e;
      sum += x;
      sumSq += x * x;
    }
    running.set(series, { from: fromSlot, to: toSlot, events: perEvents, sums: perSum });
    const withheld = (reason: SuppressionReason): IndicatorTotals => ({
      events: null,
      sum: null,
      sumSq: null,
      withheld: reason,
    });
    const before = last.get(series);
    let patients = 0;
    let increased = 0;
    const incSum = new Float64Array(n);
    const incSq = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      if (perEvents[i]! > 0) patients++;
      if (perEvents[i]! !== (before?.perEvents[i] ?? 0)) increased++;
      const was = before?.perSum[i] ?? 0;
      incSum[i] = perSum[i]! - was;
      incSq[i] = perSum[i]! * perSum[i]! - was * was;
    }
    if (events > 0 && (events < policy.threshold || patients < policy.threshold)) return withheld('small');
    const previous = before?.events ?? 0;
    if (
      (events !== previous && Math.abs(events - previous) < policy.threshold) ||
      (increased > 0 && increased < policy.threshold)
    )
      return withheld('differencing');
    if (
      dominated(perSum, maxShare, policy.threshold) ||
      dominated(incSum, maxShare, policy.threshold) ||
      dominated(incSq, maxShare, policy.threshold)
    )
      return withheld('dominance');
    // The sums (euros, days; and every indicator's sum of squares) are a column of patient values: the
    // station's column ledger withholds them when it differs from an earlier released column (last
    // month's, another monitor's) on 1 … threshold−1 patients, so one month's cost or visits of a few
    // patients is not the difference of two sums.
    const valued = key === 'cost' || key === 'length-of-stay';
    if (!ctx.release.admitColumn(`outcome-monitor:${series}:${toSlot}`, arm.ids, perSum))
      return withheld('differencing');
    last.set(series, { events, perEvents, perSum });
    const rounded = round(events);
    return { events: rounded, sum: valued ? sum : rounded, sumSq };
  };

  const baselineArm = (a: ArmData, armName: ArmName): ArmPeriod => ({
    personsAtRisk: round(a.ids.length),
    personMonths: round(a.ids.length) * s.monitor.baselineMonths,
    indicators: Object.fromEntries(
      s.monitor.indicators.map((k) => [k, totals(a, `${armName}:baseline:${k}`, k, 0, 0)]),
    ),
  });

  /**
   * Follow-up through month j, cumulative. Person-time is intention-to-treat: every matched patient
   * counts from the start to the end of the month, after death too (no more events then). Censoring at
   * death would make each month's person-months reveal the deaths of that month; with mortality balanced
   * by the matching the rate ratio is the same. Person-months are the rounded persons at risk times the
   * months: from the exact group they would give away the number the rounding hides.
   */
  // The arm's set is the same every month: admitted once (admitting it again would give the same answer:
  // the ledger knows it by its digest), and each month's numbers released only when it was.
  const atRisk = new Map<ArmName, boolean>();
  const followUpArm = (a: ArmData, armName: ArmName, j: number): ArmPeriod => {
    if (!atRisk.has(armName))
      atRisk.set(armName, ctx.release.admit(`outcome-monitor:at-risk:${armName}`, a.ids));
    if (!atRisk.get(armName)) {
      return { personsAtRisk: null, personMonths: null, indicators: {}, withheld: 'differencing' };
    }
    return {
      personsAtRisk: round(a.ids.length),
      personMonths: round(a.ids.length) * (j + 1),
      indicators: Object.fromEntries(
        s.monitor.indicators.map((k) => [k, totals(a, `${armName}:follow-up:${k}`, k, 1, j + 1)]),
      ),
    };
  };

  return {
    groups: {
      exposed: exposedCount,
      pool: poolCount,
      matchedExposed: count(s.matchedExposed.ids.length),
      matchedControls: count(s.matchedControls.ids.length),
    },
    ratio: s.monitor.matching.ratio,
    caliperSd: s.design.caliperSd,
    matching: describeDesign(s.design),
    balance,
    scoreHistogram: {
      edges: SCORE_EDGES,
      exposed: histogram(s.logitsExposed, s.matchedExposed.ids, 'exposed'),
      control: histogram(s.logitsControl, s.matchedControls.ids, 'control'),
    },
    baseline: {
      months: s.monitor.baselineMonths,
      exposed: baselineArm(s.exposed, 'exposed'),
      control: baselineArm(s.control, 'control'),
    },
    months: Array.from({ length: s.months }, (_, j) => ({
      month: monthLabel(s.monitor.start, j),
      exposed: followUpArm(s.exposed, 'exposed', j),
      control: followUpArm(s.control, 'control', j),
    })),
  };
}
