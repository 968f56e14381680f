import { z } from 'zod';
import { Timestamp } from './api-values.ts';

/** One entry of the hash-chained audit log (src/audit): ids and digests only, no patient data. */
export const AuditEntrySchema = z.object({
  seq: z.number().int().positive(),
  at: Timestamp,
  actor: z.string(),
  action: z.string(),
  permitId: z.string().optional(),
  subject: z.string().optional(),
  resultDigest: z.string().optional(),
  details: z.record(z.string(), z.unknown()).optional(),
  prevHash: z.string(),
  hash: z.string(),
  /** Fields shown replaced (e.g. an ELSA asker written before askers were anonymous); `hash` covers the stored entry. */
  redacted: z.array(z.string()).optional(),
});

export const AuditVerificationSchema = z.object({
  ok: z.boolean(),
  entries: z.number().int().nonnegative(),
  /** The sequence number where the chain first breaks. */
  brokenAt: z.number().int().optional(),
  problem: z.string().optional(),
});

export const AuditQuerySchema = z.object({
  permitId: z.string().optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(100),
  beforeSeq: z.coerce.number().int().min(1).optional(),
});
export type AuditEntryView = z.infer<typeof AuditEntrySchema>;
export type AuditVerificationView = z.infer<typeof AuditVerificationSchema>;
