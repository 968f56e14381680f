import { z } from 'zod';
import type { AlgorithmDefinition } from '../../algorithm.ts';
import { SuppressionReasonSchema } from '../../disclosed-schemas.ts';
import { ModelSpecSchema } from '../../features/feature-spec.ts';

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
});
export type ValidationInput = z.input<typeof ValidationInputSchema>;
export type ValidationInputParsed = z.output<typeof ValidationInputSchema>;

/** One calibration bin on the common edges: rounded count, noised observed and expected risk; or withheld. */
export const CalibrationBinSchema = z.object({
  from: z.number(),
  to: z.number(),
  n: z.number().nullable(),
  observed: z.number().nullable(),
  expected: z.number().nullable(),
  withheld: SuppressionReasonSchema.optional(),
});

/** The calibration fit on one segment's rows, noised (a segment without one is not released). */
export const CalibrationFitSchema = z.object({
  intercept: z.number(),
  slope: z.number(),
  interceptSe: z.number(),
  slopeSe: z.number(),
});

/**
 * What a station releases for one segment (all patients, or a subgroup), computed on the station's own
 * scores (no score leaves) and never exact where a requester-chosen score could make it name a few
 * patients (`docs/decisions/validation-releases.md`): counts rounded; the AUC, mean Brier score, observed
 * and expected risk from noised sums (never a ratio that pins n); the AUC's DeLong variance to two
 * significant digits; calibration bins on common edges as released cells; and the calibration fit
 * (intercept and slope noised, standard errors to two digits).
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
  fit: CalibrationFitSchema,
});
export type Segment = z.infer<typeof SegmentSchema>;

export const ValidationPartialSchema = z.object({
  segments: z.array(SegmentSchema),
  /** Subgroups too small to report at this station (names only). */
  suppressed: z.array(z.object({ key: z.string(), group: z.string(), reason: SuppressionReasonSchema })),
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
  version: '2.3.0',
  description:
    'External validation of a logistic model: AUC (at each station, noised by at most a few patients, DeLong SE; ' +
    'pooled over pairs within stations), calibration-in-the-large, calibration slope (logistic fit of outcome ' +
    'on the linear predictor at each station, pooled by inverse variance), calibration bins and Brier score, ' +
    'per station, pooled and by sex, age band and region, with flagged subgroup gaps. Ratios come from noised ' +
    'sums; a score that a few patients dominate is refused.',
  inputSchema: ValidationInputSchema as unknown as z.ZodType<ValidationInput>,
  outputSchema: ValidationPartialSchema,
  disclosure: ['counts', 'regression'],
  maxRounds: 1,
};
