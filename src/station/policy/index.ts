/** The station's own policy: disclosure rules, accepted purposes and algorithms, permit approval, hub key. */
export { loadPolicy, POLICY_FILE, savePolicy } from './load-policy.ts';
export {
  approvalModeOf,
  approvePermit,
  denyPermit,
  permitApprovalState,
  permitDigest,
  permitsAwaitingApproval,
} from './permit-approval.ts';
export { pinHubKey } from './pin-hub-key.ts';
export { type RemoteDecisionVerdict, verifyRemoteDecision } from './remote-approval.ts';
export {
  type ApprovalMode,
  ApprovalModes,
  type ApprovedPermit,
  type DeniedPermit,
  defaultPolicy,
  parsePolicy,
  type StationPolicy,
  StationPolicySchema,
} from './station-policy.ts';
