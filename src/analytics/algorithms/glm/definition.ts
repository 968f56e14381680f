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
  iterations: z.number(),
  converged: z.boolean(),
  ridge: z.number(),
});
export type GlmResult = z.infer<typeof GlmResultSchema>;

/**
 * Logistic or Poisson regression by Newton–Raphson on the stations' summed gradients and information
 * matrices: the coefficients equal those of a fit on the pooled data.
 */
export const definition: AlgorithmDefinition<GlmInput, GlmPartial, GlmResult> = {
  name: 'glm',
  version: '1.0.0',
  description:
    'Federated logistic / Poisson regression (Newton–Raphson on summed gradients and Hessians, exact), ' +
    'with standard errors, 95% CIs, Wald p-values and an optional ridge penalty.',
  inputSchema: GlmInputSchema as unknown as z.ZodType<GlmInput>,
  outputSchema: GlmPartialSchema,
  resultSchema: GlmResultSchema,
  disclosure: ['regression'],
  maxRounds: 25,
};
