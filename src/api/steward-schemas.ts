import { z } from 'zod';
import { PurposeSchema } from '../protocol/messages.ts';
import { Timestamp } from './api-values.ts';
import { ReportedPolicySchema, StationSchema } from './station-schemas.ts';

/**
 * Where a permit waiting at a station stands: `waiting` for its steward, `decided` at the hub (the
 * station has not taken the decision over yet), `applied` by the station, or `refused` by it (its own
 * checks failed; the reason is in the decision).
 */
export const StationPermitStates = ['waiting', 'decided', 'applied', 'refused'] as const;

/** A steward's decision on a permit at a station, as the hub keeps it. */
export const StationPermitDecisionSchema = z.object({
  id: z.string(),
  permitId: z.string(),
  decision: z.enum(['approve', 'deny']),
  reason: z.string(),
  decidedBy: z.object({ name: z.string(), email: z.string() }),
  decidedAt: Timestamp,
  state: z.enum(['decided', 'applied', 'refused']),
  /** When the station last received it. */
  deliveredAt: Timestamp.optional(),
  /** When the station reported it applied or refused it, and why it refused. */
  stationAt: Timestamp.optional(),
  stationProblem: z.string().optional(),
});
export type StationPermitDecision = z.infer<typeof StationPermitDecisionSchema>;

/** A permit at a station, as its steward sees it: the hub's permit metadata and where approval stands. */
export const StationPermitSchema = z.object({
  permitId: z.string(),
  title: z.string(),
  purpose: PurposeSchema,
  holder: z.string(),
  expiresAt: Timestamp,
  queryBudget: z.number().int(),
  algorithms: z.array(z.object({ name: z.string(), version: z.string() })),
  state: z.enum(StationPermitStates),
  /** The station reported it waiting with content it saw changed since an earlier approval. */
  changedSinceApproval: z.boolean().optional(),
  decision: StationPermitDecisionSchema.optional(),
});
export type StationPermit = z.infer<typeof StationPermitSchema>;

/** A station for its stewards: status, the policy it reported, permits waiting and decided. */
export const StationStewardshipSchema = z.object({
  station: StationSchema,
  policy: ReportedPolicySchema.optional(),
  /** When the station last reported its policy and waiting permits. */
  reportedAt: Timestamp.optional(),
  permits: z.array(StationPermitSchema),
});
export type StationStewardship = z.infer<typeof StationStewardshipSchema>;

export const StationPermitParamsSchema = z.object({ id: z.string().min(1), permitId: z.string().min(1) });

/** A steward approves or denies a permit waiting at their station, always with a reason. */
export const StationPermitDecisionInputSchema = z.object({
  approve: z.boolean(),
  reason: z.string().trim().min(1, 'give a reason').max(2000),
});
