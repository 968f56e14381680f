import { z } from 'zod';
import { badInput } from '../common/app-error.ts';
import { badInputFromZod, jsonPath, listedIssues } from '../common/input-issues.ts';

/**
 * The cohort definition language, in the spirit of OHDSI ATLAS: an entry event, demographics,
 * inclusion criteria with time windows relative to the entry event, exclusion criteria and a date
 * range. See examples/cohorts/README.md for the language with examples.
 */

const code = z.string().min(1).max(64);
const codeList = z.array(code).min(1).max(2000);

/** Either inline codes or a reference to a named code set of the definition. */
const codesOrSet = {
  codes: codeList.optional(),
  codeSet: z.string().min(1).optional(),
};

const valueRange = z
  .object({
    gt: z.number().finite().optional(),
    gte: z.number().finite().optional(),
    lt: z.number().finite().optional(),
    lte: z.number().finite().optional(),
  })
  .strict();

export const ConditionCriterionSchema = z
  .object({
    domain: z.literal('condition'),
    ...codesOrSet,
    /** ICD-10 codes matched as prefixes: `E11` matches `E11.9`. */
    icd10: codeList.optional(),
  })
  .strict();

export const ObservationCriterionSchema = z
  .object({
    domain: z.literal('observation'),
    ...codesOrSet,
    value: valueRange.optional(),
    /** UCUM unit the value must be in (e.g. `mmol/mol`); rows in other units do not match. */
    unit: z.string().min(1).optional(),
  })
  .strict();

export const EncounterCriterionSchema = z
  .object({
    domain: z.literal('encounter'),
    classCodes: codeList.optional(),
    settings: z
      .array(z.enum(['gp', 'outpatient', 'ed', 'inpatient', 'virtual']))
      .min(1)
      .optional(),
    virtualKinds: z
      .array(z.enum(['video', 'e-consult', 'telemonitoring']))
      .min(1)
      .optional(),
    /** v3 ActPriority: `EM` emergency, `R` routine. An unplanned admission is class IMP with priority EM. */
    priorities: codeList.optional(),
  })
  .strict();

export const MedicationCriterionSchema = z
  .object({
    domain: z.literal('medication'),
    /** ATC codes matched as prefixes: `A10B` matches every oral blood-glucose-lowering drug. */
    atcPrefixes: codeList.optional(),
    codeSet: z.string().min(1).optional(),
  })
  .strict();

export const ProcedureCriterionSchema = z
  .object({
    domain: z.literal('procedure'),
    ...codesOrSet,
  })
  .strict();

/** Whether an event names what to match: a code, a code set, or (encounters) an attribute. */
function namesCodes(e: z.infer<typeof EventCriterionUnion>): boolean {
  switch (e.domain) {
    case 'encounter':
      return Boolean(e.classCodes || e.settings || e.virtualKinds || e.priorities);
    case 'medication':
      return Boolean(e.atcPrefixes || e.codeSet);
    case 'condition':
      return Boolean(e.codes || e.codeSet || e.icd10);
    case 'observation':
    case 'procedure':
      return Boolean(e.codes || e.codeSet);
  }
}

const EventCriterionUnion = z.discriminatedUnion('domain', [
  ConditionCriterionSchema,
  ObservationCriterionSchema,
  EncounterCriterionSchema,
  MedicationCriterionSchema,
  ProcedureCriterionSchema,
]);

export const EventCriterionSchema = EventCriterionUnion.superRefine((e, ctx) => {
  if (!namesCodes(e)) {
    ctx.addIssue({ code: 'custom', message: 'must name at least one code, code set or encounter attribute' });
  }
  if (e.domain === 'observation' && e.value) {
    const lower = e.value.gt ?? e.value.gte;
    const upper = e.value.lt ?? e.value.lte;
    if (lower !== undefined && upper !== undefined && lower > upper) {
      ctx.addIssue({ code: 'custom', message: 'lower bound is above upper bound', path: ['value'] });
    }
  }
});

const nonNegativeInt = z
  .number({ error: 'must be a non-negative integer' })
  .int('must be a non-negative integer')
  .min(0, 'must be a non-negative integer');

/**
 * Days relative to the entry event. `before`: [entry − days, entry); `after`: [entry, entry + days];
 * `around`: [entry − days, entry + days].
 */
export const WindowSchema = z
  .object({
    direction: z.enum(['before', 'after', 'around']),
    days: nonNegativeInt.max(36_500),
  })
  .strict();

/** How many matching events the window must hold. */
export const OccurrenceSchema = z
  .object({
    type: z.enum(['atLeast', 'atMost', 'exactly']),
    count: nonNegativeInt.max(10_000),
  })
  .strict();

export const CriterionSchema = z
  .object({
    name: z.string().max(200).optional(),
    event: EventCriterionSchema,
    /** Without a window, events at any time count. */
    window: WindowSchema.optional(),
    /** Default: at least 1. */
    occurrence: OccurrenceSchema.optional(),
  })
  .strict();

