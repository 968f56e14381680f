import { CholeskyDecomposition, Matrix } from 'ml-matrix';
import { Z975 } from '../analytics/glm/normal.ts';

/** One arm × period cell of one station: events (or a sum) and person-months. */
export interface DidCell {
  station: string;
  exposed: 0 | 1;
  post: 0 | 1;
  events: number;
  personMonths: number;
}

/** A ratio with its 95% confidence interval (log-scale Wald). */
export interface RatioEstimate {
  estimate: number;
  lower: number;
  upper: number;
  /** log(estimate) / its standard error. */
  z: number;
  se: number;
}

/** A difference with its 95% confidence interval. */
export interface DifferenceEstimate {
  estimate: number;
  lower: number;
  upper: number;
}

const ratio = (logEstimate: number, se: number): RatioEstimate => ({
  estimate: Math.exp(logEstimate),
  lower: Math.exp(logEstimate - Z975 * se),
  upper: Math.exp(logEstimate + Z975 * se),
  z: logEstimate / se,
  se,
});

/**
 * The difference-in-differences rate ratio of one station, in closed form: (exposed post / exposed pre)
 * / (control post / control pre) of the rates, with the Poisson standard error √Σ 1/events. Null when a
 * cell has no events.
 */
export function stationDid(cells: readonly DidCell[]): RatioEstimate | null {
  const cell = (e: 0 | 1, p: 0 | 1) => cells.find((c) => c.exposed === e && c.post === p);
  const all = [cell(1, 1), cell(1, 0), cell(0, 1), cell(0, 0)];
  if (all.some((c) => !c || c.events <= 0 || c.personMonths <= 0)) return null;
  const [a, b, c, d] = all as [DidCell, DidCell, DidCell, DidCell];
  const lr = (x: DidCell) => Math.log(x.events / x.personMonths);
  const log = lr(a) - lr(b) - lr(c) + lr(d);
  return ratio(log, Math.sqrt(1 / a.events + 1 / b.events + 1 / c.events + 1 / d.events));
}

/**
 * The pooled difference-in-differences rate ratio: a Poisson model on the cells of every station with
 * log(person-months) as offset, a baseline, an arm effect and a period effect per station, and one common
 * interaction (arm × period) whose exponent is the rate ratio. Fitted by Newton–Raphson; the same
 * function fits federated cells and cells computed on pooled data, so both give the same answer. Null
 * when no station has events in all four cells.
 */
export function pooledDid(cells: readonly DidCell[]): RatioEstimate | null {
  const usable = [...new Set(cells.map((c) => c.station))].filter((s) =>
    stationDid(cells.filter((c) => c.station === s)),
  );
  if (usable.length === 0) return null;
  const kept = cells.filter((c) => usable.includes(c.station));
  const p = 3 * usable.length + 1;
  const design = kept.map((c) => {
    const x = new Array<number>(p).fill(0);
    const s = usable.indexOf(c.station);
    x[3 * s] = 1;
    x[3 * s + 1] = c.exposed;
    x[3 * s + 2] = c.post;
    x[p - 1] = c.exposed * c.post;
    return x;
  });
  // Start from the saturated per-station fit without the interaction: rates of the cells.
  let beta = new Array<number>(p).fill(0);
  usable.forEach((st, s) => {
    const r = (e: 0 | 1, q: 0 | 1) => {
      const c = kept.find((k) => k.station === st && k.exposed === e && k.post === q)!;
      return Math.log(c.events / c.personMonths);
    };
    beta[3 * s] = r(0, 0);
    beta[3 * s + 1] = r(1, 0) - r(0, 0);
    beta[3 * s + 2] = r(0, 1) - r(0, 0);
  });
  let covariance: number[][] = [];
  for (let iter = 0; iter < 100; iter++) {
    const g = new Matrix(p, 1);
    const h = new Matrix(p, p);
    kept.forEach((c, i) => {
      const x = design[i]!;
      let eta = Math.log(c.personMonths);
      for (let a = 0; a < p; a++) eta += x[a]! * beta[a]!;
      const mu = Math.exp(eta);
      for (let a = 0; a < p; a++) {
        if (x[a] === 0) continue;
        g.set(a, 0, g.get(a, 0) + x[a]! * (c.events - mu));
        for (let b = 0; b < p; b++) if (x[b] !== 0) h.set(a, b, h.get(a, b) + x[a]! * x[b]! * mu);
      }
    });
    const chol = new CholeskyDecomposition(h);
    if (!chol.isPositiveDefinite()) return null;
    const delta = chol.solve(g);
    beta = beta.map((b, a) => b + delta.get(a, 0));
    covariance = chol.solve(Matrix.eye(p, p)).to2DArray();
    let change = 0;
    for (let a = 0; a < p; a++) change = Math.max(change, Math.abs(delta.get(a, 0)));
    if (change < 1e-12) break;
  }
  return ratio(beta[p - 1]!, Math.sqrt(covariance[p - 1]![p - 1]!));
}

/**
 * The absolute difference in differences of rates (per 1,000 person-months): (exposed post − exposed
 * pre) − (control post − control pre), with the Poisson variance Σ events / person-months². Pooled over
 * stations by inverse-variance weights. Null when no station has all four cells.
 */
export function absoluteDid(cells: readonly DidCell[]): DifferenceEstimate | null {
  const stations = [...new Set(cells.map((c) => c.station))];
  let wsum = 0;
  let wx = 0;
  for (const st of stations) {
    const get = (e: 0 | 1, p: 0 | 1) =>
      cells.find((c) => c.station === st && c.exposed === e && c.post === p);
    const all = [get(1, 1), get(1, 0), get(0, 1), get(0, 0)];
    if (all.some((c) => !c || c.personMonths <= 0)) continue;
    const [a, b, c, d] = all as [DidCell, DidCell, DidCell, DidCell];
    const r = (x: DidCell) => (1000 * x.events) / x.personMonths;
    const v = (x: DidCell) => (1e6 * x.events) / (x.personMonths * x.personMonths);
    const diff = r(a) - r(b) - (r(c) - r(d));
    const variance = v(a) + v(b) + v(c) + v(d);
    if (variance <= 0) continue;
    wsum += 1 / variance;
    wx += diff / variance;
  }
  if (wsum === 0) return null;
  const est = wx / wsum;
  const se = Math.sqrt(1 / wsum);
  return { estimate: est, lower: est - Z975 * se, upper: est + Z975 * se };
}
