import { z } from 'zod';
import { AlgorithmRefSchema, PermitSchema, PurposeSchema } from '../protocol/messages.ts';
import { Timestamp } from './api-values.ts';
import { AlgorithmResultSchema, RunStatusSchema } from './run-schemas.ts';

export const AccessRequestInputSchema = z.object({
  purpose: PurposeSchema,
  title: z.string().min(3).max(300),
  description: z.string().min(1).max(10_000),
  datasets: z.array(z.string().min(1)).default([]),
  stations: z.array(z.string().min(1)).min(1),
  algorithms: z
    .array(z.object({ name: z.string().min(1), version: z.string().min(1), hash: z.string().optional() }))
    .min(1),
  durationDays: z.number().int().min(1).max(3650),
  queryBudget: z.number().int().min(1).max(100_000),
});
/** An access request as a researcher writes it (defaults not yet applied). */
export type AccessRequestInput = z.input<typeof AccessRequestInputSchema>;

export const RequestStatuses = ['submitted', 'approved', 'rejected'] as const;

export const AccessRequestSchema = AccessRequestInputSchema.extend({
  id: z.string(),
  requesterId: z.string(),
  organisationId: z.string(),
  status: z.enum(RequestStatuses),
  decidedBy: z.string().optional(),
  decisionNote: z.string().optional(),
  decidedAt: Timestamp.optional(),
  createdAt: Timestamp,
  permitId: z.string().optional(),
  /**
   * The request's regulatory-sandbox dry runs, newest first (on a single request's view, for its
   * requester and the access body): each says whether the hub ran it (`verified`) or a requester reported it.
   */
  dryRuns: z
    .array(
      z.object({
        id: z.string(),
        submittedAt: Timestamp,
        algorithm: z.string(),
        outcome: z.enum(['passed', 'failed']),
        stage: z.enum(['input', 'run']).optional(),
        message: z.string().optional(),
        verified: z.boolean(),
        executedBy: z.enum(['hub', 'requester']),
        algorithmHash: z.string(),
        inputsHash: z.string(),
      }),
    )
    .optional(),
});
export type AccessRequest = z.infer<typeof AccessRequestSchema>;

export const RequestsQuerySchema = z.object({ status: z.enum(RequestStatuses).optional() });

export const DecisionInputSchema = z.object({ approve: z.boolean(), note: z.string().min(1).max(5000) });

export const PermitStatuses = ['active', 'revoked', 'expired'] as const;

export const PermitRecordSchema = z.object({
  permit: PermitSchema,
  status: z.enum(PermitStatuses),
  requestId: z.string(),
  holderUserId: z.string(),
  revokedAt: Timestamp.optional(),
  revokeReason: z.string().optional(),
});
export type PermitRecord = z.infer<typeof PermitRecordSchema>;

/** A decided request, and the permit when it was approved. */
export const DecisionSchema = z.object({ request: AccessRequestSchema, permit: PermitSchema.optional() });

export const RevokeInputSchema = z.object({ reason: z.string().min(1).max(5000) });

/**
 * One permit in the public register (EHDS): organisations only, never a person's name or email.
 */
export const TransparencyEntrySchema = z.object({
  permitId: z.string(),
  holderOrganisation: z.string(),
  purpose: PurposeSchema,
  title: z.string(),
  issuedAt: Timestamp,
  expiresAt: Timestamp,
  status: z.enum(PermitStatuses),
  revokedAt: Timestamp.optional(),
  stations: z.array(z.object({ id: z.string(), name: z.string(), organisation: z.string() })),
  runs: z.array(
    z.object({
      id: z.string(),
      algorithm: AlgorithmRefSchema.pick({ name: true, version: true }),
      status: RunStatusSchema,
      startedAt: Timestamp,
      finishedAt: Timestamp.optional(),
      stationsAnswered: z.number().int().nonnegative(),
      /**
       * The combined result only: figures summed or pooled over the stations from what each released
       * through its disclosure control; whatever belongs to one station is left out.
       */
      result: AlgorithmResultSchema.optional(),
      /** The digest of the whole result, as the audit log records it. */
      resultDigest: z.string().optional(),
    }),
  ),
});
export type TransparencyEntry = z.infer<typeof TransparencyEntrySchema>;
