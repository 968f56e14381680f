import { z } from 'zod';
import { DisclosedCountSchema, SuppressionReasonSchema } from '../../disclosed-schemas.ts';

export { DisclosedCountSchema, SuppressionReasonSchema };

/**
 * What one station releases for a cohort, as a schema: the station checks a local half's output
 * against it, the hub parses partials with it. Every count is disclosed (rounded, or null and
 * suppressed); no exact count, no identifier.
 */
/**
 * One attrition step: the patients left after it, rounded — the true count, never another step's. A
 * step whose removal is a small group is withheld (`differencing`): its count and the next one's would
 * give that group.
 */
export const AttritionStepSchema = z.strictObject({
  label: z.string(),
  count: DisclosedCountSchema,
});

export const CohortCharacterisationSchema = z.strictObject({
  /** `ageBand`: `0-9`, `10-19`, …, `90+`, or `unknown`. */
  ageSex: z.array(z.strictObject({ ageBand: z.string(), sex: z.string(), count: DisclosedCountSchema })),
  regions: z.array(z.strictObject({ region: z.string(), count: DisclosedCountSchema })),
  /** Conditions with onset up to entry, most frequent first (by released count, then code). */
  conditions: z.array(z.strictObject({ code: z.string(), count: DisclosedCountSchema })),
  /** Observations within 365 days around entry: patients with the code and unit, and the mean value. */
  observations: z.array(
    z.strictObject({
      code: z.string(),
      unit: z.string().nullable(),
      count: DisclosedCountSchema,
      mean: z.number().nullable(),
      /** Why the mean was withheld when the count was released (e.g. `dominance`). */
      meanWithheld: SuppressionReasonSchema.optional(),
    }),
  ),
  /** Sums of the released cells (never a total that gives a withheld cell). */
  totals: z.strictObject({ ageSex: z.number(), regions: z.number() }),
});

export const CohortResultSchema = z.strictObject({
  cohort: z.string(),
  policy: z.strictObject({ threshold: z.number().int().positive(), rounding: z.number().int().positive() }),
  count: DisclosedCountSchema,
  attrition: z.array(AttritionStepSchema),
  characterisation: CohortCharacterisationSchema.optional(),
});

export type AttritionStep = z.infer<typeof AttritionStepSchema>;
export type CohortCharacterisation = z.infer<typeof CohortCharacterisationSchema>;
export type AgeSexCell = CohortCharacterisation['ageSex'][number];
export type CohortResult = z.infer<typeof CohortResultSchema>;

const bandOrder = (band: string) => (band === 'unknown' ? 1000 : Number.parseInt(band, 10));

/** Age bands in age order (`unknown` last), then sex. */
export function byBandAndSex(
  a: { ageBand: string; sex: string },
  b: { ageBand: string; sex: string },
): number {
  return bandOrder(a.ageBand) - bandOrder(b.ageBand) || a.sex.localeCompare(b.sex);
}
