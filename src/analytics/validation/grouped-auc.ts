import { Z975 } from '../glm/normal.ts';

/** Patients of one outcome class whose scores lie in [from, to). */
export interface ScoreGroup {
  from: number;
  to: number;
  count: number;
}

/** AUC with its DeLong standard error and the bound on the error due to binning. */
export interface AucEstimate {
  estimate: number;
  se: number;
  lower: number;
  upper: number;
  /** The exact (unbinned) AUC lies within estimate ± tieBound. */
  tieBound: number;
}

/** 1 when every score of `a` exceeds every score of `b`, 0 when never, 0.5 when the intervals overlap. */
function compare(a: ScoreGroup, b: ScoreGroup): number {
  if (a.from >= b.to) return 1;
  if (a.to <= b.from) return 0;
  return 0.5;
}

/**
 * AUC from binned scores of events and non-events (groups may come from different stations and overlap):
 * pairs in overlapping intervals count as ties (½), which bounds the error against the exact AUC by
 * `tieBound`. The standard error is DeLong's, computed on the binned placements (structural components
 * of each group), and the 95% CI is Wald, clamped to [0, 1].
 */
export function groupedAuc(events: readonly ScoreGroup[], nonEvents: readonly ScoreGroup[]): AucEstimate {
  const E = events.reduce((a, g) => a + g.count, 0);
  const N = nonEvents.reduce((a, g) => a + g.count, 0);
  if (E === 0 || N === 0)
    return { estimate: Number.NaN, se: Number.NaN, lower: Number.NaN, upper: Number.NaN, tieBound: 0 };
  const v10 = events.map(() => 0);
  const v01 = nonEvents.map(() => 0);
  let ties = 0;
  let total = 0;
  events.forEach((e, i) => {
    nonEvents.forEach((ne, j) => {
      const c = compare(e, ne);
      const pairs = e.count * ne.count;
      total += c * pairs;
      if (c === 0.5) ties += pairs;
      v10[i]! += c * ne.count;
      v01[j]! += c * e.count;
    });
  });
  const auc = total / (E * N);
  let s10 = 0;
  events.forEach((e, i) => {
    s10 += e.count * (v10[i]! / N - auc) ** 2;
  });
  let s01 = 0;
  nonEvents.forEach((ne, j) => {
    s01 += ne.count * (v01[j]! / E - auc) ** 2;
  });
  const se = Math.sqrt((E > 1 ? s10 / (E - 1) : 0) / E + (N > 1 ? s01 / (N - 1) : 0) / N);
  return {
    estimate: auc,
    se,
    lower: Math.max(0, auc - Z975 * se),
    upper: Math.min(1, auc + Z975 * se),
    tieBound: (0.5 * ties) / (E * N),
  };
}

/**
 * Merges adjacent grid bins until every released group holds at least `threshold` events and at least
 * `threshold` non-events (or none of one class), so the histogram passes the minimum cell count.
 * Returns groups per class with the merged interval edges (grid edges, never a patient's value).
 */
export function mergeScoreBins(
  edges: readonly number[],
  events: readonly number[],
  nonEvents: readonly number[],
  threshold: number,
): { events: ScoreGroup[]; nonEvents: ScoreGroup[] } {
  type G = { from: number; to: number; e: number; ne: number };
  const ok = (g: G) => (g.e === 0 || g.e >= threshold) && (g.ne === 0 || g.ne >= threshold);
  const merged: G[] = [];
  let cur: G | undefined;
  for (let k = 0; k < events.length; k++) {
    const from = k === 0 ? Number.NEGATIVE_INFINITY : edges[k - 1]!;
    const to = k === events.length - 1 ? Number.POSITIVE_INFINITY : edges[k]!;
    if (!cur) cur = { from, to, e: 0, ne: 0 };
    cur.to = to;
    cur.e += events[k]!;
    cur.ne += nonEvents[k]!;
    if (cur.e + cur.ne > 0 && ok(cur)) {
      merged.push(cur);
      cur = undefined;
    }
  }
  if (cur && cur.e + cur.ne > 0) {
    // A short tail is merged backwards until the merged group is safe (or everything is one group).
    let tail: G = cur;
    while (!ok(tail) && merged.length > 0) {
      const last = merged.pop()!;
      tail = { from: last.from, to: tail.to, e: last.e + tail.e, ne: last.ne + tail.ne };
    }
    merged.push(tail);
  } else if (cur && merged.length > 0) {
    merged[merged.length - 1]!.to = cur.to;
  }
  // JSON cannot carry infinities: the open ends become ±1e308.
  const fin = (v: number) =>
    v === Number.POSITIVE_INFINITY ? 1e308 : v === Number.NEGATIVE_INFINITY ? -1e308 : v;
  return {
    events: merged.filter((g) => g.e > 0).map((g) => ({ from: fin(g.from), to: fin(g.to), count: g.e })),
    nonEvents: merged.filter((g) => g.ne > 0).map((g) => ({ from: fin(g.from), to: fin(g.to), count: g.ne })),
  };
}

/** The exact AUC (Mann–Whitney, ties ½) of scores: for tests and pooled reference computations. */
export function exactAuc(scores: readonly number[], outcome: readonly number[]): number {
  const idx = scores.map((_, i) => i).sort((a, b) => scores[a]! - scores[b]!);
  let rankSumEvents = 0;
  let events = 0;
  let i = 0;
  while (i < idx.length) {
    let j = i;
    while (j + 1 < idx.length && scores[idx[j + 1]!] === scores[idx[i]!]) j++;
    const rank = (i + j) / 2 + 1;
    for (let k = i; k <= j; k++) {
      if (outcome[idx[k]!] === 1) {
        rankSumEvents += rank;
        events++;
      }
    }
    i = j + 1;
  }
  const nonEvents = idx.length - events;
  return (rankSumEvents - (events * (events + 1)) / 2) / (events * nonEvents);
}
