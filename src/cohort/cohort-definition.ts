import { z } from 'zod';
import { badInput } from '../common/app-error.ts';
import { badInputFromZod, listedIssues } from '../common/input-issues.ts';

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

export const EventCriterionSchema = z.discriminatedUnion('domain', [
  ConditionCriterionSchema,
  ObservationCriterionSchema,
  EncounterCriterionSchema,
  MedicationCriterionSchema,
  ProcedureCriterionSchema,
]);

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

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date YYYY-MM-DD');

export const DemographicsSchema = z
  .object({
    /** Age in whole years at the entry event, inclusive bounds. */
    age: z
      .object({ min: nonNegativeInt.max(150).optional(), max: nonNegativeInt.max(150).optional() })
      .strict()
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
        dateRange: z.object({ from: isoDate.optional(), to: isoDate.optional() }).strict().optional(),
      })
      .strict(),
    demographics: DemographicsSchema.optional(),
    inclusion: z.array(CriterionSchema).max(50).default([]),
    exclusion: z.array(CriterionSchema).max(50).default([]),
  })
  .strict();

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

function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const p of path) {
    if (typeof p === 'number') out += `[${p}]`;
    else out += out === '' ? String(p) : `.${String(p)}`;
  }
  return out || '$';
}

/** Checks that go beyond the schema: code-set references, a criterion's codes, sensible ranges. */
function semanticCheck(def: CohortDefinition): void {
  const sets = def.codeSets ?? {};
  const checkEvent = (e: EventCriterion, where: string) => {
    if ('codeSet' in e && e.codeSet !== undefined && !Object.hasOwn(sets, e.codeSet)) {
      throw badInput(`code set "${e.codeSet}" is not defined in codeSets`, `${where}.codeSet`);
    }
    const hasCodes =
      e.domain === 'encounter'
        ? e.classCodes || e.settings || e.virtualKinds || e.priorities
        : e.domain === 'medication'
          ? e.atcPrefixes || e.codeSet
          : e.domain === 'condition'
            ? e.codes || e.codeSet || e.icd10
            : e.codes || e.codeSet;
    if (!hasCodes) throw badInput('must name at least one code, code set or encounter attribute', where);
    if (e.domain === 'observation' && e.value) {
      const lower = e.value.gt ?? e.value.gte;
      const upper = e.value.lt ?? e.value.lte;
      if (lower !== undefined && upper !== undefined && lower > upper) {
        throw badInput('lower bound is above upper bound', `${where}.value`);
      }
    }
  };
  checkEvent(def.entry.event, 'entry.event');
  def.inclusion.forEach((c, i) => {
    checkEvent(c.event, `inclusion[${i}].event`);
  });
  def.exclusion.forEach((c, i) => {
    checkEvent(c.event, `exclusion[${i}].event`);
  });
  const age = def.demographics?.age;
  if (age?.min !== undefined && age.max !== undefined && age.min > age.max) {
    throw badInput('min is above max', 'demographics.age');
  }
  const range = def.entry.dateRange;
  if (range?.from && range.to && range.from > range.to) throw badInput('from is after to', 'entry.dateRange');
  for (const [where, d] of [
    ['entry.dateRange.from', range?.from],
    ['entry.dateRange.to', range?.to],
  ] as const) {
    if (d !== undefined && Number.isNaN(Date.parse(`${d}T00:00:00Z`)))
      throw badInput('is not a valid date', where);
  }
}

/**
 * Parses and validates a cohort definition. Throws an AppError (`badInput`) whose `where` is the JSON
 * path of the first offending element, e.g. `inclusion[1].window.days: must be a non-negative integer`.
 */
export function parseCohort(json: unknown): CohortDefinition {
  const parsed = CohortDefinitionSchema.safeParse(json);
  if (!parsed.success) {
    // `where` names the first problem; details list every one (a command line shows them all).
    const all = badInputFromZod(parsed.error, 'cohort', 'invalid cohort definition');
    const first = listedIssues(all.details)[0]?.message ?? 'invalid cohort definition';
    throw badInput(first, formatPath(parsed.error.issues[0]?.path ?? []), all.details);
  }
  semanticCheck(parsed.data);
  return parsed.data;
}

/** JSON Schema (draft 2020-12) of a cohort definition, for the API's OpenAPI document. */
export function cohortJsonSchema(): Record<string, unknown> {
  return z.toJSONSchema(CohortDefinitionSchema, { io: 'input' }) as Record<string, unknown>;
}
