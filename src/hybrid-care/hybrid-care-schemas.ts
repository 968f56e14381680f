import { z } from 'zod';
import { DisclosedCountSchema } from '../analytics/disclosed-schemas.ts';

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
  })
  .strict();
export type HybridCareInput = z.input<typeof HybridCareInputSchema>;

const SectorSchema = z.strictObject({
  patients: DisclosedCountSchema,
  virtualPatients: DisclosedCountSchema,
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
    }),
  ),
});
export type HybridCareGroup = z.infer<typeof HybridCareGroupSchema>;

export const HybridCarePartialSchema = z.strictObject({ groups: z.array(HybridCareGroupSchema) });
export type HybridCarePartial = z.infer<typeof HybridCarePartialSchema>;
