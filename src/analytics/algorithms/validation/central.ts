import type { CentralHalf, StationPartial } from '../../algorithm.ts';
import { newtonUpdate } from '../../glm/newton-update.ts';
import { Z975 } from '../../glm/normal.ts';
import {
  definition,
  type Gap,
  type Metrics,
  type Segment,
  type SubgroupMetrics,
  type ValidationInput,
  ValidationInputSchema,
  type ValidationPartial,
  type ValidationResult,
} from './definition.ts';

type Step2 = Segment['slopeStep'];

const segKey = (s: { key: string; group: string }) => (s.key === 'all' ? 'all' : `${s.key}=${s.group}`);

/** One Newton step of the calibration fit; a singular fit (constant predictor) stops where it is. */
function slopeUpdate(steps: Step2[], n: number, ab: [number, number]) {
  const gradient = [0, 0];
  const hessian = [0, 0, 0, 0];
  for (const s of steps) {
    s.gradient.forEach((v, k) => {
      gradient[k]! += v;
    });
    s.hessian.forEach((v, k) => {
      hessian[k]! += v;
    });
  }
  try {
    const u = newtonUpdate({ n, gradient, hessian, deviance: 0 }, ab);
    return {
      ab: [u.beta[0]!, u.beta[1]!] as [number, number],
      change: u.maxChange,
      se: Math.sqrt(u.covariance[1]![1]!),
    };
  } catch {
    return { ab, change: 0, se: Number.NaN };
  }
}

/**
 * Combines segments of several stations. Counts are the stations' rounded ones, and they weigh the
 * stations' exact ratios (Brier, observed and expected risk, calibration bins). The AUC pools pairs of
 * an event and a non-event within the same station (each station's exact AUC weighted by its pairs):
 * comparing patients across stations would need their scores, which never leave.
 */
function metricsOf(segs: Segment[], slope: { ab: [number, number]; se: number }): Metrics {
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
      oeRatio: observed / expected,
    },
    calibrationSlope: { intercept: slope.ab[0], slope: slope.ab[1], slopeSe: slope.se },
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
    const slopes: Record<string, [number, number]> = {};
    const fits = new Map<string, { ab: [number, number]; se: number }>();
    let maxChange = 0;
    for (const [k, { segs }] of bySeg) {
      const u = slopeUpdate(
        segs.map((s) => s.slopeStep),
        0,
        input.slopes?.[k] ?? [0, 1],
      );
      slopes[k] = u.ab;
      fits.set(k, u);
      maxChange = Math.max(maxChange, u.change);
    }
    const stationSlopes: Record<string, [number, number]> = {};
    const stationFits = new Map<string, { ab: [number, number]; se: number }>();
    for (const p of partials) {
      const u = slopeUpdate([p.output.ownSlopeStep], 0, input.stationSlopes?.[p.stationId] ?? [0, 1]);
      stationSlopes[p.stationId] = u.ab;
      stationFits.set(p.stationId, u);
      maxChange = Math.max(maxChange, u.change);
    }
    if (maxChange >= input.tolerance && round + 1 < definition.maxRounds) {
      return { done: false, nextInput: { ...raw, slopes, stationSlopes } };
    }
    const subgroups: SubgroupMetrics[] = [...bySeg.entries()]
      .filter(([k]) => k !== 'all')
      .map(([k, { segs, stations }]) => ({
        key: segs[0]!.key,
        group: segs[0]!.group,
        stations,
        metrics: metricsOf(segs, fits.get(k)!),
      }));
    return {
      done: true,
      result: {
        pooled: metricsOf(bySeg.get('all')!.segs, fits.get('all')!),
        perStation: Object.fromEntries(
          partials.map((p) => [
            p.stationId,
            metricsOf([p.output.segments[0]!], stationFits.get(p.stationId)!),
          ]),
        ),
        subgroups,
        suppressed: partials.flatMap((p) =>
          p.output.suppressed.map((s) => ({ stationId: p.stationId, ...s })),
        ),
        gaps: gapsOf(subgroups, input),
        rounds: round + 1,
        aucMethod:
          'Each station computes the exact AUC (Mann–Whitney, ties ½) and its DeLong variance on its own scores; ' +
          'the pooled AUC weighs the stations by their pairs of an event and a non-event (rounded counts), so it ' +
          'compares patients within a station, never across; SE from the stations’ DeLong variances, Wald 95% CI. ' +
          'Pooled ratios (Brier, observed, expected, calibration bins) weigh stations by their rounded counts.',
      },
    };
  },
};
