import { badInputFromZod } from '../../common/input-issues.ts';
import { type RefusalReason, type Task, TaskSchema } from '../../protocol/messages.ts';
import { keyIdOf, verifyJson } from '../../protocol/signing.ts';
import { permitApprovalState } from '../policy/permit-approval.ts';
import type { StationPolicy } from '../policy/station-policy.ts';

/** The station's verdict on a task before anything runs. */
export type TaskGateDecision =
  | { ok: true; task: Task }
  | { ok: false; reason: RefusalReason; message: string };

/** What the gate checks a task against: the station's own state, never anything the hub says. */
export interface TaskGateContext {
  policy: StationPolicy;
  stationId: string;
  now: Date;
  /** Permits the station has learnt are revoked (kept by the station across polls). */
  revokedPermitIds: ReadonlySet<string>;
  /** The hub's Ed25519 public key (PEM); defaults to `policy.hubPublicKey`. */
  hubPublicKey?: string;
}

/** Clocks of hub and station differ a little; issue times this far ahead are still accepted. */
export const CLOCK_SKEW_MS = 5 * 60_000;

/**
 * Decides whether this station runs a task, trusting nothing the hub sent until the signature holds,
 * and then only as far as the station's own policy allows. Refuses, in this order: malformed envelope
 * (`invalid-input`), missing or bad signature or unknown signing key (`bad-signature`), malformed task
 * or a task for another station (`invalid-input`), expired task (`task-expired`), revoked permit
 * (`permit-revoked`), expired permit (`permit-expired`), station not named in the permit
 * (`station-not-in-permit`), purpose not accepted (`purpose-not-accepted`), algorithm not in the
 * permit (`algorithm-not-in-permit`), algorithm name, version or code hash not accepted
 * (`algorithm-not-accepted`), permit denied by the steward, awaiting their approval or changed since
 * (`permit-not-approved`). Never throws.
 *
 * @example
 * const decision = checkTask(envelope, { policy, stationId: 'umcu', now: new Date(), revokedPermitIds });
 * if (!decision.ok) return refuse(decision.reason, decision.message);
 */
export function checkTask(envelope: unknown, context: TaskGateContext): TaskGateDecision {
  if (!isObject(envelope) || !isObject(envelope.task))
    return refuse('invalid-input', 'envelope without a task');
  const { task: rawTask, signature, keyId } = envelope;

  const hubKey = context.hubPublicKey ?? context.policy.hubPublicKey;
  if (hubKey === undefined)
    return refuse('bad-signature', 'no hub public key configured in the station policy');
  if (typeof signature !== 'string' || signature === '') return refuse('bad-signature', 'task is not signed');
  if (keyId !== keyIdOf(hubKey))
    return refuse('bad-signature', 'task is signed with a key this station does not know');
  if (!verifyJson(rawTask, signature, hubKey))
    return refuse('bad-signature', 'signature does not match the task');

  const parsed = TaskSchema.safeParse(rawTask);
  if (!parsed.success) {
    return refuse('invalid-input', badInputFromZod(parsed.error, 'task', 'not a task').message);
  }
  const task = parsed.data;
  const { permit, algorithm } = task;
  const now = context.now.getTime();
  const { policy, stationId } = context;

  if (task.stationId !== stationId) return refuse('invalid-input', `task is addressed to another station`);
  if (Date.parse(task.expiresAt) <= now) return refuse('task-expired', `task ${task.id} expired`);
  if (Date.parse(task.issuedAt) > now + CLOCK_SKEW_MS)
    return refuse('invalid-input', `task ${task.id} is issued in the future`);
  if (context.revokedPermitIds.has(permit.id))
    return refuse('permit-revoked', `permit ${permit.id} is revoked`);
  if (Date.parse(permit.expiresAt) <= now) return refuse('permit-expired', `permit ${permit.id} expired`);
  if (Date.parse(permit.issuedAt) > now + CLOCK_SKEW_MS)
    return refuse('permit-expired', `permit ${permit.id} is not valid yet`);
  if (!permit.stations.includes(stationId))
    return refuse('station-not-in-permit', `permit ${permit.id} does not name this station`);
  if (!policy.acceptedPurposes.includes(permit.purpose))
    return refuse('purpose-not-accepted', `this station does not serve the purpose ${permit.purpose}`);

  const label = `${algorithm.name}@${algorithm.version}`;
  const inPermit = permit.algorithms.some(
    (a) =>
      a.name === algorithm.name &&
      a.version === algorithm.version &&
      (a.hash === undefined || a.hash === algorithm.hash),
  );
  if (!inPermit) return refuse('algorithm-not-in-permit', `permit ${permit.id} does not allow ${label}`);
  const accepted = policy.acceptedAlgorithms.filter(
    (a) => a.name === algorithm.name && a.version === algorithm.version,
  );
  if (accepted.length === 0) return refuse('algorithm-not-accepted', `this station does not accept ${label}`);
  if (!accepted.some((a) => a.hash === algorithm.hash))
    return refuse(
      'algorithm-not-accepted',
      `the code of ${label} differs from the version this station accepted`,
    );

  const approval = permitApprovalState(policy, permit);
  if (approval === 'denied')
    return refuse('permit-not-approved', `permit ${permit.id} was denied by the data steward`);
  if (approval === 'awaiting-approval')
    return refuse('permit-not-approved', `permit ${permit.id} awaits approval by the data steward`);
  if (approval === 'changed-since-approval')
    return refuse('permit-not-approved', `permit ${permit.id} changed since the data steward approved it`);
  return { ok: true, task };
}

function refuse(reason: RefusalReason, message: string): TaskGateDecision {
  return { ok: false, reason, message };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
