import { z } from 'zod';

/**
 * The head of a hash-chained audit log (how many entries, the hash of the last one), signed by the
 * keeper of the log. A station signs its chain's head with its own Ed25519 key and sends it to the hub,
 * which keeps the latest one: a history rewritten and re-hashed afterwards no longer ends in a head the
 * station signed before, and the hub refuses a head that goes back or forks. The hub publishes its own
 * chain's head the same way. `kind` keeps a station's head and the hub's from standing in for each other.
 */
export const AuditHeadSchema = z.object({
  kind: z.enum(['station-audit-head', 'hub-audit-head']),
  /** Entries in the chain; 0 for an empty chain. */
  entries: z.number().int().nonnegative(),
  /** Hash of the last entry (64 zeros for an empty chain). */
  hash: z.string().regex(/^[0-9a-f]{64}$/, 'a hex SHA-256'),
  signedAt: z.string().datetime(),
});
export type AuditHead = z.infer<typeof AuditHeadSchema>;

export const SignedAuditHeadSchema = z.object({
  head: AuditHeadSchema,
  /** keyId of the signing key (first 16 hex chars of the SHA-256 of its PEM). */
  keyId: z.string().min(1).max(64),
  /** base64 Ed25519 signature over the RFC 8785 canonical JSON of `head`. */
  signature: z.string().min(1).max(200),
});
export type SignedAuditHead = z.infer<typeof SignedAuditHeadSchema>;
