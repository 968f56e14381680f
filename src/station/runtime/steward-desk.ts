import type { StewardReport } from '../../api/station-schemas.ts';
import type { AuditLog } from '../../audit/index.ts';
import {
  approvePermit,
  denyPermit,
  permitDigest,
  permitsAwaitingApproval,
} from '../policy/permit-approval.ts';
import { verifyRemoteDecision } from '../policy/remote-approval.ts';
import type { StationPolicy } from '../policy/station-policy.ts';
import { JsonFileState } from './json-file-state.ts';
import type { PendingPermits } from './permit-usage.ts';

interface Outcome {
  outcome: 'applied' | 'refused';
  problem?: string;
  /** Whether the hub has been told (a report it acknowledged). */
  reported: boolean;
}

/** Outcomes kept to answer a decision the hub sends again; older ones are dropped. */
const KEPT_OUTCOMES = 500;

export interface StewardDeskOptions {
  stationId: string;
  /** The station's policy as it is now (re-read when the file changed). */
  policy(): Promise<StationPolicy>;
  savePolicy(policy: StationPolicy): Promise<void>;
  pending: PendingPermits;
  audit: AuditLog;
  /** Where the outcomes of decisions are kept across restarts (in memory when not given). */
  outcomesPath?: string;
  now?: () => Date;
}

/**
 * The station's side of approval in the browser. It reports to the hub (with a heartbeat) the station's
 * policy, the permits waiting for its steward and the outcome of each decision it was sent, and applies
 * the decisions its stewards recorded at the hub after checking each itself ({@link verifyRemoteDecision}).
 * Every decision, applied or refused, goes into the station's audit chain.
 */
export class StewardDesk {
  private readonly outcomes: JsonFileState<Record<string, Outcome>>;
  private version = 1;
  private reportedVersion = 0;
  private readonly now: () => Date;

  constructor(private readonly options: StewardDeskOptions) {
    this.outcomes = new JsonFileState(options.outcomesPath, {});
    this.now = options.now ?? (() => new Date());
  }

  /** Something the hub should hear about changed (a permit started waiting). */
  changed(): void {
    this.version += 1;
  }

  /** Whether the hub has not yet heard the current state. */
  needsReport(): boolean {
    return this.version !== this.reportedVersion;
  }

  /** The report for the next heartbeat; pass it to {@link reported} once the hub took it. */
  async report(): Promise<StewardReport & { version: number }> {
    const policy = await this.options.policy();
    const waiting = permitsAwaitingApproval(policy, this.options.pending.list()).map(({ permit, state }) => ({
      permitId: permit.id,
      digest: permitDigest(permit),
      state,
    }));
    const outcomes = Object.entries(this.outcomes.get())
      .filter(([, o]) => !o.reported)
      .map(([decisionId, o]) => ({
        decisionId,
        outcome: o.outcome,
        ...(o.problem ? { problem: o.problem.slice(0, 500) } : {}),
      }));
    return {
      version: this.version,
      policy: {
        threshold: policy.disclosure.threshold,
        rounding: policy.disclosure.rounding,
        acceptedPurposes: policy.acceptedPurposes,
        acceptedAlgorithms: policy.acceptedAlgorithms,
        approvalDefault: policy.approval.default,
        ...(policy.approval.remote ? { remoteApproval: policy.approval.remote } : {}),
      },
      waiting: waiting.slice(0, 500),
      outcomes: outcomes.slice(0, 500),
    };
  }

  /** The hub acknowledged this report. */
  reported(report: { version: number; outcomes: readonly { decisionId: string }[] }): void {
    const all = { ...this.outcomes.get() };
    for (const { decisionId } of report.outcomes) {
      const o = all[decisionId];
      if (o) all[decisionId] = { ...o, reported: true };
    }
    this.outcomes.set(all);
    if (report.version === this.version) this.reportedVersion = report.version;
  }

  /** Checks and applies the decisions the hub sent; each outcome is reported with the next heartbeat. */
  async apply(decisions: readonly unknown[]): Promise<void> {
    for (const signed of decisions) await this.applyOne(signed);
  }

  private async applyOne(signed: unknown): Promise<void> {
    const { stationId, audit, pending } = this.options;
    const known = decisionIdOf(signed);
    const earlier = known ? this.outcomes.get()[known] : undefined;
    if (earlier) {
      // Sent again: the hub did not hear the outcome. Report it again rather than act twice.
      this.record(known!, { ...earlier, reported: false });
      return;
    }
    const policy = await this.options.policy();
    const verdict = verifyRemoteDecision(signed, {
      policy,
      stationId,
      waiting: (id) => pending.get(id),
      now: this.now(),
    });
    if (!verdict.ok) {
      await audit.append({
        actor: `station:${stationId}`,
        action: 'permit.remote-decision-refused',
        ...(verdict.decisionId ? { subject: verdict.decisionId } : {}),
        details: { problem: verdict.problem },
      });
      if (verdict.decisionId)
        this.record(verdict.decisionId, { outcome: 'refused', problem: verdict.problem });
      return;
    }
    const { decision, permit } = verdict;
    if (!verdict.alreadyApplied) {
      const by = `${decision.decidedBy.email} (at the hub)`;
      await this.options.savePolicy(
        decision.decision === 'approve'
          ? approvePermit(policy, permit, by, this.now())
          : denyPermit(policy, permit, by, this.now(), decision.reason),
      );
      pending.remove(permit.id);
      await audit.append({
        actor: `steward:${decision.decidedBy.email}`,
        action: decision.decision === 'approve' ? 'permit.approved' : 'permit.denied',
        permitId: permit.id,
        subject: decision.id,
        details: { via: 'hub', userId: decision.decidedBy.userId, decidedAt: decision.decidedAt },
      });
    }
    this.record(decision.id, { outcome: 'applied' });
  }

  private record(decisionId: string, outcome: Omit<Outcome, 'reported'> & { reported?: boolean }): void {
    const entries = Object.entries({ ...this.outcomes.get(), [decisionId]: { reported: false, ...outcome } });
    this.outcomes.set(Object.fromEntries(entries.slice(-KEPT_OUTCOMES)));
    this.changed();
  }
}

function decisionIdOf(signed: unknown): string | undefined {
  const d = (signed as { decision?: { id?: unknown } } | null)?.decision;
  return typeof d?.id === 'string' && d.id.length > 0 && d.id.length <= 200 ? d.id : undefined;
}
