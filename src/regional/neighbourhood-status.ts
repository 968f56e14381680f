import { readFileSync } from 'node:fs';
import { z } from 'zod';

/**
 * The neighbourhood status score per PC4 as the station ships it (`pc4-status-score.json`): the score of
 * each four-digit postcode area and the bounds of the deprivation quintiles. The shipped table is the
 * synthetic one of the generator (`src/synth/neighbourhood-status.ts`; it states so in `source`); a
 * station on real data ships the published SCP/CBS statusscore per PC4 in the same shape instead.
 */
export const StatusScoreTableSchema = z.strictObject({
  source: z.string().min(1),
  quintileDefinition: z.string().min(1),
  quintileBounds: z.tuple([z.number(), z.number(), z.number(), z.number()]),
  scores: z.record(z.string().regex(/^\d{4}$/), z.number()),
});
export type StatusScoreTable = z.infer<typeof StatusScoreTableSchema>;

/** Deprivation groups: quintiles 1 (most deprived) … 5 (least deprived), and patients without a known PC4 score. */
export const DEPRIVATION_GROUPS = ['Q1', 'Q2', 'Q3', 'Q4', 'Q5', 'unknown'] as const;
export type DeprivationGroup = (typeof DEPRIVATION_GROUPS)[number];

let shipped: StatusScoreTable | undefined;

/** The shipped table, read once. */
export function loadStatusScores(): StatusScoreTable {
  shipped ??= StatusScoreTableSchema.parse(
    JSON.parse(readFileSync(new URL('./pc4-status-score.json', import.meta.url), 'utf8')),
  );
  return shipped;
}

/** The deprivation group of a patient's PC4 (`unknown` when the PC4 is missing or not in the table). */
export function deprivationGroup(
  pc4: unknown,
  table: StatusScoreTable = loadStatusScores(),
): DeprivationGroup {
  if (typeof pc4 !== 'string' || !/^\d{4}$/.test(pc4)) return 'unknown';
  const score = table.scores[pc4];
  if (score === undefined) return 'unknown';
  let q = 1;
  for (const b of table.quintileBounds) if (score >= b) q++;
  return `Q${q}` as DeprivationGroup;
}
