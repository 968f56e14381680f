import type { ReadinessView } from '../../api/network-schemas.ts';
import { MIN_ORGANISATIONS, readinessThemes, themeScores } from './readiness.ts';

/**
 * The network comparison is not recomputed live: it is a snapshot over a fixed set of assessments, and a
 * new snapshot is taken only when at least this many organisations' contributions changed (joined, or
 * submitted a newer assessment). Any two snapshots then differ by at least this many organisations, so
 * the difference of two comparisons mixes one organisation with at least two others.
 */
export const SNAPSHOT_STEP = 3;

/**
 * Laplace noise on every released figure, drawn once when the snapshot is taken (reading it again gives
 * the same figures, so repeated reads cannot average the noise away). Scale = 100 / (n · ε): one
 * organisation moves a mean of n scores in 0–100 by at most 100 / n.
 */
export const EPSILON_PER_FIGURE = 2;

/** The median is one organisation's own score at three; it is released from this many organisations on. */
export const MEDIAN_FROM = 2 * MIN_ORGANISATIONS;

/** One organisation's contribution to a snapshot: its latest assessment when the snapshot was taken. */
export interface SnapshotMember {
  organisationId: string;
  assessmentId: string;
}

/** How many organisations contribute differently (joined, left, or another assessment) to `a` and `b`. */
export function changedOrganisations(a: readonly SnapshotMember[], b: readonly SnapshotMember[]): number {
  const before = new Map(a.map((m) => [m.organisationId, m.assessmentId]));
  const after = new Map(b.map((m) => [m.organisationId, m.assessmentId]));
  let changed = 0;
  for (const [org, id] of after) if (before.get(org) !== id) changed++;
  for (const org of before.keys()) if (!after.has(org)) changed++;
  return changed;
}

/** Whether the latest assessments make a new snapshot: enough organisations, and enough of them changed. */
export function takesNewSnapshot(
  current: readonly SnapshotMember[] | undefined,
  latest: readonly SnapshotMember[],
): boolean {
  return latest.length >= MIN_ORGANISATIONS && changedOrganisations(current ?? [], latest) >= SNAPSHOT_STEP;
}

/** A draw from Laplace(0, scale) from a uniform source in [0, 1). */
export function laplace(scale: number, random: () => number): number {
  const u = random() - 0.5;
  return -scale * Math.sign(u) * Math.log(1 - 2 * Math.abs(u));
}

const clampScore = (x: number) => Math.min(100, Math.max(0, Math.round(x)));
const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};

/**
 * The figures a snapshot releases, over the snapshot's assessments: per theme the mean (from
 * MIN_ORGANISATIONS on) and the median (from MEDIAN_FROM on), each with Laplace noise and clamped to
 * 0–100; nothing below MIN_ORGANISATIONS. `random` is the noise source (crypto-strong at the hub).
 */
export function snapshotFigures(
  answers: readonly Record<string, number>[],
  random: () => number,
): Omit<ReadinessView['network'], 'takenAt' | 'pending'> {
  const n = answers.length;
  const perOrg = answers.map(themeScores);
  const scale = n > 0 ? 100 / (n * EPSILON_PER_FIGURE) : 0;
  return {
    organisations: n,
    minOrganisations: MIN_ORGANISATIONS,
    themes: readinessThemes.themes.map((t, i) => {
      const xs = perOrg.map((s) => s[i]!.score);
      const mean = xs.reduce((a, b) => a + b, 0) / Math.max(1, n);
      return {
        theme: t.id,
        median: n >= MEDIAN_FROM ? clampScore(median(xs) + laplace(scale, random)) : null,
        mean: n >= MIN_ORGANISATIONS ? clampScore(mean + laplace(scale, random)) : null,
      };
    }),
    noise: { epsilonPerFigure: EPSILON_PER_FIGURE, scale: Math.round(scale * 10) / 10 },
    snapshotStep: SNAPSHOT_STEP,
    medianFrom: MEDIAN_FROM,
  };
}
