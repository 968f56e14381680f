import { PROVINCES } from './dutch-regions.ts';
import { Prng } from './prng.ts';

/**
 * A neighbourhood status score per four-digit postcode area (PC4), modelled on the idea of the SCP/CBS
 * *statusscore* (a neighbourhood's wealth, education and recent labour participation combined into one
 * number; 0 is the national average, higher is a higher status, lower is more deprived). The scores here
 * are SYNTHETIC: a deterministic function of the PC4 and its municipality, not the published figures.
 * They do not depend on the generator's seed (a neighbourhood has one status in every generated dataset).
 *
 * score = round(0.15 · M + 0.25 · Z, 3), clipped to [−1, 0.8], where M is a standard normal drawn from
 * the municipality's name (the part neighbourhoods of one municipality share) and Z one drawn from the
 * PC4 number; the spread is roughly that of the published statusscore (most PC4 between −0.6 and +0.6).
 */
export const STATUS_SCORE_DEFINITION =
  'synthetic neighbourhood status score per PC4, modelled on the SCP/CBS statusscore (0 = national average, higher = higher status, lower = more deprived): round(0.15 * M + 0.25 * Z, 3) clipped to [-1, 0.8], M a standard normal seeded by the municipality name, Z one seeded by the PC4 number; not the published figures';

/** Deprivation quintile 1 = the fifth of PC4 areas with the lowest status (most deprived) … 5 = the highest. */
export const DEPRIVATION_QUINTILE_DEFINITION =
  'quintiles of the status score over the PC4 areas of the built-in map (unweighted): quintile 1 = the 20% of areas with the lowest score (most deprived), quintile 5 = the 20% with the highest (least deprived); a score equal to a bound belongs to the higher quintile';

/**
 * The planted digital-care gradient: a patient living in a PC4 of deprivation quintile q keeps the
 * virtual contacts (video, e-consult, telemonitoring) the generator drew with probability
 * `DIGITAL_RETENTION[q − 1]`; otherwise (digitally excluded) the patient has no virtual contact at all.
 * The draw comes from a stream of its own, so nothing else of the patient changes. Because the rest of
 * the simulation does not depend on the PC4, the expected share of patients with a virtual contact in
 * quintile q is `DIGITAL_RETENTION[q − 1]` times the same base share: the ratio of shares, most vs least
 * deprived quintile, is 0.6.
 */
export const DIGITAL_RETENTION = [0.6, 0.7, 0.8, 0.9, 1] as const;
export const DIGITAL_SHARE_RATIO_Q1_Q5 = DIGITAL_RETENTION[0] / DIGITAL_RETENTION[4];

const hashString = (s: string): number => {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193) >>> 0;
  return h;
};

/** A standard normal fixed by a key: the same key always gives the same number. */
const normalOf = (seed: number, stream: number) => new Prng(seed, stream).normal();

/** The synthetic status score of one PC4 in its municipality. */
export function statusScore(pc4: number, municipality: string): number {
  const m = normalOf(hashString(municipality), 0x5747_5553);
  const z = normalOf(pc4, 0x5043_3453);
  const s = Math.min(0.8, Math.max(-1, 0.15 * m + 0.25 * z));
  return Math.round(s * 1000) / 1000 + 0; // + 0: no -0 in the shipped table
}

export interface StatusScoreTable {
  source: string;
  quintileDefinition: string;
  /** The four upper bounds of quintiles 1–4 (a score ≥ bound[q − 1] is in quintile q + 1 or higher). */
  quintileBounds: [number, number, number, number];
  /** PC4 → score. */
  scores: Record<string, number>;
}

/** The score of every PC4 of the built-in map, with the quintile bounds: the table a station ships. */
export function statusScoreTable(): StatusScoreTable {
  const scores: Record<string, number> = {};
  for (const p of PROVINCES)
    for (const m of p.municipalities)
      for (let pc4 = m.pc4[0]; pc4 <= m.pc4[1]; pc4++) scores[String(pc4)] = statusScore(pc4, m.name);
  const sorted = Object.values(scores).sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.floor(q * sorted.length)]!;
  return {
    source: STATUS_SCORE_DEFINITION,
    quintileDefinition: DEPRIVATION_QUINTILE_DEFINITION,
    quintileBounds: [at(0.2), at(0.4), at(0.6), at(0.8)],
    scores,
  };
}

let table: StatusScoreTable | undefined;

/** Deprivation quintile (1 most deprived … 5 least) of a score, by the table's bounds. */
export function quintileOf(score: number, bounds: readonly number[]): 1 | 2 | 3 | 4 | 5 {
  let q = 1;
  for (const b of bounds) if (score >= b) q++;
  return q as 1 | 2 | 3 | 4 | 5;
}

/** The planted digital-care facts of one patient (see {@link DIGITAL_RETENTION}). */
export interface DigitalFacts {
  readonly quintile: 1 | 2 | 3 | 4 | 5;
  /** True when the patient lost the virtual contacts drawn (digitally excluded). */
  readonly excluded: boolean;
  /** Whether the patient had at least one virtual contact drawn, before and after the exclusion. */
  readonly virtualDrawn: boolean;
  readonly virtualKept: boolean;
}

/**
 * Applies the digital-care gradient to one patient's encounters: draws from the patient's own
 * deprivation stream (seed, stream 2^31 + index; the patient streams are index + 1 < 2^31), so the other
 * draws of the patient, and so every other record, stay as they were.
 */
export function plantDigitalGradient<E extends { setting: string }>(
  seed: number,
  index: number,
  pc4: number,
  municipality: string,
  encounters: E[],
): { encounters: E[]; facts: DigitalFacts } {
  table ??= statusScoreTable();
  const quintile = quintileOf(statusScore(pc4, municipality), table.quintileBounds);
  const rng = new Prng(seed, 0x8000_0000 + index);
  const excluded = !rng.chance(DIGITAL_RETENTION[quintile - 1]!);
  const virtualDrawn = encounters.some((e) => e.setting === 'virtual');
  const kept = excluded ? encounters.filter((e) => e.setting !== 'virtual') : encounters;
  return {
    encounters: kept,
    facts: { quintile, excluded, virtualDrawn, virtualKept: virtualDrawn && !excluded },
  };
}
