import { z } from 'zod';
import { CoefficientSchema } from '../algorithms/glm/definition.ts';
import type { RepresentativenessResult } from '../algorithms/representativeness/definition.ts';
import type { ValidationResult } from '../algorithms/validation/definition.ts';
import { ModelSpecSchema } from '../features/feature-spec.ts';

const validationResult = z.custom<ValidationResult>(
  (v) => typeof v === 'object' && v !== null && 'pooled' in v,
);
const representativenessResult = z.custom<RepresentativenessResult>(
  (v) => typeof v === 'object' && v !== null && 'pooled' in v && 'reference' in v,
);

/** A trained model with its lineage: what it is, where it came from, how well it does where. */
export const ModelRecordSchema = z.object({
  id: z
    .string()
    .regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/, 'a model id: letters, digits, dot, dash, underscore'),
  name: z.string().min(1),
  version: z.string().min(1),
  createdAt: z.string().datetime(),
  algorithm: z.object({ name: z.string(), version: z.string(), hash: z.string() }),
  family: z.enum(['logistic', 'poisson']),
  spec: ModelSpecSchema,
  coefficients: z.array(CoefficientSchema),
  training: z.object({
    permitId: z.string(),
    purpose: z.string(),
    /** The cohort definition (JSON) when the population came from one. */
    cohort: z.unknown().optional(),
    stations: z.array(z.object({ id: z.string(), n: z.number(), dataVersion: z.string().optional() })),
    rounds: z.number().int(),
    ridge: z.number(),
    /** The hub run that trained the model, when it was trained through a hub. */
    runId: z.string().optional(),
  }),
  intendedUse: z.string().default(''),
  limitations: z.array(z.string()).default([]),
  /** External validations: one entry per validation run (e.g. per station set or date). */
  validations: z
    .array(
      z.object({
        at: z.string().datetime(),
        permitId: z.string(),
        stations: z.array(z.string()),
        /** The hub run that produced this validation, when it ran through a hub. */
        runId: z.string().optional(),
        result: validationResult,
      }),
    )
    .default([]),
  representativeness: representativenessResult.optional(),
  /** The hub run that produced `representativeness`, when it ran through a hub. */
  representativenessRunId: z.string().optional(),
});
export type ModelRecord = z.output<typeof ModelRecordSchema>;
export type ModelRecordInput = z.input<typeof ModelRecordSchema>;
