import { z } from 'zod';
import { DisclosedCountSchema, SuppressionReasonSchema } from '../analytics/disclosed-schemas.ts';

/** Age bands of the regional picture (whole years at 1 July of the year). */
export const AGE_BANDS = [
  { label: '0-17', from: 0, to: 17 },
  { label: '18-64', from: 18, to: 64 },
  { label: '65-74', from: 65, to: 74 },
  { label: '75+', from: 75, to: 200 },
] as const;

/** The measures per cell: persons (living in the area at some time in the year) and their use of care. */
export const RegionalMeasures = ['ed-visits', 'unplanned-admissions', 'gp-contacts'] as const;

export const RegionalPictureInputSchema = z
  .object({
    /** Province (`region`), municipality, or four-digit postcode area (`pc4`). */
    level: z.enum(['region', 'municipality', 'pc4']).default('region'),
    years: z.array(z.number().int().min(1990).max(2100)).min(1).max(20),
    /** Only these provinces (default: all the station holds). */
    regions: z.array(z.string().min(1)).min(1).optional(),
    /**
     * At the `pc4` level: a postcode area with fewer persons in a year than this (at a station) is not
     * shown on its own but pooled with the other small areas of its municipality (`<municipality> (other
     * PC4)`). At least the station's threshold × 5 whatever is asked.
     */
    minAreaPersons: z.number().int().positive().max(100_000).default(100),
  })
  .strict();
export type RegionalPictureInput = z.input<typeof RegionalPictureInputSchema>;

const EventCountSchema = z.strictObject({
  value: z.number().int().nonnegative().nullable(),
  withheld: SuppressionReasonSchema.optional(),
});

export const RegionalCellSchema = z.strictObject({
  area: z.string(),
  year: z.number().int(),
  ageBand: z.string(),
  sex: z.string(),
  persons: DisclosedCountSchema,
  events: z.strictObject({
    'ed-visits': EventCountSchema,
    'unplanned-admissions': EventCountSchema,
    'gp-contacts': EventCountSchema,
  }),
  /** Sum of claims (euro); null when withheld (dominance, or the persons withheld). */
  cost: z.number().nonnegative().nullable(),
});
export type RegionalCell = z.infer<typeof RegionalCellSchema>;

export const RegionalPicturePartialSchema = z.strictObject({ cells: z.array(RegionalCellSchema) });
export type RegionalPicturePartial = z.infer<typeof RegionalPicturePartialSchema>;
