import { AppError } from '../common/app-error.ts';
import type { RefusalReason } from '../common/refusal-reasons.ts';
import type { DisclosurePolicy } from '../privacy/disclosure/disclosure-policy.ts';

/**
 * Disclosure control applied by a local half before anything leaves the station. Every refusal is an
 * AppError `forbidden` with `details.reason = 'disclosure-risk'`, which the station reports back as a
 * refused task. Messages name the rule and where, never a value or a small count.
 */
export const DISCLOSURE_RISK = 'disclosure-risk' satisfies RefusalReason;

/** DataSHIELD's default maximum ratio of model parameters to observations. */
export const DEFAULT_MAX_PARAMS_PER_N = 0.33;

/** A refusal for disclosure risk. */
export function disclosureRisk(message: string, where?: string): AppError {
  return new AppError('forbidden', message, where, { reason: DISCLOSURE_RISK });
}

/** True when an error is a disclosure refusal. */
export function isDisclosureRefusal(e: unknown): e is AppError {
  return e instanceof AppError && e.code === 'forbidden' && e.details?.reason === DISCLOSURE_RISK;
}

/** Rounds a count to the nearest multiple of `base` (0 and 1 mean no rounding). */
export function roundCount(n: number, base: number): number {
  if (base <= 1) return n;
  return Math.round(n / base) * base;
}

/**
 * Midpoint-6 rounding as NHS England publishes rates: 0 stays 0, 1–7 → 4, 8–13 → 10, 14–19 → 16, …
 * (the midpoint of bands of six). Applied to numerator and denominator before a rate is formed.
 */
export function midpoint6(n: number): number {
  if (n <= 0) return 0;
  return 6 * Math.max(1, Math.ceil((n - 1) / 6)) - 2;
}

/**
 * Checks every cell of a table or histogram: each non-zero cell must reach the threshold. Zero cells
 * are released (an empty cell tells nothing about a person) unless the policy says otherwise.
 */
export function checkCells(cells: readonly number[], policy: DisclosurePolicy, where: string): void {
  for (let i = 0; i < cells.length; i++) {
    const c = cells[i] ?? 0;
    if (c > 0 && c < policy.threshold) {
      throw disclosureRisk(`cell ${i} is below the station's minimum cell count`, where);
    }
  }
}

/** Refuses when a group is too small to release any statistic on it. */
export function checkGroupSize(n: number, policy: DisclosurePolicy, where: string): void {
  if (n < policy.threshold) throw disclosureRisk('group is below the station minimum count', where);
}

/**
 * Refuses a regression (or model evaluation) on too few patients or with too many parameters per
 * patient (a saturated model reproduces individuals' values).
 */
export function checkRegression(
  n: number,
  parameters: number,
  policy: DisclosurePolicy,
  where: string,
): void {
  const minN = policy.minRegressionN ?? policy.threshold;
  if (n < minN) throw disclosureRisk('too few patients for a regression at this station', where);
  const ratio = policy.maxParamsPerN ?? DEFAULT_MAX_PARAMS_PER_N;
  if (parameters > ratio * n) {
    throw disclosureRisk(`too many parameters for the number of patients (maximum ratio ${ratio})`, where);
  }
}

/** Rounds every count of a table by the station's rounding base (after the threshold check). */
export function roundCells(cells: readonly number[], policy: DisclosurePolicy): number[] {
  return cells.map((c) => roundCount(c, policy.rounding));
}

/**
 * The dominance rule for a sum of patient values: true when fewer than `minContributors` patients (but
 * some) contribute to it, or when one patient's contribution makes up more than `maxShare` of the sum of
 * absolute contributions. Then the sum — and a mean or SD built on it — says too much about a few
 * patients and is withheld.
 */
export function dominated(contributions: ArrayLike<number>, maxShare: number, minContributors = 1): boolean {
  let total = 0;
  let largest = 0;
  let contributors = 0;
  for (let i = 0; i < contributions.length; i++) {
    const a = Math.abs(contributions[i]!);
    if (a === 0) continue;
    contributors++;
    total += a;
    if (a > largest) largest = a;
  }
  if (contributors === 0) return false;
  return contributors < minContributors || largest > maxShare * total;
}

/**
 * The dominance rule for a variable whose origin and scale the requester chooses (an observation's
 * `impute` and `centre`, an age's `centre`): measured on each patient's distance from the median, so
 * shifting the variable does not change the verdict. Without this, a variable that differs from a
 * constant for only a few patients, shifted so that the constant is far from zero, made every patient
 * "contribute" alike, and its exact mean carried the few patients' count and values. True when fewer
 * than `minContributors` patients differ from the median, or one patient makes up more than `maxShare`
 * of the summed distances or of the summed squared distances (the SD).
 */
export function dominatedAtAnyOrigin(
  values: ArrayLike<number>,
  maxShare: number,
  minContributors: number,
): boolean {
  if (values.length === 0) return false;
  const sorted = Float64Array.from(values).sort();
  // An element of the data (not an average of two), so a value most patients share is matched exactly.
  const median = sorted[Math.floor(sorted.length / 2)]!;
  const distances = new Float64Array(values.length);
  const squares = new Float64Array(values.length);
  for (let i = 0; i < values.length; i++) {
    distances[i] = Math.abs(values[i]! - median);
    squares[i] = distances[i]! ** 2;
  }
  return dominated(distances, maxShare, minContributors) || dominated(squares, maxShare, minContributors);
}

/**
 * The rows whose value differs from the most frequent one, when at least `threshold` rows share that
 * value; otherwise (a spread variable) undefined.
 */
export function differingFromMode(values: ArrayLike<number>, threshold: number): number[] | undefined {
  const freq = new Map<number, number>();
  let mode = 0;
  let most = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    const c = (freq.get(v) ?? 0) + 1;
    freq.set(v, c);
    if (c > most) {
      most = c;
      mode = v;
    }
  }
  if (most < threshold) return undefined;
  const rows: number[] = [];
  for (let i = 0; i < values.length; i++) if (values[i] !== mode) rows.push(i);
  return rows;
}
