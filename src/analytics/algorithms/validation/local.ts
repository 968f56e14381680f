import type { LocalContext, LocalHalf } from '../../algorithm.ts';
import { checkRegression, disclosureRisk } from '../../disclosure.ts';
import { loadFeatureMatrix } from '../../glm/feature-matrix.ts';
import { subgroupOf } from '../../subgroups.ts';
import { mergeScoreBins } from '../../validation/grouped-auc.ts';
import {
  type Segment,
  type ValidationInput,
  ValidationInputSchema,
  type ValidationPartial,
} from './definition.ts';

type Parsed = ReturnType<typeof ValidationInputSchema.parse>;

interface Rows {
  lp: Float64Array;
  y: Float64Array;
}

/** Merges adjacent calibration bins until each holds at least `threshold` patients. */
export function mergeCalibration(
  bins: { from: number; to: number; n: number; observed: number; expected: number }[],
  threshold: number,
): typeof bins {
  const out: typeof bins = [];
  let cur: (typeof bins)[number] | undefined;
  for (const b of bins) {
    cur = cur
      ? {
          from: cur.from,
          to: b.to,
          n: cur.n + b.n,
          observed: cur.observed + b.observed,
          expected: cur.expected + b.expected,
        }
      : { ...b };
    if (cur.n >= threshold) {
      out.push(cur);
      cur = undefined;
    }
  }
  if (cur && cur.n > 0) {
    const last = out.pop();
    out.push(
      last
        ? {
            from: last.from,
            to: cur.to,
            n: last.n + cur.n,
            observed: last.observed + cur.observed,
            expected: last.expected + cur.expected,
          }
        : cur,
    );
  }
  return out;
}

/** Number of edges ≤ v: the bin of v in [−∞, e0), [e0, e1), …, [e_last, ∞). */
function edgesAtOrBelow(edges: readonly number[], v: number): number {
  let lo = 0;
  let hi = edges.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (edges[mid]! <= v) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Logistic fit step of y on (1, lp) at (a, b). */
function slopeStep(rows: Rows, idx: readonly number[], a: number, b: number) {
  const g = [0, 0];
  const h = [0, 0, 0, 0];
  for (const i of idx) {
    const x = rows.lp[i]!;
    const mu = 1 / (1 + Math.exp(-Math.max(-30, Math.min(30, a + b * x))));
    const r = rows.y[i]! - mu;
    const w = mu * (1 - mu);
    g[0]! += r;
    g[1]! += r * x;
    h[0]! += w;
    h[1]! += w * x;
    h[3]! += w * x * x;
  }
  h[2] = h[1]!;
  return { gradient: g, hessian: h };
}

function segment(
  ctx: LocalContext,
  input: Parsed,
  rows: Rows,
  idx: readonly number[],
  key: string,
  group: string,
): Segment | undefined {
  const t = ctx.disclosure.threshold;
  const n = idx.length;
  let events = 0;
  let sumP = 0;
  let sumBrier = 0;
  const { from, to, step } = input.grid;
  const edges = Array.from({ length: Math.floor((to - from) / step) + 1 }, (_, k) => from + k * step);
  const e = new Array<number>(edges.length + 1).fill(0);
  const ne = new Array<number>(edges.length + 1).fill(0);
  const cb = input.calibrationBins;
  const cal = Array.from({ length: cb }, (_, k) => ({
    from: k / cb,
    to: (k + 1) / cb,
    n: 0,
    observed: 0,
    expected: 0,
  }));
  for (const i of idx) {
    const lp = rows.lp[i]!;
    const y = rows.y[i]!;
    const p = 1 / (1 + Math.exp(-lp));
    events += y;
    sumP += p;
    sumBrier += (p - y) ** 2;
    const bin = edgesAtOrBelow(edges, lp);
    if (y === 1) e[bin]! += 1;
    else ne[bin]! += 1;
    const c = cal[Math.min(cb - 1, Math.floor(p * cb))]!;
    c.n++;
    c.observed += y;
    c.expected += p;
  }
  if (n < t || events < t || n - events < t) return undefined;
  const scores = mergeScoreBins(edges, e, ne, t);
  const [a, b] = input.slopes?.[key === 'all' ? 'all' : `${key}=${group}`] ?? [0, 1];
  return {
    key,
    group,
    n,
    events,
    sumP,
    sumBrier,
    eventScores: scores.events,
    nonEventScores: scores.nonEvents,
    calibration: mergeCalibration(
      cal.filter((c) => c.n > 0),
      t,
    ),
    slopeStep: slopeStep(rows, idx, a, b),
  };
}

export const local: LocalHalf<ValidationInput, ValidationPartial> = {
  async run(ctx, raw) {
    const input = ValidationInputSchema.parse(raw);
    const m = await loadFeatureMatrix(ctx, input.spec);
    if (input.coefficients.length !== m.p)
      throw disclosureRisk('coefficients do not match the features', 'coefficients');
    checkRegression(m.n, 2, ctx.disclosure, 'validation');
    const lp = new Float64Array(m.n);
    for (let i = 0; i < m.n; i++) {
      let s = 0;
      for (let j = 0; j < m.p; j++) s += m.x[i * m.p + j]! * input.coefficients[j]!;
      lp[i] = s;
    }
    const rows = { lp, y: m.y };
    const all = Array.from({ length: m.n }, (_, i) => i);
    const overall = segment(ctx, input, rows, all, 'all', 'all');
    if (!overall)
      throw disclosureRisk('too few outcome events or non-events to validate at this station', 'outcome');
    const segments = [overall];
    const suppressed: { key: string; group: string }[] = [];
    for (const key of input.subgroups) {
      const groups = new Map<string, number[]>();
      for (let i = 0; i < m.n; i++) {
        const g = subgroupOf(key, m, i);
        const list = groups.get(g) ?? [];
        list.push(i);
        groups.set(g, list);
      }
      for (const [g, idx] of [...groups.entries()].sort(([a], [b]) => a.localeCompare(b))) {
        const s = segment(ctx, input, rows, idx, key, g);
        if (s) segments.push(s);
        else suppressed.push({ key, group: g });
      }
    }
    const [a, b] = input.stationSlopes?.[ctx.stationId] ?? [0, 1];
    return { segments, suppressed, ownSlopeStep: slopeStep(rows, all, a, b) };
  },
};
