import { type Permit, PermitSchema } from '../../protocol/messages.ts';
import { digestJson } from '../../protocol/signing.ts';
import type { ApprovalMode, StationPolicy } from './station-policy.ts';

/**
 * SHA-256 of the canonical JSON of a permit, over the fields the protocol defines (extra fields a hub
 * may add are dropped first), so the steward's approval and the task gate compute the same digest.
 */
export function permitDigest(permit: Permit): string {
  return digestJson(PermitSchema.parse(permit));
}

/** The approval mode that applies to a permit under this policy. */
export function approvalModeOf(policy: StationPolicy, permitId: string): ApprovalMode {
  return policy.approval.permits[permitId] ?? policy.approval.default;
}

/**
 * Whether the permit may run here as far as approval goes: automatic mode, or approved by hand for
 * exactly this permit content.
 */
export function permitApprovalState(
  policy: StationPolicy,
  permit: Permit,
): 'automatic' | 'approved' | 'denied' | 'awaiting-approval' | 'changed-since-approval' {
  const digest = permitDigest(permit);
  // A denial is explicit: it holds for this permit content whatever the mode.
  if (policy.deniedPermits.some((d) => d.permitId === permit.id && d.digest === digest)) return 'denied';
  if (approvalModeOf(policy, permit.id) === 'automatic') return 'automatic';
  const approvals = policy.approvedPermits.filter((a) => a.permitId === permit.id);
  if (approvals.length === 0) return 'awaiting-approval';
  return approvals.some((a) => a.digest === digest) ? 'approved' : 'changed-since-approval';
}

/**
 * A copy of the policy in which the steward approved this permit as it is now. Approving it again
 * replaces the earlier approval; an earlier denial of the permit is lifted.
 *
 * @example
 * await savePolicy(dir, approvePermit(await loadPolicy(dir), permit, 'steward@umcu', new Date()));
 */
export function approvePermit(
  policy: StationPolicy,
  permit: Permit,
  approvedBy: string,
  now: Date,
): StationPolicy {
  const others = policy.approvedPermits.filter((a) => a.permitId !== permit.id);
  return {
    ...policy,
    approvedPermits: [
      ...others,
      { permitId: permit.id, digest: permitDigest(permit), approvedBy, approvedAt: now.toISOString() },
    ],
    deniedPermits: policy.deniedPermits.filter((d) => d.permitId !== permit.id),
  };
}

/**
 * A copy of the policy in which the steward denied this permit as it is now: its tasks are refused
 * (`permit-not-approved`) and it no longer waits. An earlier approval of the permit is withdrawn.
 */
export function denyPermit(
  policy: StationPolicy,
  permit: Permit,
  deniedBy: string,
  now: Date,
  reason?: string,
): StationPolicy {
  return {
    ...policy,
    approvedPermits: policy.approvedPermits.filter((a) => a.permitId !== permit.id),
    deniedPermits: [
      ...policy.deniedPermits.filter((d) => d.permitId !== permit.id),
      {
        permitId: permit.id,
        digest: permitDigest(permit),
        deniedBy,
        deniedAt: now.toISOString(),
        ...(reason ? { reason } : {}),
      },
    ],
  };
}

/**
 * The permits of `pending` that still wait for the steward under this policy: not in automatic mode
 * and not approved as they are now (one approved and then changed waits again). The list of permits a
 * station was refused under may still hold permits approved since: the policy decides.
 */
export function permitsAwaitingApproval(
  policy: StationPolicy,
  pending: readonly Permit[],
): { permit: Permit; state: 'awaiting-approval' | 'changed-since-approval' }[] {
  const out: { permit: Permit; state: 'awaiting-approval' | 'changed-since-approval' }[] = [];
  for (const permit of pending) {
    const state = permitApprovalState(policy, permit);
    if (state === 'awaiting-approval' || state === 'changed-since-approval') out.push({ permit, state });
  }
  return out;
}
