import { z } from 'zod';
import { CohortDefinitionSchema } from '../cohort/cohort-definition.ts';
import { badInputFromZod } from '../common/input-issues.ts';
import { IndicatorKeys } from './indicators.ts';

/**
 * A monitor of a care innovation: who is in the target population, who counts as exposed from which
 * start date, the comparison pool, the covariates matched on, the outcome indicators, the follow-up, the
 * alert rule and the shared-savings rule. A JSON document (examples/monitors/), validated here; a bad
 * definition is rejected with the JSON path of every problem.
 */

const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-01$/, 'must be the first day of a month, YYYY-MM-01')
  .refine((d) => !Number.isNaN(Date.parse(`${d}T00:00:00Z`)), 'is not a valid date');

const codes = z.array(z.string().min(1).max(64)).min(1).max(500);

/** The target population, fixed at the start date: every rule is evaluated on data before the start. */
export const MonitorPopulationSchema = z
  .object({
    /** Age in whole years at the start date (calendar months from the birth month / 12), inclusive bounds. */
    ageAtStart: z
      .object({
        min: z.number().int().min(0).max(120).optional(),
        max: z.number().int().min(0).max(120).optional(),
      })
      .strict()
      .refine((a) => a.min === undefined || a.max === undefined || a.min <= a.max, 'min is above max')
      .optional(),
    /** Provinces (patient.region). */
    regions: z.array(z.string().min(1)).min(1).optional(),
    /**
     * Frailty: at least `minCount` of `conditions` (SNOMED CT, onset before the start), or any of `anyOf`.
     */
    frailty: z
      .object({
        conditions: codes,
        minCount: z.number().int().min(1).max(50),
        anyOf: codes.optional(),
      })
      .strict()
      .optional(),
    /** Further restriction to the patients of a cohort definition (examples/cohorts/README.md). */
    cohort: CohortDefinitionSchema.optional(),
  })
  .strict();

/** How a patient of the population counts as exposed to the innovation. */
export const ExposureSchema = z.discriminatedUnion('kind', [
  z
    .object({
      /** Living in one of these municipalities (patient.municipality) at the start. */
      kind: z.literal('municipality'),
      municipalities: z.array(z.string().min(1)).min(1).max(100),
    })
    .strict(),
  z
    .object({
      /** Receiving a service: an encounter of one of these types (encounter.type_code) from the start on. */
      kind: z.literal('service'),
      encounterTypes: codes,
      /** Only encounters within this many days from the start count (default: the whole follow-up). */
      withinDays: z.number().int().min(1).max(3660).optional(),
    })
    .strict(),
  z
    .object({
      /** An enrolment marker: a procedure (or condition) code recorded before the end of follow-up. */
      kind: z.literal('marker'),
      domain: z.enum(['procedure', 'condition']),
      codes,
    })
    .strict(),
]);

export const CovariateKeys = [
  'age',
  'male',
  'prior-ed-visits',
  'prior-unplanned-admissions',
  'prior-gp-contacts',
  'prior-cost',
] as const;
export type CovariateKey = (typeof CovariateKeys)[number];

export const MatchingSchema = z
  .object({
    /** Covariates of the propensity score besides the conditions (prior use: the 12 months before start). */
    covariates: z
      .array(z.enum(CovariateKeys))
      .min(1)
      .default([...CovariateKeys]),
    /** Each a binary covariate: the condition (SNOMED CT) with onset before the start. */
    conditions: z.array(z.string().min(1).max(64)).max(50).default([]),
    /** Controls per exposed patient (1:k); an exposed patient without k controls in the caliper is left out. */
    ratio: z.number().int().min(1).max(10).default(1),
    /** Caliper in standard deviations of the logit of the propensity score. */
    caliperSd: z.number().positive().max(2).default(0.2),
  })
  .strict();

export const AlertSchema = z
  .object({
    /** The indicator the alert watches (a count indicator). */
    indicator: z.enum(IndicatorKeys).default('ed-visits'),
    /**
     * `group-sequential-wald`: each month the pooled DiD z statistic is compared with a constant boundary
     * Φ⁻¹(1 − alpha / (2 · followUpMonths)) in both directions (Bonferroni over the looks).
     */
    method: z.literal('group-sequential-wald').default('group-sequential-wald'),
    /** Overall two-sided false-alarm probability over the whole follow-up. */
    alpha: z.number().gt(0).max(0.2).default(0.05),
    /** Whether more of the indicator is worse for patients (true for ED visits and admissions). */
    higherIsWorse: z.boolean().default(true),
  })
  .strict();

