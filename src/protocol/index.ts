/** The only code the hub and the stations share: messages (tasks, permits, results) and Ed25519 signing. */
export type { AlgorithmRef, Permit, PollResponse, Task, TaskEnvelope, TaskResult } from './messages.ts';
export { digestJson, generateSigningKeys } from './signing.ts';
