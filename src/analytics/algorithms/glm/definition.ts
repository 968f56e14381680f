import { z } from 'zod';
import type { AlgorithmDefinition } from '../../algorithm.ts';
import { ModelSpecSchema } from '../../features/feature-spec.ts';

export const GlmInputSchema = z.object({
  spec: ModelSpecSchema,
  family: z.enum(['logistic', 'poisson']),
  /** Ridge penalty on all coefficients but the intercept (0 = none). */
  ridge: z.number().nonnegative().default(0),
  /** Converged when no coefficient changes more than this. */
  tolerance: z.number().positive().default(1e-8),
  /** Current coefficients: set by the central half in later rounds; a station refuses them in round 0. */
  beta: z.array(z.number()).optional(),
});
export type GlmInput = z.input<typeof GlmInputSchema>;
export type GlmInputParsed = z.output<typeof GlmInputSchema>;

export const GlmPartialSchema = z.object({
  /** Patients behind the sums, rounded by the station (never exact). */
  n: z.number().int().nonnegative(),
  gradient: z.array(z.number()),
  hessian: z.array(z.number()),
  deviance: z.number(),
  /**
   * False (the default): the sums are of the station's patients plus its phantom patients
   * (`docs/decisions/model-statistics-noise.md`); true only where the station's policy releases exact
   * model statistics.
   */
  exact: z.boolean(),
});
export type GlmPartial = z.infer<typeof GlmPartialSchema>;

export const CoefficientSchema = z.object({
  name: z.string(),
  estimate: z.number(),
  se: z.number(),
  lower: z.number(),
  upper: z.number(),
  z: z.number(),
  p: z.number(),
});

export const GlmResultSchema = z.object({
  family: z.enum(['logistic', 'poisson']),
  coefficients: z.array(CoefficientSchema),
  /** Patients in the fit: the sum of the stations' rounded numbers. */
  n: z.number(),
  /** Patients per station, as each station rounded them. */
  nPerStation: z.record(z.string(), z.number()),
  deviance: z.number(),
  /**
   * True only when every station released exact sums (its policy says so): the fit then equals a pooled
   * fit. Otherwise each station's sums carry a few phantom patients and the fit is close to, not equal to,
   * the pooled one.
   */
  exact: z.boolean(),
  iterations: z.number(),
  converged: z.boolean(),
  ridge: z.number(),
});
export type GlmResult = z.infer<typeof GlmResultSchema>;

/**
 * Logistic or Poisson regression by Newton–Raphson on the stations' summed gradients and information
 * matrices: the coefficients are those of a fit on the pooled data plus each station's few phantom
 * patients (equal to the pooled fit where every station's policy releases exact model statistics).
 */
export const definition: AlgorithmDefinition<GlmInput, GlmPartial, GlmResult> = {
  name: 'glm',
  version: '1.4.0',
  description:
    'Federated logistic / Poisson regression (Newton–Raphson on summed gradients and Hessians), ' +
    'with standard errors, 95% CIs, Wald p-values and an optional ridge penalty. Each station blurs its ' +
    'sums with a few phantom patients (exact only where its policy says so).',
  inputSchema: GlmInputSchema as unknown as z.ZodType<GlmInput>,
  outputSchema: GlmPartialSchema,
  resultSchema: GlmResultSchema,
  disclosure: ['regression'],
  maxRounds: 25,
};
