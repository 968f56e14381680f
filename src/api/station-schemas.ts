import { z } from 'zod';
import { SignedAuditHeadSchema } from '../protocol/audit-head.ts';
import { PurposeSchema, TaskResultSchema } from '../protocol/messages.ts';
import { Timestamp } from './api-values.ts';

export const StationSchema = z.object({
  id: z.string(),
  name: z.string(),
  organisationId: z.string(),
  organisationName: z.string(),
  publicKeyPem: z.string(),
  keyId: z.string(),
  createdAt: Timestamp,
  lastHeartbeatAt: Timestamp.optional(),
  dataVersion: z.string().optional(),
  softwareVersion: z.string().optional(),
  /** Online while its last heartbeat is younger than the hub's online window. */
  status: z.enum(['online', 'offline']),
  /** The station token's state: it expires, and a steward (or revoking the API token that made it) revokes it. */
  token: z
    .object({
      status: z.enum(['active', 'expired', 'revoked']),
      expiresAt: Timestamp,
      revokedAt: Timestamp.optional(),
    })
    .optional(),
  /** The latest head of the station's audit chain it signed and the hub holds. */
  auditHead: z.object({ entries: z.number().int().nonnegative(), signedAt: Timestamp }).optional(),
  /** Set when the hub refused a head of the station (bad signature, going back, a fork). */
  auditFlag: z.object({ problem: z.string(), at: Timestamp }).optional(),
});
export type Station = z.infer<typeof StationSchema>;

export const StationInputSchema = z.object({
  name: z.string().min(1).max(200),
  organisationId: z.string().min(1),
  publicKeyPem: z.string().min(1).max(5000),
});
export type StationInput = z.infer<typeof StationInputSchema>;

/** A registered station: its token is in this answer only. */
export const StationRegisteredSchema = z.object({
  id: z.string(),
  token: z.string(),
  keyId: z.string(),
  /** The station token expires then; the station renews it before (POST /api/station/token). */
  tokenExpiresAt: Timestamp.optional(),
});

/** How long a station token lives, and how long before its end a station renews it. */
export const STATION_TOKEN_DAYS = { lifetime: 90, renewWithin: 30 } as const;

/** A new station token (shown once): renewed by the station, or rotated by its steward. */
export const StationTokenSchema = z.object({
  stationId: z.string(),
  token: z.string(),
  expiresAt: Timestamp,
});

/** A station's credential after its revocation: refused from the next request on. */
export const StationTokenRevokedSchema = z.object({
  stationId: z.string(),
  revokedAt: Timestamp,
});

export const HubKeySchema = z.object({ publicKeyPem: z.string(), keyId: z.string() });

/** The hub's answer to a signed audit head a station sent: kept, or refused and why. */
export const AuditHeadAckSchema = z.union([
  z.object({ accepted: z.literal(true) }),
  z.object({ accepted: z.literal(false), problem: z.string() }),
]);
export type AuditHeadAck = z.infer<typeof AuditHeadAckSchema>;

/** The part of its own policy a station shows its stewards and reviewers through the hub. */
export const ReportedPolicySchema = z.object({
  threshold: z.number().int().min(1),
  rounding: z.number().int().min(1),
  acceptedPurposes: z.array(PurposeSchema).max(50),
  acceptedAlgorithms: z
    .array(z.object({ name: z.string().max(200), version: z.string().max(100), hash: z.string().max(64) }))
    .max(500),
  approvalDefault: z.enum(['manual', 'automatic']),
  /** Set when the station applies decisions its stewards record at the hub, made by this organisation's. */
  remoteApproval: z.object({ organisationId: z.string().max(200) }).optional(),
});
export type ReportedPolicy = z.infer<typeof ReportedPolicySchema>;

/**
 * What a station reports for its stewards: its policy, the permits waiting for their approval (ids and
 * content digests only: the hub has the permits) and what became of the decisions it was sent.
 */
export const StewardReportSchema = z.object({
  policy: ReportedPolicySchema,
  waiting: z
    .array(
      z.object({
        permitId: z.string().min(1).max(200),
        digest: z.string().regex(/^[0-9a-f]{64}$/, 'a hex SHA-256'),
        state: z.enum(['awaiting-approval', 'changed-since-approval']),
      }),
    )
    .max(500),
  outcomes: z
    .array(
      z.object({
        decisionId: z.string().min(1).max(200),
        outcome: z.enum(['applied', 'refused']),
        problem: z.string().max(500).optional(),
      }),
    )
    .max(500),
});
export type StewardReport = z.infer<typeof StewardReportSchema>;

export const HeartbeatInputSchema = z.object({
  dataVersion: z.string().max(200),
  version: z.string().max(100),
  /** The head of the station's audit chain, signed with its key; the answer says whether it was kept. */
  auditHead: SignedAuditHeadSchema.optional(),
  /** Sent when it changed: the station's policy, permits waiting for its steward, decisions applied. */
  steward: StewardReportSchema.optional(),
});
export type HeartbeatInput = z.infer<typeof HeartbeatInputSchema>;
export const HeartbeatSchema = z.object({
  ok: z.literal(true),
  serverTime: Timestamp,
  /** When the calling station's token expires: renew it before (POST /api/station/token). */
  tokenExpiresAt: Timestamp.optional(),
  auditHead: AuditHeadAckSchema.optional(),
});

/** A station's result, with the current signed head of its audit chain when it sends one. */
export const ResultInputSchema = TaskResultSchema.and(
  z.object({ auditHead: SignedAuditHeadSchema.optional() }),
);

/** The latest signed head of the calling station's chain the hub holds, and its flag if one was raised. */
export const StationAuditHeadSchema = z.object({
  head: SignedAuditHeadSchema.optional(),
  flag: z.object({ problem: z.string(), at: Timestamp }).optional(),
});

export const StationKeyInputSchema = z.object({ publicKeyPem: z.string().min(1).max(5000) });
export const StationKeyRegisteredSchema = z.object({ id: z.string(), keyId: z.string() });

/** Longest a long-poll may be asked to wait; a hub may hold it for less (its own maximum). */
export const MAX_WAIT_SECONDS = 3600;
export const WaitSchema = z.coerce.number().int().min(0).max(MAX_WAIT_SECONDS).default(0);

export const TasksQuerySchema = z.object({ wait: WaitSchema });

/** The hub has the answer; `duplicate` when it had this same answer already (sent again, counted once). */
export const ResultAcceptedSchema = z.object({
  accepted: z.literal(true),
  duplicate: z.literal(true).optional(),
  auditHead: AuditHeadAckSchema.optional(),
});
