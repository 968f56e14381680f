import { z } from 'zod';
import { CohortDefinitionSchema } from '../../cohort/cohort-definition.ts';

/**
 * Who is analysed: everyone alive on the index date, optionally within an age range, of some sexes or
 * regions, and optionally only the members of a cohort definition. Patients who objected to the permit's purpose are always excluded.
 */
export const PopulationSpecSchema = z.object({
  indexDate: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a date YYYY-MM-DD'),
  minAge: z.number().min(0).max(130).optional(),
  maxAge: z.number().min(0).max(130).optional(),
  sex: z
    .array(z.enum(['male', 'female', 'other', 'unknown']))
    .min(1)
    .optional(),
  regions: z.array(z.string().min(1)).min(1).optional(),
  /**
   * Only the members of this cohort (src/cohort: entry event, criteria, demographics), e.g. the cohort
   * whose feasibility was checked. The index date stays the population's.
   */
  cohort: CohortDefinitionSchema.optional(),
});
export type PopulationSpec = z.infer<typeof PopulationSpecSchema>;

const name = z
  .string()
  .regex(/^[A-Za-z][A-Za-z0-9_]*$/, 'a feature name: letters, digits, underscore')
  .max(60);
const code = z.string().regex(/^[A-Za-z0-9.\-_]+$/, 'a code: letters, digits, dot, dash');

/** One model feature, computed per patient at the index date. */
export const FeatureSchema = z.discriminatedUnion('kind', [
  /**
   * Age at the index date in decades: (years − centre) / 10. Years from days / 365.25, or with
   * `months` from whole calendar months / 12 (as the synthetic generator defines it).
   */
  z.object({ kind: z.literal('age'), name, centre: z.number().optional(), months: z.boolean().optional() }),
  /** 1 when the patient's sex is `value`. */
  z.object({ kind: z.literal('sex'), name, value: z.enum(['male', 'female', 'other', 'unknown']) }),
  /** 1 when the patient lives in `value` (a province). */
  z.object({ kind: z.literal('region'), name, value: z.string().min(1) }),
  /** 1 when a condition with one of these SNOMED CT codes has its onset before the index date. */
  z.object({ kind: z.literal('condition'), name, codes: z.array(code).min(1) }),
  /**
   * The latest value of a LOINC-coded observation before the index date (`impute` when there is none),
   * as (value − centre) / scale.
   */
  z.object({
    kind: z.literal('observation'),
    name,
    code,
    impute: z.number(),
    centre: z.number().optional(),
    scale: z.number().positive().optional(),
  }),
  /** Number of encounters of a care setting in the `days` before the index date. */
  z.object({
    kind: z.literal('encounters'),
    name,
    setting: z.enum(['gp', 'outpatient', 'ed', 'inpatient', 'virtual']),
    days: z.number().int().positive().max(3660),
  }),
]);
export type Feature = z.infer<typeof FeatureSchema>;

/** The outcome: an unplanned admission (inpatient, priority EM) within `days` after the index date. */
export const OutcomeSchema = z.object({
  kind: z.literal('unplanned-admission'),
  days: z.number().int().positive().max(3660),
  /** `true` = the number of such admissions (Poisson); otherwise 0/1 (logistic). */
  count: z.boolean().optional(),
});
export type Outcome = z.infer<typeof OutcomeSchema>;

/** A declarative feature specification, compiled to one SQL query per station. */
export const FeatureSpecSchema = z.object({
  population: PopulationSpecSchema,
  features: z.array(FeatureSchema).max(200),
  /** Required for models; descriptive analyses may leave it out. */
  outcome: OutcomeSchema.optional(),
});
export type FeatureSpec = z.infer<typeof FeatureSpecSchema>;

/** A feature spec with an outcome, as models need. */
export const ModelSpecSchema = FeatureSpecSchema.extend({ outcome: OutcomeSchema });
export type ModelSpec = z.infer<typeof ModelSpecSchema>;
