import { z } from 'zod';
import type { AlgorithmDefinition } from '../../algorithm.ts';
import { ModelSpecSchema } from '../../features/feature-spec.ts';

const pair = z.tuple([z.number(), z.number()]);

export const ValidationInputSchema = z.object({
  spec: ModelSpecSchema,
  /** The model under validation: intercept first, then one coefficient per feature of `spec`. */
  coefficients: z.array(z.number()).min(1),
  /** Grid on the linear predictor for the score histograms behind the AUC. */
  grid: z
    .object({ from: z.number(), to: z.number(), step: z.number().positive() })
    .default({ from: -10, to: 10, step: 0.02 }),
  /** Equal-width bins of predicted risk for the calibration plot. */
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

const group = z.object({ from: z.number(), to: z.number(), count: z.number() });
const step2 = z.object({ gradient: z.array(z.number()).length(2), hessian: z.array(z.number()).length(4) });

export const SegmentSchema = z.object({
  key: z.string(),
  group: z.string(),
  n: z.number(),
  events: z.number(),
  sumP: z.number(),
  sumBrier: z.number(),
  eventScores: z.array(group),
  nonEventScores: z.array(group),
  calibration: z.array(
    z.object({ from: z.number(), to: z.number(), n: z.number(), observed: z.number(), expected: z.number() }),
  ),
  slopeStep: step2,
});
export type Segment = z.infer<typeof SegmentSchema>;

export const ValidationPartialSchema = z.object({
  segments: z.array(SegmentSchema),
  /** Subgroups too small to report at this station (names only). */
  suppressed: z.array(z.object({ key: z.string(), group: z.string() })),
  /** The calibration fit step on this station's own data. */
  ownSlopeStep: step2,
});
export type ValidationPartial = z.infer<typeof ValidationPartialSchema>;

export interface Metrics {
  n: number;
  events: number;
  auc: { estimate: number; se: number; lower: number; upper: number; tieBound: number };
  calibrationInTheLarge: { observed: number; expected: number; difference: number; oeRatio: number };
  calibrationSlope: { intercept: number; slope: number; slopeSe: number };
  brier: number;
  calibration: { from: number; to: number; n: number; observed: number; expected: number }[];
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
  suppressed: { stationId: string; key: string; group: string }[];
  gaps: Gap[];
  rounds: number;
  aucMethod: string;
}

/** External validation of a given logistic model at each station, pooled, and by subgroup. */
export const definition: AlgorithmDefinition<ValidationInput, ValidationPartial, ValidationResult> = {
  name: 'validation',
  version: '1.0.0',
  description:
    'External validation of a logistic model: AUC (binned scores, DeLong SE), calibration-in-the-large, ' +
    'calibration slope (federated logistic fit of outcome on the linear predictor), calibration bins and ' +
    'Brier score, per station, pooled and by sex, age band and region, with flagged subgroup gaps.',
  inputSchema: ValidationInputSchema as unknown as z.ZodType<ValidationInput>,
  outputSchema: ValidationPartialSchema,
  disclosure: ['counts', 'regression'],
  maxRounds: 15,
};
