import type { CentralHalf, StationPartial } from '../../algorithm.ts';
import { Z975 } from '../../glm/normal.ts';
import {
  type Gap,
  type Metrics,
  type Segment,
  type SubgroupMetrics,
  type ValidationInput,
  ValidationInputSchema,
  type ValidationPartial,
  type ValidationResult,
} from './definition.ts';

const segKey = (s: { key: string; group: string }) => (s.key === 'all' ? 'all' : `${s.key}=${s.group}`);

/**
 * Pools the stations' calibration fits by inverse variance (intercept and slope each): every station fits
 * its own rows, so no fit needs rounds of sums across stations. NaN when no station's fit exists.
 */
function pooledFit(segs: Segment[]): Metrics['calibrationSlope'] {
  const fits = segs.flatMap((s) => (s.fit.slopeSe > 0 && s.fit.interceptSe > 0 ? [s.fit] : []));
  if (fits.length === 0) return { intercept: Number.NaN, slope: Number.NaN, slopeSe: Number.NaN };
  const ivw = (value: (f: (typeof fits)[number]) => number, se: (f: (typeof fits)[number]) => number) => {
    const w = fits.map((f) => 1 / se(f) ** 2);
    const total = w.reduce((a, v) => a + v, 0);
    return { estimate: fits.reduce((a, f, k) => a + w[k]! * value(f), 0) / total, se: Math.sqrt(1 / total) };
  };
  const slope = ivw(
    (f) => f.slope,
    (f) => f.slopeSe,
  );
  const intercept = ivw(
    (f) => f.intercept,
    (f) => f.interceptSe,
  );
  return { intercept: intercept.estimate, slope: slope.estimate, slopeSe: slope.se };
}

/**
 * Combines segments of several stations. Counts are the stations' rounded ones, and they weigh the
 * stations' noised ratios (Brier, observed and expected risk, calibration bins). The AUC pools pairs of
 * an event and a non-event within the same station (each station's AUC weighted by its pairs):
 * comparing patients across stations would need their scores, which never leave.
 */
function metricsOf(segs: Segment[]): Metrics {
  const n = segs.reduce((a, s) => a + s.n, 0);
  const events = segs.reduce((a, s) => a + s.events, 0);
  const weighted = (value: (s: Segment) => number) => segs.reduce((a, s) => a + s.n * value(s), 0) / n;
  const pairs = segs.map((s) => s.events * (s.n - s.events));
  const allPairs = pairs.reduce((a, p) => a + p, 0);
  const auc = segs.reduce((a, s, k) => a + (pairs[k]! / allPairs) * s.auc.estimate, 0);
  const se = Math.sqrt(segs.reduce((a, s, k) => a + (pairs[k]! / allPairs) ** 2 * s.auc.variance, 0));
  const cal = new Map<string, { from: number; to: number; n: number; observed: number; expected: number }>();
  for (const s of segs) {
    for (const c of s.calibration) {
      const k = `${c.from}:${c.to}`;
      const cur = cal.get(k) ?? { from: c.from, to: c.to, n: 0, observed: 0, expected: 0 };
      if (c.n !== null && c.n > 0 && c.observed !== null && c.expected !== null) {
        cur.n += c.n;
        cur.observed += c.n * c.observed;
        cur.expected += c.n * c.expected;
      }
      cal.set(k, cur);
    }
  }
  const observed = weighted((s) => s.observed);
  const expected = weighted((s) => s.expected);
  return {
    n,
    events,
    auc: { estimate: auc, se, lower: Math.max(0, auc - Z975 * se), upper: Math.min(1, auc + Z975 * se) },
    calibrationInTheLarge: {
      observed,
      expected,
      difference: observed - expected,
      // Expected risk is noised; a model that predicts next to nothing may have it released as 0.
      oeRatio: expected > 0 ? observed / expected : 0,
    },
    calibrationSlope: pooledFit(segs),
    brier: weighted((s) => s.brier),
    calibration: [...cal.values()]
      .sort((a, b) => a.from - b.from)
      .map((c) => ({
        from: c.from,
        to: c.to,
        n: c.n,
        observed: c.n > 0 ? c.observed / c.n : null,
        expected: c.n > 0 ? c.expected / c.n : null,
      })),
  };
}

function gapsOf(subgroups: SubgroupMetrics[], input: ReturnType<typeof ValidationInputSchema.parse>): Gap[] {
  const gaps: Gap[] = [];
  for (const key of input.subgroups) {
    const groups = subgroups.filter((s) => s.key === key);
    if (groups.length < 2) continue;
    const metrics = [
      ['auc', (m: Metrics) => m.auc.estimate, true],
      ['citl', (m: Metrics) => Math.abs(m.calibrationInTheLarge.difference), false],
      ['brier', (m: Metrics) => m.brier, false],
    ] as const;
    for (const [metric, value, higherIsBetter] of metrics) {
      const sorted = [...groups].sort((a, b) => value(a.metrics) - value(b.metrics));
      const low = sorted[0]!;
      const high = sorted[sorted.length - 1]!;
      const gap = value(high.metrics) - value(low.metrics);
      const limit = input.limits[metric];
      gaps.push({
        key,
        metric,
        worst: higherIsBetter ? low.group : high.group,
        best: higherIsBetter ? high.group : low.group,
        gap,
        limit,
        flagged: gap > limit,
      });
    }
  }
  return gaps;
}

export const central: CentralHalf<ValidationInput, ValidationPartial, ValidationResult> = {
  combine(partials: StationPartial<ValidationPartial>[], raw, round) {
    const input = ValidationInputSchema.parse(raw);
    const bySeg = new Map<string, { segs: Segment[]; stations: string[] }>();
    for (const p of partials) {
      for (const s of p.output.segments) {
        const entry = bySeg.get(segKey(s)) ?? { segs: [], stations: [] };
        entry.segs.push(s);
        entry.stations.push(p.stationId);
        bySeg.set(segKey(s), entry);
      }
    }
    const subgroups: SubgroupMetrics[] = [...bySeg.entries()]
      .filter(([k]) => k !== 'all')
      .map(([, { segs, stations }]) => ({
        key: segs[0]!.key,
        group: segs[0]!.group,
        stations,
        metrics: metricsOf(segs),
      }));
    return {
      done: true,
      result: {
        pooled: metricsOf(bySeg.get('all')!.segs),
        perStation: Object.fromEntries(
          partials.map((p) => [p.stationId, metricsOf([p.output.segments[0]!])]),
        ),
        subgroups,
        suppressed: partials.flatMap((p) =>
          p.output.suppressed.map((s) => ({ stationId: p.stationId, ...s })),
        ),
        gaps: gapsOf(subgroups, input),
        rounds: round + 1,
        aucMethod:
          'Each station computes the Mann–Whitney AUC (ties ½) and its DeLong variance on its own scores and ' +
          'releases the AUC with bounded noise of at most rounding/2 patients (one event moves it by at most ' +
          '1/events) and the variance to two significant digits; the pooled AUC weighs the stations by their ' +
          'pairs of an event and a non-event (rounded counts), so it compares patients within a station, never ' +
          'across; SE from the stations’ DeLong variances, Wald 95% CI. Brier, observed and expected risk and ' +
          'calibration bins come from sums noised by at most rounding/2 patients, weighed by rounded counts; ' +
          'the calibration slope is fitted at each station (noised by at most rounding/2 patients’ influence) ' +
          'and pooled by inverse variance.',
      },
    };
  },
};
