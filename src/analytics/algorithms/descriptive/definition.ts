import { z } from 'zod';
import type { AlgorithmDefinition } from '../../algorithm.ts';
import { SuppressionReasonSchema } from '../../disclosed-schemas.ts';
import { FeatureSchema, OutcomeSchema, PopulationSpecSchema } from '../../features/feature-spec.ts';

const groupKey = z.string().min(1);

export const DescriptiveInputSchema = z
  .object({
    population: PopulationSpecSchema,
    /** Variables computed per patient (the feature language of models); `outcome` is available as `y`. */
    variables: z.array(FeatureSchema).max(100),
    outcome: OutcomeSchema.optional(),
    /**
     * Count, mean, SD, histogram and quantiles of a variable. `bins` are ascending edges; values below the
     * first or from the last edge on fall in open end bins. Quantiles come from the binned counts only.
     */
    summaries: z
      .array(z.object({ variable: z.string(), bins: z.array(z.number()).min(2).max(200) }))
      .default([]),
    /** Cross-tables of two group keys: sex, region, ageBand, `y`, or a variable (its value as a category). */
    tables: z.array(z.object({ rows: groupKey, columns: groupKey })).default([]),
    /** Outcome rates by a group key, with midpoint-6 rounding of numerator and denominator. */
    rates: z.array(z.object({ by: groupKey })).default([]),
    quantiles: z.array(z.number().gt(0).lt(1)).default([0.25, 0.5, 0.75]),
    /** Differential privacy: Laplace noise on every released count and sum, charged to the permit. */
    dp: z.object({ epsilon: z.number().positive() }).optional(),
  })
  .superRefine((input, ctx) => {
    // Under DP a rate's numerator is noised for one patient's part; a count outcome puts no bound on it.
    if (input.dp && input.outcome?.count === true && input.rates.length > 0)
      ctx.addIssue({
        code: 'custom',
        path: ['rates'],
        message: 'rates under differential privacy need a 0/1 outcome (outcome.count is set)',
      });
  });
export type DescriptiveInput = z.input<typeof DescriptiveInputSchema>;

export const SummaryPartialSchema = z.object({
  variable: z.string(),
  /** Patients behind the mean and SD: rounded (noised under DP), never exact. */
  n: z.number(),
  /** Mean and SD on the station's patients; null when withheld. */
  mean: z.number().nullable(),
  sd: z.number().nullable(),
  /** Why the mean and SD were withheld (`dominance`: one patient makes up most of the sum). */
  withheld: SuppressionReasonSchema.optional(),
  /**
   * Counts per bin: [below first edge, between edges…, from last edge]; null when withheld (below the
   * threshold, empty, secondary suppression, or the same patients as another question's set).
   */
  counts: z.array(z.number().nullable()),
});
export const TablePartialSchema = z.object({
  rows: z.string(),
  columns: z.string(),
  /**
   * Every cell of the two keys' domains (both sexes, every province and age band, both levels of a 0/1
   * variable; other keys the values the threshold's patients hold); null when withheld (empty or
   * small, secondary suppression, the ledger), with the reason.
   */
  cells: z.array(
    z.object({
      row: z.string(),
      column: z.string(),
      count: z.number().nullable(),
      withheld: SuppressionReasonSchema.optional(),
    }),
  ),
});
export const RatePartialSchema = z.object({
  by: z.string(),
  groups: z.array(
    z.object({
      group: z.string(),
      /**
       * Events (a count outcome: their sum), midpoint-6 rounded; null when withheld: fewer than the
       * threshold's patients with an event or without one (none included), or a count one patient makes
       * up more than `maxShare` of, or whose column may not leave.
       */
      numerator: z.number().nullable(),
      /** The group's patients, midpoint-6 rounded; null when the group is withheld (as a table's cell). */
      denominator: z.number().nullable(),
      withheld: SuppressionReasonSchema.optional(),
    }),
  ),
});

export const DescriptivePartialSchema = z.object({
  /** Patients in the population: rounded (noised under DP), never exact. */
  n: z.number(),
  summaries: z.array(SummaryPartialSchema),
  tables: z.array(TablePartialSchema),
  rates: z.array(RatePartialSchema),
  dp: z.boolean(),
});
export type DescriptivePartial = z.infer<typeof DescriptivePartialSchema>;

export interface SummaryResult {
  variable: string;
  /** Sum of the stations' rounded counts. */
  n: number;
  /**
   * Pooled over the stations that released one, weighted by their rounded counts (so within
   * rounding/2 patients per station of the exact weights); null when every station withheld it.
   */
  mean: number | null;
  sd: number | null;
  /** Stations that withheld the mean and SD (dominance). */
  withheldAt: string[];
  bins: number[];
  /** Per bin, the sum of the stations' released counts; null when every station withheld it. */
  counts: (number | null)[];
  /** From the released counts only (a withheld bin counts as empty); null when no bin was released. */
  quantiles: { q: number; value: number | null }[];
}
export interface DescriptiveBlock {
  n: number;
  summaries: SummaryResult[];
  tables: z.infer<typeof TablePartialSchema>[];
  /**
   * Pooled over the stations that released the group's numerator (numerator and denominator alike); null
   * when none did.
   */
  rates: {
    by: string;
    groups: { group: string; numerator: number | null; denominator: number | null; rate: number | null }[];
  }[];
}
export interface DescriptiveResult {
  pooled: DescriptiveBlock;
  perStation: Record<string, DescriptiveBlock>;
  dp: boolean;
}

/** Counts, means, SDs, histograms on fixed bins, binned quantiles, cross-tables and rates. */
export const definition: AlgorithmDefinition<DescriptiveInput, DescriptivePartial, DescriptiveResult> = {
  name: 'descriptive',
  version: '1.2.0',
  description:
    'Count, mean, SD, histograms on fixed bins, quantiles from binned data, cross-tables and outcome rates, ' +
    'per station and pooled; optional differential privacy.',
  inputSchema: DescriptiveInputSchema as unknown as z.ZodType<DescriptiveInput>,
  outputSchema: DescriptivePartialSchema,
  disclosure: ['counts', 'moments', 'quantiles', 'rates', 'dp'],
  maxRounds: 1,
};
