import { z } from 'zod';
import { Timestamp } from './api-values.ts';

const PartialDateTime = z
  .string()
  .regex(
    /^\d{4}(-\d{2}(-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2}))?)?)?$/,
    'expected YYYY, YYYY-MM, YYYY-MM-DD or an ISO date-time with a time zone',
  );

/**
 * An organisation as the catalogue describes it (a `foaf:Agent`; Health-RI requires all of these): an
 * identifier of the organisation (e.g. its KvK or URA number, or an IRI), a general e-mail address
 * and a website.
 */
export const AgentDetailsSchema = z.object({
  identifier: z.string().min(1).max(200),
  email: z.string().email(),
  homepage: z.string().url(),
});
export type AgentDetails = z.infer<typeof AgentDetailsSchema>;

export const DatasetProfileSchema = z
  .object({
    numberOfRecords: z.number().int().nonnegative().optional(),
    numberOfUniqueIndividuals: z.number().int().nonnegative().optional(),
    minTypicalAge: z.number().int().nonnegative().optional(),
    maxTypicalAge: z.number().int().nonnegative().optional(),
    /** First and last date in the data: `YYYY`, `YYYY-MM`, `YYYY-MM-DD` or an ISO date-time with zone. */
    temporalCoverage: z.object({ start: PartialDateTime, end: PartialDateTime }).optional(),
    /** Rows per table or resource type (e.g. Condition: 1200). */
    resourceCounts: z.record(z.string(), z.number().int().nonnegative()).optional(),
    /** Codes present in the data, with suppressed counts. */
    codes: z
      .array(
        z.object({
          system: z.string(),
          code: z.string(),
          display: z.string().optional(),
          count: z.number().int().nonnegative().optional(),
        }),
      )
      .max(5000)
      .optional(),
  })
  .passthrough();

export const DatasetPublishSchema = z.object({
  /**
   * The station's own stable identifier for this dataset; republishing it updates the entry. The
   * catalogue namespaces it by the station (`<stationId>/<identifier>`); one in another station's
   * namespace, or one another station publishes, is refused (403).
   */
  identifier: z.string().min(1).max(200),
  title: z.string().min(1).max(300),
  description: z.string().min(1).max(10_000),
  /** At least one (the catalogue requires a keyword). */
  keywords: z.array(z.string().min(1)).min(1),
  /** EU data themes (codes like HEAL, or full IRIs). */
  themes: z.array(z.string().min(1)).min(1).default(['HEAL']),
  contactPoint: z.object({ name: z.string().min(1), email: z.string().email() }),
  /** The station's organisation, which publishes the dataset (its name is the hub's). */
  publisherDetails: AgentDetailsSchema,
  /** Who made the data, when not the publishing organisation. */
  creator: AgentDetailsSchema.extend({ name: z.string().min(1).max(300) }).optional(),
  /** IRIs of code systems used (SNOMED CT, LOINC, ATC, ICD-10). */
  codingSystems: z.array(z.string().min(1)).default([]),
  profile: DatasetProfileSchema.default({}),
});
export type DatasetPublish = z.infer<typeof DatasetPublishSchema>;
/** Dataset metadata as a station writes it (defaults not yet applied). */
export type DatasetMetadata = z.input<typeof DatasetPublishSchema>;

export const DatasetPublishedSchema = z.object({ id: z.string() });

/** The station that published a dataset and vouches for it, and the station's organisation. */
export const VouchedBySchema = z.object({
  stationId: z.string(),
  stationName: z.string(),
  organisationId: z.string(),
  organisation: z.string(),
});

export const CatalogueDatasetSchema = DatasetPublishSchema.extend({
  id: z.string(),
  /** `<stationId>/<identifier>`: unique in the catalogue; `identifier` is the station's own. */
  qualifiedIdentifier: z.string(),
  /**
   * Who vouches for the dataset: the registered station that published it (a station publishes only
   * under its own identity, see `POST /api/station/datasets`).
   */
  vouchedBy: VouchedBySchema,
  stationId: z.string(),
  stationName: z.string(),
  organisationId: z.string(),
  publisher: z.string(),
  publishedAt: Timestamp,
});
export type CatalogueDataset = z.infer<typeof CatalogueDatasetSchema>;

export const CatalogueQuerySchema = z.object({
  q: z.string().max(200).optional(),
  code: z.string().max(100).optional(),
  type: z.string().max(100).optional(),
});
