import { z } from 'zod';

const hex64 = z.string().regex(/^[0-9a-f]{64}$/, 'a hex SHA-256');

/**
 * A station steward's decision on a permit waiting at their station, recorded at the hub and signed
 * with the hub's key. The station applies it only after its own checks (see
 * src/station/policy/remote-approval.ts): signed by the hub it pinned, for itself, by a steward of the
 * organisation its policy names, for a permit it is waiting on with exactly this content.
 */
export const StewardDecisionSchema = z.object({
  id: z.string().min(1),
  stationId: z.string().min(1),
  permitId: z.string().min(1),
  /** SHA-256 of the canonical permit the station reported waiting (`permitDigest`). */
  permitDigest: hex64,
  decision: z.enum(['approve', 'deny']),
  reason: z.string().min(1).max(2000),
  decidedBy: z.object({
    userId: z.string().min(1),
    email: z.string().min(1),
    name: z.string(),
    role: z.string().min(1),
    organisationId: z.string().min(1),
  }),
  decidedAt: z.iso.datetime(),
});
export type StewardDecision = z.infer<typeof StewardDecisionSchema>;

/** A decision as it travels to the station: signed by the hub's Ed25519 key. */
export const SignedStewardDecisionSchema = z.object({
  decision: StewardDecisionSchema,
  keyId: z.string().min(1),
  /** base64 Ed25519 signature over the RFC 8785 canonical JSON of `decision`. */
  signature: z.string().min(1),
});
export type SignedStewardDecision = z.infer<typeof SignedStewardDecisionSchema>;
