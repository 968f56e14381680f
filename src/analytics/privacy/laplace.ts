import { randomBytes } from 'node:crypto';
import { AppError } from '../../common/app-error.ts';
import type { LocalContext } from '../algorithm.ts';

/** A uniform number in (0, 1) from the OS random source (Math.random is not fit for privacy noise). */
function uniformOpen(): number {
  const b = randomBytes(8);
  // 53 random bits, shifted by half a step so 0 and 1 never occur.
  const hi = b.readUInt32BE(0) >>> 5;
  const lo = b.readUInt32BE(4) >>> 6;
  return (hi * 67108864 + lo + 0.5) / 9007199254740992;
}

/** A draw from Laplace(0, scale) by inverse CDF. `uniform` is injectable for tests. */
export function laplaceNoise(scale: number, uniform: () => number = uniformOpen): number {
  const u = uniform() - 0.5;
  return -scale * Math.sign(u) * Math.log(1 - 2 * Math.abs(u));
}

/** Differential-privacy options of an analysis input. */
export interface DpOptions {
  /** Total epsilon this task spends (split over the released values by the algorithm). */
  epsilon: number;
}

/**
 * Charges `epsilon` to the permit at this station, or refuses: a station without a ledger does not offer
 * DP, and a spend beyond the permit's budget is refused (reason budget-exhausted). The charge is named
 * by the question's noise ({@link LocalContext.noiseId}): the same question on the same data gets the
 * same noise, reveals nothing new, and is not charged twice.
 */
export async function chargeEpsilon(ctx: LocalContext, epsilon: number, label: string): Promise<void> {
  if (!ctx.privacy) {
    throw new AppError('forbidden', 'this station does not offer differential privacy', 'input.dp', {
      reason: 'invalid-input',
    });
  }
  await ctx.privacy.ledger.spend(
    ctx.permitId,
    epsilon,
    ctx.privacy.epsilonPerPermit,
    `${label}:${ctx.noiseId}`,
  );
}

/**
 * Adds Laplace noise to counts (sensitivity 1 each) for an epsilon share; results are rounded to
 * integers and clamped at 0 (post-processing does not weaken the guarantee).
 */
export function noisyCounts(counts: readonly number[], epsilon: number, uniform?: () => number): number[] {
  return counts.map((c) => Math.max(0, Math.round(c + laplaceNoise(1 / epsilon, uniform))));
}

/** Adds Laplace noise to a sum whose terms are clipped to [lower, upper] (sensitivity = max |bound|). */
export function noisySum(
  sum: number,
  lower: number,
  upper: number,
  epsilon: number,
  uniform?: () => number,
): number {
  const sensitivity = Math.max(Math.abs(lower), Math.abs(upper));
  return sum + laplaceNoise(sensitivity / epsilon, uniform);
}
