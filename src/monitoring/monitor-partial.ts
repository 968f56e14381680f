import { z } from 'zod';
import { DisclosedCountSchema, SuppressionReasonSchema } from '../analytics/disclosed-schemas.ts';
import { IndicatorKeys } from './indicators.ts';
import { MonitorDefinitionSchema } from './monitor-definition.ts';

/** What a monitor run asks of each station: the definition and the last month to report. */
export const MonitorRunInputSchema = z
  .object({
    monitor: MonitorDefinitionSchema,
    /** Last follow-up month to report, `YYYY-MM` (default: the end of the follow-up). */
    throughMonth: z
      .string()
      .regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'must be a month YYYY-MM')
      .optional(),
  })
  .strict();
export type MonitorRunInput = z.input<typeof MonitorRunInputSchema>;
export type MonitorRunParsed = z.output<typeof MonitorRunInputSchema>;

/** One indicator of one arm over one period: released totals, or withheld with the reason. */
export const IndicatorTotalsSchema = z.strictObject({
  /** Events (rounded by the station's rounding). */
  events: z.number().nonnegative().nullable(),
  /** Sum of the event values (= events for a count; euro for cost; days for length of stay). */
  sum: z.number().nullable(),
  /** Sum over patients of the square of each patient's own sum in the period (for robust variances). */
  sumSq: z.number().nonnegative().nullable(),
  withheld: SuppressionReasonSchema.optional(),
});
export type IndicatorTotals = z.infer<typeof IndicatorTotalsSchema>;

const indicatorRecord = z.partialRecord(z.enum(IndicatorKeys), IndicatorTotalsSchema);

/** One arm over one period: persons at risk at its start, person-months, and the indicators. */
export const ArmPeriodSchema = z.strictObject({
  personsAtRisk: z.number().int().nonnegative().nullable(),
  personMonths: z.number().nonnegative().nullable(),
  indicators: indicatorRecord,
  withheld: SuppressionReasonSchema.optional(),
});
export type ArmPeriod = z.infer<typeof ArmPeriodSchema>;

const meanSchema = z.number().nullable();
export const BalanceRowSchema = z.strictObject({
  covariate: z.string(),
  before: z.strictObject({ exposed: meanSchema, control: meanSchema, smd: z.number().nullable() }).nullable(),
  after: z.strictObject({ exposed: meanSchema, control: meanSchema, smd: z.number().nullable() }),
});
export type BalanceRow = z.infer<typeof BalanceRowSchema>;

/** What one station returns for a monitor run: aggregates only, every number through the release ledger. */
export const MonitorPartialSchema = z.strictObject({
  groups: z.strictObject({
    exposed: DisclosedCountSchema,
    pool: DisclosedCountSchema,
    matchedExposed: DisclosedCountSchema,
    matchedControls: DisclosedCountSchema,
  }),
  ratio: z.number().int().positive(),
  /** The caliper used (SDs of the logit): the definition's, or half of it when that balanced better. */
  caliperSd: z.number().positive(),
  /** How the station matched, in plain words (the design that balanced the covariates). */
  matching: z.string().optional(),
  balance: z.array(BalanceRowSchema),
  /** Counts of matched patients per bin of the logit of the propensity score. */
  scoreHistogram: z.strictObject({
    edges: z.array(z.number()),
    exposed: z.array(DisclosedCountSchema),
    control: z.array(DisclosedCountSchema),
  }),
  baseline: z.strictObject({
    months: z.number().int().positive(),
    exposed: ArmPeriodSchema,
    control: ArmPeriodSchema,
  }),
  /** Follow-up months, each cumulative from the start through that month. */
  months: z.array(z.strictObject({ month: z.string(), exposed: ArmPeriodSchema, control: ArmPeriodSchema })),
});
export type MonitorPartial = z.infer<typeof MonitorPartialSchema>;
