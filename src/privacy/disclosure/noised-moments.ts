import { createHmac } from 'node:crypto';

/** Mean and SD of a column, as released. */
export interface Moments {
  mean: number;
  sd: number;
}

/**
 * Uniform numbers in (0, 1): HMAC-SHA256 in counter mode under `key` over `label`. The same key and
 * label give the same numbers, so the same column asked again gets the same noise.
 */
export function seededUniform(key: Uint8Array, label: string): () => number {
  return uniformStream(createHmac('sha256', key).update(label).digest());
}

/** Uniform numbers in (0, 1) from a seed: HMAC-SHA256 under the seed over a counter, 53 bits a number. */
export function uniformStream(seed: Uint8Array): () => number {
  let block = Buffer.alloc(0);
  let counter = 0;
  let at = 0;
  return () => {
    if (at + 8 > block.length) {
      block = createHmac('sha256', seed).update(String(counter++)).digest();
      at = 0;
    }
    // 53 random bits, shifted by half a step so 0 and 1 never occur.
    const hi = block.readUInt32BE(at) >>> 5;
    const lo = block.readUInt32BE(at + 4) >>> 6;
    at += 8;
    return (hi * 67108864 + lo + 0.5) / 9007199254740992;
  };
}

/**
 * The scale of one patient's part in a column's sum: the mean distance from the median, and at least the
 * smallest step between two values (1 for counts and indicators), so a sum of whole numbers is never
 * released to better than a few patients' steps. 1 for a constant column.
 */
export function patientScale(values: ArrayLike<number>): number {
  const sorted = Float64Array.from(values).sort();
  const n = sorted.length;
  if (n === 0) return 1;
  const median = n % 2 ? sorted[(n - 1) / 2]! : (sorted[n / 2 - 1]! + sorted[n / 2]!) / 2;
  let dev = 0;
  let gap = Number.POSITIVE_INFINITY;
  for (let i = 0; i < n; i++) {
    dev += Math.abs(sorted[i]! - median);
    const step = i > 0 ? sorted[i]! - sorted[i - 1]! : 0;
    if (step > 0 && step < gap) gap = step;
  }
  const scale = Math.max(dev / n, Number.isFinite(gap) ? gap : 0);
  return scale > 0 ? scale : 1;
}

/** Triangular noise in (−bound, bound): the sum of two uniforms, bounded so no answer is far off. */
function bounded(bound: number, uniform: () => number): number {
  return bound * (uniform() + uniform() - 1);
}

/**
 * Mean and SD of a column from noised sums: the sum gets bounded noise of up to `rounding`/2 patients'
 * parts ({@link patientScale}), the sum of squared deviations up to `rounding`/2 squared parts. Neither
 * the exact sum nor the exact number of patients follows from what is released: an indicator's mean is
 * no longer a fraction of n (which pinned the exact n behind a rounded one), and two means over nearly
 * the same patients differ by noise of a few patients' size on top of whatever differs.
 */
export function noisedMoments(values: ArrayLike<number>, rounding: number, uniform: () => number): Moments {
  const n = values.length;
  const unit = patientScale(values);
  const half = Math.max(1, rounding) / 2;
  let sum = 0;
  for (let i = 0; i < n; i++) sum += values[i]!;
  const exactMean = sum / n;
  let m2 = 0;
  for (let i = 0; i < n; i++) m2 += (values[i]! - exactMean) ** 2;
  const mean = (sum + bounded(half * unit, uniform)) / n;
  const noisyM2 = Math.max(0, m2 + bounded(half * unit * unit, uniform));
  return { mean, sd: n > 1 ? Math.sqrt(noisyM2 / (n - 1)) : 0 };
}
