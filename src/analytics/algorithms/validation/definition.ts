import { z } from 'zod';
import type { AlgorithmDefinition } from '../../algorithm.ts';
import { SuppressionReasonSchema } from '../../disclosed-schemas.ts';
import { ModelSpecSchema } from '../../features/feature-spec.ts';

const pair = z.tuple([z.number(), z.number()]);

export const ValidationInputSchema = z.object({
  spec: ModelSpecSchema,
  /** The model under validation: intercept first, then one coefficient per feature of `spec`. */
  coefficients: z.array(z.number()).min(1),
  /** Equal-width bins of predicted risk for the calibration plot (the same edges at every station). */
  calibrationBins: z.number().int().min(2).max(50).default(10),
  subgroups: z.array(z.enum(['sex', 'ageBand', 'region'])).default(['sex', 'ageBand', 'region']),
  /** A subgroup gap above its limit is flagged (absolute difference between best and worst group). */
  limits: z
    .object({ auc: z.number().positive(), citl: z.number().positive(), brier: z.number().positive() })
    .default({ auc: 0.05, citl: 0.05, brier: 0.05 }),
  tolerance: z.number().positive().default(1e-8),
  /** Calibration fit state per segment ('all', 'sex=female', …), set by the central half. */
  slopes: z.record(z.string(), pair).optional(),
  /** Calibration fit state of each station's own data, set by the central half. */
  stationSlopes: z.record(z.string(), pair).optional(),
});
export type ValidationInput = z.input<typeof ValidationInputSchema>;
export type ValidationInputParsed = z.output<typeof ValidationInputSchema>;

const step2 = z.object({ gradient: z.array(z.number()).length(2), hessian: z.array(z.number()).length(4) });

/** One calibration bin on the common edges: rounded count, observed and expected risk; or withheld. */
export const CalibrationBinSchema = z.object({
  from: z.number(),
  to: z.number(),
  n: z.number().nullable(),
  observed: z.number().nullable(),
  expected: z.number().nullable(),
  withheld: SuppressionReasonSchema.optional(),
});

/**
 * What a station releases for one segment (all patients, or a subgroup): counts rounded, the AUC and
 * its DeLong variance computed on the station's own scores (no score leaves), mean Brier score, observed
 * and expected risk, calibration bins on common edges, and the calibration fit's sums.
 */
export const SegmentSchema = z.object({
  key: z.string(),
  group: z.string(),
  /** Patients and outcome events, rounded by the station. */
  n: z.number(),
  events: z.number(),
  auc: z.object({ estimate: z.number(), variance: z.number() }),
  brier: z.number(),
  observed: z.number(),
  expected: z.number(),
  calibration: z.array(CalibrationBinSchema),
  slopeStep: step2,
});
export type Segment = z.infer<typeof SegmentSchema>;

export const ValidationPartialSchema = z.object({
  segments: z.array(SegmentSchema),
  /** Subgroups too small to report at this station (names only). */
  suppressed: z.array(z.object({ key: z.string(), group: z.string(), reason: SuppressionReasonSchema })),
  /** The calibration fit step on this station's own data. */
  ownSlopeStep: step2,
});
export type ValidationPartial = z.infer<typeof ValidationPartialSchema>;

export interface Metrics {
  n: number;
  events: number;
  auc: { estimate: number; se: number; lower: number; upper: number };
  calibrationInTheLarge: { observed: number; expected: number; difference: number; oeRatio: number };
  calibrationSlope: { intercept: number; slope: number; slopeSe: number };
  brier: number;
  /** On the common edges; a bin no station released has n 0 and null risks. */
  calibration: { from: number; to: number; n: number; observed: number | null; expected: number | null }[];
}
export interface SubgroupMetrics {
  key: string;
  group: string;
  /** Stations that reported this subgroup. */
  stations: string[];
  metrics: Metrics;
}
export interface Gap {
  key: string;
  metric: 'auc' | 'citl' | 'brier';
  worst: string;
  best: string;
  gap: number;
  limit: number;
  flagged: boolean;
}
export interface ValidationResult {
  pooled: Metrics;
  perStation: Record<string, Metrics>;
  subgroups: SubgroupMetrics[];
  suppressed: { stationId: string; key: string; group: string; reason: string }[];
  gaps: Gap[];
  rounds: number;
  aucMethod: string;
}

/** External validation of a given logistic model at each station, pooled, and by subgroup. */
export const definition: AlgorithmDefinition<ValidationInput, ValidationPartial, ValidationResult> = {
  name: 'validation',
  version: '1.0.0',
  description:
    'External validation of a logistic model: AUC (exact at each station, DeLong SE; pooled over pairs within ' +
    'stations), calibration-in-the-large, ' +
    'calibration slope (federated logistic fit of outcome on the linear predictor), calibration bins and ' +
    'Brier score, per station, pooled and by sex, age band and region, with flagged subgroup gaps.',
  inputSchema: ValidationInputSchema as unknown as z.ZodType<ValidationInput>,
  outputSchema: ValidationPartialSchema,
  disclosure: ['counts', 'regression'],
  maxRounds: 15,
};
