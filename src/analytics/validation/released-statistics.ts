import { createHash } from 'node:crypto';
import { quantise } from '../../privacy/disclosure/column-sketch.ts';
import { seededUniform } from '../../privacy/disclosure/noised-moments.ts';
import type { LocalContext } from '../algorithm.ts';
import { aucWithVariance } from './exact-auc.ts';

/**
 * The statistics a validation releases, noised at the station. A validation takes the requester's
 * coefficients, so the score is whatever function of the features the requester likes (a step at an age
 * cut, say); exact ratios over such a score gave the exact n and a few patients' outcomes. Every released
 * statistic here is computed from exact sums with bounded noise of up to `rounding`/2 patients' parts
 * (a mean of values in [0, 1]: their largest possible part; the AUC and the calibration fit: a typical
 * patient's influence, as `noisedMoments` does for a mean), seeded by the station's column salt and the data the statistic depends on — only
 * that data, so the same statistic over the same values gets the same noise however it is asked (another
 * permit, another label, a monotone or affine change of the score where the statistic cannot change), and
 * asking again averages nothing away. See `docs/decisions/validation-releases.md`.
 */

/** Triangular noise in (−bound, bound). */
function bounded(bound: number, uniform: () => number): number {
  return bound * (uniform() + uniform() - 1);
}

/**
 * Uniform numbers seeded by the station's column salt and the data itself: the patients' pseudonyms
 * with their (quantised) values, in pseudonym order, under `purpose`.
 */
export function dataSeededUniform(
  ctx: LocalContext,
  purpose: string,
  ids: readonly string[],
  columns: readonly ArrayLike<number>[],
): () => number {
  const order = Array.from({ length: ids.length }, (_, i) => i).sort((a, b) =>
    ids[a]! < ids[b]! ? -1 : ids[a]! > ids[b]! ? 1 : 0,
  );
  const h = createHash('sha256');
  for (const i of order) {
    h.update(ids[i]!);
    for (const c of columns) h.update(`\u0000${quantise(c[i]!)}`);
    h.update('\n');
  }
  return seededUniform(ctx.ledger.columns.salt, `validation:${purpose}:${h.digest('hex')}`);
}

/**
 * The mean of values in [0, 1] (an outcome, a predicted risk, a Brier term) from a noised sum: the sum
 * gets noise of up to `rounding`/2 — as many patients' largest possible parts — so no patient's value,
 * and no n (an exact 0/1 mean is a fraction of n), follows from it.
 */
export function noisedUnitMean(
  ctx: LocalContext,
  purpose: string,
  ids: readonly string[],
  values: ArrayLike<number>,
): number {
  let sum = 0;
  for (let i = 0; i < values.length; i++) sum += values[i]!;
  const half = Math.max(1, ctx.disclosure.rounding) / 2;
  const noisy = sum + bounded(half, dataSeededUniform(ctx, `mean:${purpose}`, ids, [values]));
  return Math.min(1, Math.max(0, noisy / values.length));
}

/** Rounds a variance or standard error to two significant digits: its scale, not its exact sums. */
export function twoDigits(v: number): number {
  if (!Number.isFinite(v) || v === 0) return v;
  return Number(v.toPrecision(2));
}

/** Ranks of scores, ties averaged: what the AUC depends on, unchanged by any increasing transform. */
function ranks(scores: ArrayLike<number>): Float64Array {
  const n = scores.length;
  const idx = Array.from({ length: n }, (_, i) => i).sort((a, b) => scores[a]! - scores[b]!);
  const out = new Float64Array(n);
  let i = 0;
  while (i < n) {
    let j = i;
    while (j + 1 < n && scores[idx[j + 1]!] === scores[idx[i]!]) j++;
    for (let k = i; k <= j; k++) out[idx[k]!] = (i + j) / 2 + 1;
    i = j + 1;
  }
  return out;
}

/**
 * A typical patient's part in the AUC: the mean distance of an event's placement (the share of non-events
 * below it, ties ½) from the AUC over the events, and of a non-event's over the non-events — what one
 * patient moves the AUC by, on average — and at least one pair's part.
 */
function aucPart(scores: ArrayLike<number>, y: ArrayLike<number>, auc: number): number {
  const n = scores.length;
  const idx = Array.from({ length: n }, (_, i) => i).sort((a, b) => scores[a]! - scores[b]!);
  let events = 0;
  for (let i = 0; i < n; i++) events += y[i]!;
  const nonEvents = n - events;
  let eventsBelow = 0;
  let nonEventsBelow = 0;
  let devEvents = 0;
  let devNonEvents = 0;
  let i = 0;
  while (i < n) {
    let j = i;
    while (j + 1 < n && scores[idx[j + 1]!] === scores[idx[i]!]) j++;
    let e = 0;
    for (let k = i; k <= j; k++) e += y[idx[k]!]!;
    const ne = j - i + 1 - e;
    const eventPlacement = (nonEventsBelow + ne / 2) / nonEvents;
    const nonEventPlacement = (events - eventsBelow - e + e / 2) / events;
    devEvents += e * Math.abs(eventPlacement - auc);
    devNonEvents += ne * Math.abs(nonEventPlacement - auc);
    eventsBelow += e;
    nonEventsBelow += ne;
    i = j + 1;
  }
  return Math.max(
    devEvents / events / events,
    devNonEvents / nonEvents / nonEvents,
    1 / (events * nonEvents),
  );
}

