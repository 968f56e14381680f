/** An AUC computed on a station's own scores, with DeLong's variance. */
export interface AucWithVariance {
  /** Mann–Whitney AUC: P(score of an event > score of a non-event), ties counted ½. */
  auc: number;
  /** DeLong's variance of the AUC (structural components of events and non-events). */
  variance: number;
}

/**
 * The exact AUC of scores against a 0/1 outcome, and its DeLong variance, in O(n log n): one sort, then
 * one sweep over groups of equal scores. Used at a station on its own rows, so no score leaves it.
 */
export function aucWithVariance(scores: ArrayLike<number>, outcome: ArrayLike<number>): AucWithVariance {
  const n = scores.length;
  const idx = Array.from({ length: n }, (_, i) => i).sort((a, b) => scores[a]! - scores[b]!);
  let E = 0;
  for (let i = 0; i < n; i++) if (outcome[i] === 1) E++;
  const N = n - E;
  if (E === 0 || N === 0) return { auc: Number.NaN, variance: Number.NaN };
  // Placements: for an event, the share of non-events below it; for a non-event, of events above it.
  const v10: number[] = [];
  const v01: number[] = [];
  let eventsBelow = 0;
  let nonEventsBelow = 0;
  let i = 0;
  while (i < n) {
    let j = i;
    while (j + 1 < n && scores[idx[j + 1]!] === scores[idx[i]!]) j++;
    let e = 0;
    for (let k = i; k <= j; k++) if (outcome[idx[k]!] === 1) e++;
    const ne = j - i + 1 - e;
    for (let k = 0; k < e; k++) v10.push((nonEventsBelow + 0.5 * ne) / N);
    const eventsAbove = E - eventsBelow - e;
    for (let k = 0; k < ne; k++) v01.push((eventsAbove + 0.5 * e) / E);
    eventsBelow += e;
    nonEventsBelow += ne;
    i = j + 1;
  }
  const auc = v10.reduce((a, v) => a + v, 0) / E;
  const s10 = E > 1 ? v10.reduce((a, v) => a + (v - auc) ** 2, 0) / (E - 1) : 0;
  const s01 = N > 1 ? v01.reduce((a, v) => a + (v - auc) ** 2, 0) / (N - 1) : 0;
  return { auc, variance: s10 / E + s01 / N };
}
