import { type Permit, PermitSchema } from '../../protocol/messages.ts';
import { keyIdOf, verifyJson } from '../../protocol/signing.ts';
import { type StewardDecision, StewardDecisionSchema } from '../../protocol/steward-decision.ts';
import { CLOCK_SKEW_MS } from '../task-gate/check-task.ts';
import { permitApprovalState, permitDigest } from './permit-approval.ts';
import type { StationPolicy } from './station-policy.ts';

/** What the station makes of a steward's decision sent by the hub. */
export type RemoteDecisionVerdict =
  | { ok: true; decision: StewardDecision; permit: Permit; alreadyApplied: boolean }
  | { ok: false; decisionId: string | undefined; problem: string };

export interface RemoteDecisionContext {
  policy: StationPolicy;
  stationId: string;
  /** The permits this station holds waiting for its steward (`PendingPermits`). */
  waiting(permitId: string): Permit | undefined;
  now: Date;
}

/**
 * Decides whether this station takes over a steward's decision recorded at the hub, trusting nothing
 * the hub sent until each check holds. Refused, in this order: remote approval is off in the station's
 * policy (the default); no hub key pinned, a signature by another key or one that does not match; a
 * malformed decision; a decision for another station; one not made by a steward of the organisation
 * the policy names; one dated in the future; a permit this station is not waiting on, or whose content
 * changed since the steward saw it. A decision the station already applied (sent again because its
 * report was lost) is `alreadyApplied`. Never throws.
 *
 * @example
 * const verdict = verifyRemoteDecision(signed, { policy, stationId, waiting: (id) => pending.get(id), now });
 * if (verdict.ok && !verdict.alreadyApplied) await savePolicy(dir, approvePermit(policy, verdict.permit, …));
 */
export function verifyRemoteDecision(signed: unknown, context: RemoteDecisionContext): RemoteDecisionVerdict {
  const raw = isObject(signed) && isObject(signed.decision) ? signed.decision : undefined;
  const decisionId = typeof raw?.id === 'string' ? raw.id : undefined;
  const refuse = (problem: string): RemoteDecisionVerdict => ({ ok: false, decisionId, problem });
  const { policy, stationId } = context;

  const remote = policy.approval.remote;
  if (!remote) return refuse('remote approval is off at this station (policy approval.remote)');
  const hubKey = policy.hubPublicKey;
  if (!hubKey) return refuse('no hub public key configured in the station policy');
  if (!isObject(signed) || raw === undefined) return refuse('not a signed decision');
  if (signed.keyId !== keyIdOf(hubKey)) return refuse('signed with a key this station does not know');
  if (typeof signed.signature !== 'string' || !verifyJson(raw, signed.signature, hubKey))
    return refuse('signature does not match the decision');
  const parsed = StewardDecisionSchema.safeParse(raw);
  if (!parsed.success) return refuse('not a steward decision');
  const decision = parsed.data;

  if (decision.stationId !== stationId) return refuse('decision is addressed to another station');
  if (decision.decidedBy.role !== 'steward') return refuse('decision was not made by a data steward');
  if (decision.decidedBy.organisationId !== remote.organisationId)
    return refuse("decision was made by a steward of another organisation than this station's");
  if (Date.parse(decision.decidedAt) > context.now.getTime() + CLOCK_SKEW_MS)
    return refuse('decision is dated in the future');

  const held = context.waiting(decision.permitId);
  const permit = held ? PermitSchema.safeParse(held) : undefined;
  if (!permit?.success) return refuse(`this station is not waiting on permit ${decision.permitId}`);
  if (permitDigest(permit.data) !== decision.permitDigest)
    return refuse(`permit ${decision.permitId} differs from the one the steward decided on`);
  const state = permitApprovalState(policy, permit.data);
  const alreadyApplied =
    (decision.decision === 'approve' && state === 'approved') ||
    (decision.decision === 'deny' && state === 'denied');
  if (!alreadyApplied && state !== 'awaiting-approval' && state !== 'changed-since-approval')
    return refuse(`permit ${decision.permitId} is not waiting for approval here (${state})`);
  return { ok: true, decision, permit: permit.data, alreadyApplied };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
