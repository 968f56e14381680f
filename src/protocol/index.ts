/** The only code the hub and the stations share: messages (tasks, permits, results) and Ed25519 signing. */
export {
  type AuditHead,
  AuditHeadSchema,
  type SignedAuditHead,
  SignedAuditHeadSchema,
} from './audit-head.ts';
export { signAuditHead, verifyAuditHead } from './audit-head-signature.ts';
export type { AlgorithmRef, Permit, PollResponse, Task, TaskEnvelope, TaskResult } from './messages.ts';
export { digestJson, generateSigningKeys } from './signing.ts';
export {
  type SignedStewardDecision,
  SignedStewardDecisionSchema,
  type StewardDecision,
  StewardDecisionSchema,
} from './steward-decision.ts';
