import { z } from 'zod';
import { EhdsPurposes } from '../common/ehds-purposes.ts';
import { type RefusalReason, RefusalReasons } from '../common/refusal-reasons.ts';
import { SignedStewardDecisionSchema } from './steward-decision.ts';

/**
 * The messages hub and stations exchange. This is the only code the hub and the station share:
 * a station treats everything it receives as untrusted input and parses it with these schemas.
 */
const purposeCodes = Object.keys(EhdsPurposes) as [
  keyof typeof EhdsPurposes,
  ...(keyof typeof EhdsPurposes)[],
];
export const PurposeSchema = z.enum(purposeCodes);

/** An algorithm named by name, version and the SHA-256 of its code, as stations accept it. */
export const AlgorithmRefSchema = z.object({
  name: z.string().min(1),
  version: z.string().min(1),
  hash: z.string().regex(/^[0-9a-f]{64}$/, 'a hex SHA-256'),
});
export type AlgorithmRef = z.infer<typeof AlgorithmRefSchema>;

/** A data permit issued by the access body (the hub) after review. */
export const PermitSchema = z.object({
  id: z.string().min(1),
  purpose: PurposeSchema,
  /** Organisation the permit was issued to. */
  holder: z.string().min(1),
  title: z.string(),
  datasets: z.array(z.string()),
  stations: z.array(z.string()).min(1),
  algorithms: z.array(AlgorithmRefSchema.omit({ hash: true }).extend({ hash: z.string().optional() })),
  issuedAt: z.string().datetime(),
  expiresAt: z.string().datetime(),
  /** Maximum number of tasks a station runs under this permit. */
  queryBudget: z.number().int().nonnegative(),
});
export type Permit = z.infer<typeof PermitSchema>;

/** One unit of work for one station: run an algorithm's local half on its data. */
export const TaskSchema = z.object({
  id: z.string().min(1),
  /** The run (analysis) this task belongs to; a multi-round algorithm has one task per station per round. */
  runId: z.string().min(1),
  round: z.number().int().nonnegative(),
  stationId: z.string().min(1),
  permit: PermitSchema,
  algorithm: AlgorithmRefSchema,
  input: z.unknown(),
  issuedAt: z.string().datetime(),
  expiresAt: z.string().datetime(),
});
export type Task = z.infer<typeof TaskSchema>;

/** A task as it travels: signed by the hub's Ed25519 key. */
export const TaskEnvelopeSchema = z.object({
  task: TaskSchema,
  keyId: z.string().min(1),
  /** base64 Ed25519 signature over the RFC 8785 canonical JSON of `task`. */
  signature: z.string().min(1),
});
export type TaskEnvelope = z.infer<typeof TaskEnvelopeSchema>;

/** Why a station refused a task: the closed set of src/common/refusal-reasons.ts. */
export const RefusalReasonSchema = z.enum(RefusalReasons);
export { type RefusalReason, RefusalReasons };

/** What a station sends back: aggregates only, or why it refused or failed. */
export const TaskResultSchema = z.discriminatedUnion('status', [
  z.object({
    status: z.literal('done'),
    taskId: z.string(),
    stationId: z.string(),
    output: z.unknown(),
    /** The station's data version the output was computed on. */
    dataVersion: z.string(),
    /** SHA-256 of the canonical JSON of `output`, also written to the station's audit log. */
    digest: z.string(),
  }),
  z.object({
    status: z.literal('refused'),
    taskId: z.string(),
    stationId: z.string(),
    reason: RefusalReasonSchema,
    message: z.string(),
  }),
  z.object({
    status: z.literal('failed'),
    taskId: z.string(),
    stationId: z.string(),
    message: z.string(),
  }),
]);
export type TaskResult = z.infer<typeof TaskResultSchema>;

/**
 * A station's poll answer: tasks to run, permits revoked since the station last asked, and decisions its
 * stewards recorded at the hub on permits waiting there (the station checks and applies them itself).
 */
export const PollResponseSchema = z.object({
  tasks: z.array(TaskEnvelopeSchema),
  revokedPermitIds: z.array(z.string()),
  stewardDecisions: z.array(SignedStewardDecisionSchema).optional(),
});
export type PollResponse = z.infer<typeof PollResponseSchema>;
