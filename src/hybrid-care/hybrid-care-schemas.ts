import { z } from 'zod';
import { DisclosedCountSchema } from '../analytics/disclosed-schemas.ts';
import { DEPRIVATION_GROUPS } from '../regional/neighbourhood-status.ts';

/** Care pathways (zorgpaden) as named condition cohorts (SNOMED CT); the default three. */
export const DEFAULT_PATHWAYS = [
  { name: 'diabetes type 2', codes: ['44054006'] },
  { name: 'COPD', codes: ['13645005'] },
  { name: 'heart failure', codes: ['84114007'] },
] as const;

export const HybridCareInputSchema = z
  .object({
    years: z.array(z.number().int().min(1990).max(2100)).min(1).max(20),
    pathways: z
      .array(
        z
          .object({ name: z.string().min(1).max(100), codes: z.array(z.string().min(1)).min(1).max(50) })
          .strict(),
      )
      .min(1)
      .max(20)
      .default(DEFAULT_PATHWAYS.map((p) => ({ name: p.name, codes: [...p.codes] }))),
    /** Also per calendar month (patients and contacts per month of each year); default true. */
    byMonth: z.boolean().default(true),
  })
  .strict();
export type HybridCareInput = z.input<typeof HybridCareInputSchema>;

const SectorSchema = z.strictObject({
  patients: DisclosedCountSchema,
  virtualPatients: DisclosedCountSchema,
});

/**
 * Patients and those with a virtual contact by the deprivation quintile of their PC4 (Q1 most deprived …
 * Q5 least; `unknown`: no PC4 score), a partition of the group released with secondary suppression.
 */
export const ByDeprivationSchema = z.array(
  z.strictObject({
    group: z.enum(DEPRIVATION_GROUPS),
    patients: DisclosedCountSchema,
    virtualPatients: DisclosedCountSchema,
  }),
);

/** One calendar month of a region-year: patients with any contact that month, with a virtual one, contacts. */
export const HybridCareMonthSchema = z.strictObject({
  month: z.string().regex(/^\d{4}-\d{2}$/),
  patients: DisclosedCountSchema,
  virtualPatients: DisclosedCountSchema,
  contacts: z.number().int().nonnegative().nullable(),
  virtualContacts: z.number().int().nonnegative().nullable(),
});

export const HybridCareGroupSchema = z.strictObject({
  region: z.string(),
  year: z.number().int(),
  /** All sectors: patients with any contact, and with a virtual one (video, e-consult, telemonitoring). */
  all: SectorSchema,
  /** Contacts and virtual contacts (counts of contacts, small counts withheld). */
  contacts: z.number().int().nonnegative().nullable(),
  virtualContacts: z.number().int().nonnegative().nullable(),
  /** GP: gp contacts and e-consults; hospital: outpatient visits and telemonitoring (video is in `all` only). */
  gp: SectorSchema,
  hospital: SectorSchema,
  byDeprivation: ByDeprivationSchema,
  /** Per calendar month (empty when `byMonth` was false). */
  months: z.array(HybridCareMonthSchema),
  pathways: z.array(
    z.strictObject({
      name: z.string(),
      patients: DisclosedCountSchema,
      virtualPatients: DisclosedCountSchema,
      /** Inclusion by age band and sex: the pathway's patients and those with a virtual contact. */
      byAgeSex: z.array(
        z.strictObject({
          ageBand: z.string(),
          sex: z.string(),
          patients: DisclosedCountSchema,
          virtualPatients: DisclosedCountSchema,
        }),
      ),
      /** Inclusion by the deprivation quintile of the patient's PC4. */
      byDeprivation: ByDeprivationSchema,
    }),
  ),
});
export type HybridCareGroup = z.infer<typeof HybridCareGroupSchema>;

export const HybridCarePartialSchema = z.strictObject({ groups: z.array(HybridCareGroupSchema) });
export type HybridCarePartial = z.infer<typeof HybridCarePartialSchema>;

const share = z.number().min(0).max(1).nullable();
const GroupShareSchema = {
  patients: z.number().int().nonnegative(),
  virtualPatients: z.number().int().nonnegative(),
  share,
};
const GradientSchema = z
  .strictObject({
    ratio: z.number().nonnegative(),
    low: z.number().nonnegative(),
    high: z.number().nonnegative(),
  })
  .nullable();

/** The combined result of `hybrid-care@1.1.0` (the run's `result`; published in the OpenAPI document). */
export const HybridCareResultSchema = z.strictObject({
  years: z.array(
    z.strictObject({
      year: z.number().int(),
      digitalShare: share,
      virtualContactShare: share,
      gpShare: share,
      hospitalShare: share,
      pathways: z.array(
        z.strictObject({
          name: z.string(),
          patients: z.number().int().nonnegative(),
          inclusion: share,
          hybrid: z.boolean(),
          byAgeBand: z.array(z.strictObject({ ageBand: z.string(), ...GroupShareSchema })),
          bySex: z.array(z.strictObject({ sex: z.string(), ...GroupShareSchema })),
          byDeprivation: z.array(z.strictObject({ group: z.enum(DEPRIVATION_GROUPS), ...GroupShareSchema })),
          deprivationGradient: GradientSchema,
        }),
      ),
      byDeprivation: z.array(z.strictObject({ group: z.enum(DEPRIVATION_GROUPS), ...GroupShareSchema })),
      /** Ratio of the digital share in quintile 1 (most deprived) to quintile 5, with its 95% CI. */
      deprivationGradient: GradientSchema,
      months: z.array(
        z.strictObject({
          month: z.string(),
          patients: z.number().int().nonnegative(),
          digitalShare: share,
          contacts: z.number().int().nonnegative(),
          virtualContactShare: share,
        }),
      ),
      byRegion: z.array(
        z.strictObject({ region: z.string(), patients: z.number().int().nonnegative(), digitalShare: share }),
      ),
      ambitions: z.array(
        z.strictObject({
          key: z.string(),
          nl: z.string(),
          en: z.string(),
          target: z.number(),
          value: z.number().nullable(),
          met: z.boolean().nullable(),
        }),
      ),
    }),
  ),
});