/** A calendar date `YYYY-MM-DD` that exists (not 2023-02-30). */
const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date YYYY-MM-DD')
  .refine((d) => {
    const t = Date.parse(`${d}T00:00:00Z`);
    return !Number.isNaN(t) && new Date(t).toISOString().startsWith(d);
  }, 'is not a valid date');

export const DemographicsSchema = z
  .object({
    /** Age in whole years at the entry event, inclusive bounds. */
    age: z
      .object({ min: nonNegativeInt.max(150).optional(), max: nonNegativeInt.max(150).optional() })
      .strict()
      .refine((a) => a.min === undefined || a.max === undefined || a.min <= a.max, 'min is above max')
      .optional(),
    sex: z
      .array(z.enum(['male', 'female', 'other', 'unknown']))
      .min(1)
      .optional(),
    regions: z.array(z.string().min(1)).min(1).optional(),
    municipalities: z.array(z.string().min(1)).min(1).optional(),
  })
  .strict();

export const CodeSetSchema = z
  .object({
    description: z.string().optional(),
    codes: codeList,
  })
  .strict();

export const CohortDefinitionSchema = z
  .object({
    name: z.string().min(1).max(200),
    description: z.string().max(4000).optional(),
    /** Named code sets that criteria refer to by `codeSet`. */
    codeSets: z.record(z.string().min(1), CodeSetSchema).optional(),
    entry: z
      .object({
        event: EventCriterionSchema,
        /** `first`: each patient's first matching event; `all`: every matching event is a candidate entry. */
        occurrence: z.enum(['first', 'all']).default('first'),
        /** Entry events must fall in this range (inclusive dates). */
        dateRange: z
          .object({ from: isoDate.optional(), to: isoDate.optional() })
          .strict()
          .refine((r) => !r.from || !r.to || r.from <= r.to, 'from is after to')
          .optional(),
      })
      .strict(),
    demographics: DemographicsSchema.optional(),
    inclusion: z.array(CriterionSchema).max(50).default([]),
    exclusion: z.array(CriterionSchema).max(50).default([]),
  })
  .strict()
  .superRefine((def, ctx) => {
    // A code set is named by reference, so only the whole definition can tell whether it exists.
    const events: { path: (string | number)[]; event: EventCriterion }[] = [
      { path: ['entry', 'event'], event: def.entry.event },
      ...def.inclusion.map((c, i) => ({ path: ['inclusion', i, 'event'], event: c.event })),
      ...def.exclusion.map((c, i) => ({ path: ['exclusion', i, 'event'], event: c.event })),
    ];
    for (const { path, event } of events) {
      const set = 'codeSet' in event ? event.codeSet : undefined;
      if (set !== undefined && !Object.hasOwn(def.codeSets ?? {}, set)) {
        ctx.addIssue({
          code: 'custom',
          message: `code set "${set}" is not defined in codeSets`,
          path: [...path, 'codeSet'],
        });
      }
    }
  });

export type ConditionCriterion = z.infer<typeof ConditionCriterionSchema>;
export type ObservationCriterion = z.infer<typeof ObservationCriterionSchema>;
export type EncounterCriterion = z.infer<typeof EncounterCriterionSchema>;
export type MedicationCriterion = z.infer<typeof MedicationCriterionSchema>;
export type ProcedureCriterion = z.infer<typeof ProcedureCriterionSchema>;
export type EventCriterion = z.infer<typeof EventCriterionSchema>;
export type CohortWindow = z.infer<typeof WindowSchema>;
export type Occurrence = z.infer<typeof OccurrenceSchema>;
export type Criterion = z.infer<typeof CriterionSchema>;
export type Demographics = z.infer<typeof DemographicsSchema>;
/** A parsed, validated cohort definition (defaults applied). */
export type CohortDefinition = z.infer<typeof CohortDefinitionSchema>;
/** What a researcher may write (defaults not yet applied). */
export type CohortDefinitionInput = z.input<typeof CohortDefinitionSchema>;

/**
 * Parses and validates a cohort definition: every rule is in {@link CohortDefinitionSchema} (refinements
 * included), so the hub, checking a run's input with the algorithm's schema, refuses what every station
 * would refuse before any task is sent. Throws an AppError (`badInput`) whose `where` is the JSON
 * path of the first offending element, e.g. `inclusion[1].window.days: must be a non-negative integer`.
 */
export function parseCohort(json: unknown): CohortDefinition {
  const parsed = CohortDefinitionSchema.safeParse(json);
  if (!parsed.success) {
    // `where` names the first problem; details list every one (a command line shows them all).
    const all = badInputFromZod(parsed.error, 'cohort', 'invalid cohort definition');
    const first = listedIssues(all.details)[0]?.message ?? 'invalid cohort definition';
    throw badInput(first, jsonPath(parsed.error.issues[0]?.path ?? [], ''), all.details);
  }
  return parsed.data;
}

/** JSON Schema (draft 2020-12) of a cohort definition, for the API's OpenAPI document. */
export function cohortJsonSchema(): Record<string, unknown> {
  return z.toJSONSchema(CohortDefinitionSchema, { io: 'input' }) as Record<string, unknown>;
}