/**
 * Shared savings: costs avoided each month go first to the provider up to `volumeProtectionPerMonth`
 * euro (its lost volume), the rest is split with `providerShare` to the provider, the remainder to the
 * payer. Extra costs (negative savings) are the payer's.
 */
export const SavingsSchema = z
  .object({
    payer: z.string().min(1).max(200),
    provider: z.string().min(1).max(200),
    volumeProtectionPerMonth: z.number().min(0).default(0),
    providerShare: z.number().min(0).max(1).default(0.5),
  })
  .strict();

export const MonitorDefinitionSchema = z
  .object({
    name: z.string().min(1).max(200),
    description: z.string().max(4000).optional(),
    /** The organisation that owns the monitor (an insurer, a region). */
    owner: z.string().min(1).max(200),
    population: MonitorPopulationSchema,
    exposure: ExposureSchema,
    /** First day of the month the innovation started. */
    start: isoDate,
    comparison: z
      .object({
        /** The same population, not exposed, without patients of these municipalities (e.g. a neighbouring pilot). */
        excludeMunicipalities: z.array(z.string().min(1)).max(100).default([]),
      })
      .strict()
      .default({ excludeMunicipalities: [] }),
    matching: MatchingSchema.default({
      covariates: [...CovariateKeys],
      conditions: [],
      ratio: 1,
      caliperSd: 0.2,
    }),
    indicators: z.array(z.enum(IndicatorKeys)).min(1).max(IndicatorKeys.length),
    /** Months before the start that form the baseline (pre) period of the difference-in-differences. */
    baselineMonths: z.number().int().min(1).max(60).default(12),
    followUpMonths: z.number().int().min(1).max(60),
    alert: AlertSchema.default({
      indicator: 'ed-visits',
      method: 'group-sequential-wald',
      alpha: 0.05,
      higherIsWorse: true,
    }),
    savings: SavingsSchema.optional(),
  })
  .strict()
  .superRefine((m, ctx) => {
    if (!m.indicators.includes(m.alert.indicator)) {
      ctx.addIssue({
        code: 'custom',
        message: 'must be one of the monitor indicators',
        path: ['alert', 'indicator'],
      });
    }
    if (m.savings && !m.indicators.includes('cost')) {
      ctx.addIssue({ code: 'custom', message: 'shared savings need the cost indicator', path: ['savings'] });
    }
    if (new Set(m.indicators).size !== m.indicators.length) {
      ctx.addIssue({ code: 'custom', message: 'lists an indicator twice', path: ['indicators'] });
    }
  });

/** A monitor definition as written (defaults optional). */
export type MonitorDefinitionInput = z.input<typeof MonitorDefinitionSchema>;
/** A validated monitor definition with its defaults filled in. */
export type MonitorDefinition = z.output<typeof MonitorDefinitionSchema>;

/**
 * Validates a monitor definition; throws a badInput AppError listing every problem with its JSON path
 * (`$.exposure.municipalities: …`).
 *
 * @example parseMonitorDefinition(JSON.parse(text), 'wijkkliniek.json')
 */
export function parseMonitorDefinition(value: unknown, where = 'monitor'): MonitorDefinition {
  const parsed = MonitorDefinitionSchema.safeParse(value);
  if (!parsed.success) throw badInputFromZod(parsed.error, where, 'not a valid monitor definition');
  return parsed.data;
}

/** `YYYY-MM` of the month `offset` months after the month of an ISO date. */
export function monthLabel(isoStart: string, offset: number): string {
  const y = Number(isoStart.slice(0, 4));
  const m = Number(isoStart.slice(5, 7)) - 1 + offset;
  const yy = y + Math.floor(m / 12);
  const mm = ((m % 12) + 12) % 12;
  return `${yy}-${String(mm + 1).padStart(2, '0')}`;
}

/** Month number (year · 12 + month − 1) of an ISO date or `YYYY-MM`. */
export function monthNumber(iso: string): number {
  return Number(iso.slice(0, 4)) * 12 + Number(iso.slice(5, 7)) - 1;
}