/**
 * The Mann–Whitney AUC with noise of up to `rounding`/2 typical patients' parts ({@link aucPart}),
 * seeded by the ranks and the outcome, so an exact AUC (a count of pairs over events × non-events, which
 * pinned both behind their rounded values) never leaves; DeLong's variance to two significant digits.
 */
export function noisedAuc(
  ctx: LocalContext,
  ids: readonly string[],
  scores: ArrayLike<number>,
  y: ArrayLike<number>,
): { estimate: number; variance: number } {
  const exact = aucWithVariance(scores, y);
  const half = Math.max(1, ctx.disclosure.rounding) / 2;
  const part = aucPart(scores, y, exact.auc);
  const noise = bounded(half * part, dataSeededUniform(ctx, 'auc', ids, [ranks(scores), y]));
  return { estimate: Math.min(1, Math.max(0, exact.auc + noise)), variance: twoDigits(exact.variance) };
}

export interface CalibrationFit {
  intercept: number;
  slope: number;
  interceptSe: number;
  slopeSe: number;
}

/**
 * The calibration fit (logistic regression of the outcome on the linear predictor) on the station's own
 * rows, released noised: fitted on the predictor made canonical (minus its median, over its mean distance
 * from the median), so an affine change of the score gives the same fit, mapped back; each coefficient gets
 * noise of up to `rounding`/2 times a typical patient's influence on it (the mean of |H⁻¹ x_i (y_i − μ_i)|);
 * standard errors to two significant digits. Undefined when the fit does not exist (a constant score, or
 * one that separates events from non-events).
 */
export function noisedCalibrationFit(
  ctx: LocalContext,
  ids: readonly string[],
  lp: ArrayLike<number>,
  y: ArrayLike<number>,
): CalibrationFit | undefined {
  const n = lp.length;
  const sorted = Float64Array.from(lp).sort();
  const median = sorted[Math.floor(n / 2)]!;
  let scale = 0;
  for (let i = 0; i < n; i++) scale += Math.abs(lp[i]! - median);
  scale /= n;
  if (!(scale > 0) || !Number.isFinite(scale)) return undefined;
  const z = Float64Array.from(lp, (v) => quantise((v - median) / scale));
  let a = 0;
  let b = 1;
  let h00 = 0;
  let h01 = 0;
  let h11 = 0;
  let converged = false;
  for (let it = 0; it < 50; it++) {
    let g0 = 0;
    let g1 = 0;
    h00 = 0;
    h01 = 0;
    h11 = 0;
    for (let i = 0; i < n; i++) {
      const mu = 1 / (1 + Math.exp(-(a + b * z[i]!)));
      const r = y[i]! - mu;
      const w = mu * (1 - mu);
      g0 += r;
      g1 += r * z[i]!;
      h00 += w;
      h01 += w * z[i]!;
      h11 += w * z[i]! * z[i]!;
    }
    const det = h00 * h11 - h01 * h01;
    if (!(det > 0)) return undefined;
    const da = (h11 * g0 - h01 * g1) / det;
    const db = (h00 * g1 - h01 * g0) / det;
    a += da;
    b += db;
    if (!Number.isFinite(a) || !Number.isFinite(b) || Math.abs(b) > 50) return undefined;
    if (Math.max(Math.abs(da), Math.abs(db)) < 1e-10) {
      converged = true;
      break;
    }
  }
  if (!converged) return undefined;
  const det = h00 * h11 - h01 * h01;
  const v00 = h11 / det;
  const v01 = -h01 / det;
  const v11 = h00 / det;
  let partA = 0;
  let partB = 0;
  for (let i = 0; i < n; i++) {
    const r = y[i]! - 1 / (1 + Math.exp(-(a + b * z[i]!)));
    partA += Math.abs((v00 + v01 * z[i]!) * r) / n;
    partB += Math.abs((v01 + v11 * z[i]!) * r) / n;
  }
  const half = Math.max(1, ctx.disclosure.rounding) / 2;
  const uniform = dataSeededUniform(ctx, 'calibration-fit', ids, [z, y]);
  const az = a + bounded(half * partA, uniform);
  const bz = b + bounded(half * partB, uniform);
  // Back to the scale of the linear predictor: a + b·lp = az + bz·(lp − median) / scale.
  const k = median / scale;
  return {
    intercept: az - bz * k,
    slope: bz / scale,
    interceptSe: twoDigits(Math.sqrt(Math.max(0, v00 - 2 * k * v01 + k * k * v11))),
    slopeSe: twoDigits(Math.sqrt(v11) / scale),
  };
}
