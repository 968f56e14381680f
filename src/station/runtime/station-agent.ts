import type { Logger } from 'pino';
import type { AuditLog } from '../../audit/index.ts';
import { isAppError } from '../../common/app-error.ts';
import type { SignedAuditHead } from '../../protocol/audit-head.ts';
import type { RefusalReason, Task, TaskEnvelope, TaskResult } from '../../protocol/messages.ts';
import { digestJson } from '../../protocol/signing.ts';
import type { HubAnswer, HubConnection } from './hub-connection.ts';
import { type PendingPermits, PermitUsage, RevokedPermits } from './permit-usage.ts';
import { ResultOutbox } from './result-outbox.ts';
import type { StewardDesk } from './steward-desk.ts';

/** Answers of the hub after which sending the same result again cannot succeed. */
const REFUSED_FOR_GOOD: ReadonlySet<number> = new Set([400, 403, 404, 409, 410, 413, 422]);

/** The station's verdict on a task before anything runs (signature, permit, policy). */
export type GateDecision = { ok: true; task: Task } | { ok: false; reason: RefusalReason; message: string };

export interface StationAgentOptions {
  stationId: string;
  hub: HubConnection;
  /** Checks signature, permit, purpose, algorithm and station against the station's own policy. */
  gate(envelope: TaskEnvelope, revokedPermitIds: ReadonlySet<string>): GateDecision | Promise<GateDecision>;
  /** Runs the algorithm's local half with disclosure control; throws an AppError to refuse. */
  execute(task: Task): Promise<unknown>;
  dataVersion(): Promise<string>;
  audit: AuditLog;
  usage?: PermitUsage;
  revoked?: RevokedPermits;
  logger?: Logger;
  version?: string;
  pollWaitSeconds?: number;
  heartbeatSeconds?: number;
  /** Signed permits waiting for the steward's approval are kept here. */
  pending?: PendingPermits;
  /** Results on their way to the hub, kept until it acknowledges them (in memory when not given). */
  outbox?: ResultOutbox;
  /** The newest signed head of the station's audit chain, sent with heartbeats and results. */
  auditHead?: () => SignedAuditHead | undefined;
  /** Reports policy and waiting permits to the hub and applies its stewards' decisions from there. */
  steward?: StewardDesk;
  /** Told about every task the station handles (for a status line in the CLI or UI). */
  onTask?(result: TaskResult): void;
}

/**
 * The station side of the federation: connects out to the hub, long-polls for signed tasks, checks each
 * against its own policy (it does not trust the hub), runs what passes, and returns only aggregates.
 * Every decision goes into the station's own hash-chained audit log.
 */
export class StationAgent {
  private readonly usage: PermitUsage;
  private readonly revoked: RevokedPermits;
  private readonly outbox: ResultOutbox;
  private running = false;
  private abort: AbortController | undefined;
  private loop: Promise<void> | undefined;
  private lastHeartbeat = 0;

  constructor(private readonly options: StationAgentOptions) {
    this.usage = options.usage ?? new PermitUsage();
    this.revoked = options.revoked ?? new RevokedPermits();
    this.outbox = options.outbox ?? new ResultOutbox();
  }

  /**
   * One poll: first sends the results still waiting in the outbox (throws, without polling, while the
   * hub does not take them), then handles every task the hub has for this station, one after another.
   * Each result is in the outbox before it is sent; one the hub cannot take now waits there for the next
   * poll. Returns how many tasks were handled.
   */
  async pollOnce(waitSeconds = 0, signal?: AbortSignal): Promise<number> {
    await this.sendWaiting();
    await this.heartbeatIfDue();
    const response = await this.options.hub.poll({ waitSeconds, signal });
    this.revoked.add(response.revokedPermitIds);
    if (response.stewardDecisions?.length) await this.options.steward?.apply(response.stewardDecisions);
    for (const envelope of response.tasks) {
      const result = await this.handle(envelope);
      await this.outbox.put(result);
      try {
        await this.send(result);
      } catch (e) {
        this.options.logger?.warn(
          { taskId: result.taskId, err: e instanceof Error ? e.message : String(e) },
          'result not delivered; kept in the outbox',
        );
      }
      this.options.onTask?.(result);
    }
    return response.tasks.length;
  }

  /** Sends every result in the outbox, oldest first; throws at the first the hub cannot take now. */
  async sendWaiting(): Promise<number> {
    const waiting = this.outbox.pending();
    for (const result of waiting) await this.send(result);
    return waiting.length;
  }

  /**
   * Sends one result and drops it from the outbox once the hub has it. A result the hub refuses for
   * good (a 4xx other than 401 and 429: the task timed out, was answered otherwise, is not this
   * station's) is dropped too, with a warning; anything else (hub down, overloaded) is thrown, and the
   * result waits.
   */
  private async send(result: TaskResult): Promise<void> {
    try {
      this.checkAnswer(await this.options.hub.submitResult(result, this.options.auditHead?.()));
    } catch (e) {
      if (!isAppError(e) || !REFUSED_FOR_GOOD.has(e.status)) throw e;
      this.options.logger?.warn(
        { taskId: result.taskId, status: e.status, err: e.message },
        'the hub refused the result; dropped from the outbox',
      );
    }
    await this.outbox.acknowledged(result.taskId);
  }

  /** Handles one task envelope and returns what goes back to the hub. Never throws. */
  async handle(envelope: TaskEnvelope): Promise<TaskResult> {
    const { stationId, audit } = this.options;
    const taskId = typeof envelope?.task?.id === 'string' ? envelope.task.id : 'unknown';
    const permitId = typeof envelope?.task?.permit?.id === 'string' ? envelope.task.permit.id : undefined;
    const refuse = async (reason: RefusalReason, message: string): Promise<TaskResult> => {
      await audit.append({
        actor: `station:${stationId}`,
        action: 'task.refused',
        subject: taskId,
        ...(permitId ? { permitId } : {}),
        details: { reason },
      });
      return { status: 'refused', taskId, stationId, reason, message };
    };

    const decision = await this.options.gate(envelope, this.revoked.all());
    if (!decision.ok) {
      // The gate checked the signature before it asks for approval, so this permit is the hub's.
      if (decision.reason === 'permit-not-approved') {
        this.options.pending?.add(envelope.task.permit);
        this.options.steward?.changed();
      }
      return refuse(decision.reason, decision.message);
    }
    const { task } = decision;
    if (!this.usage.allows(task.permit.id, task.runId, task.permit.queryBudget)) {
      return refuse(
        'budget-exhausted',
        `permit ${task.permit.id} has used its budget of ${task.permit.queryBudget} runs`,
      );
    }

    try {
      const output = await this.options.execute(task);
      const digest = digestJson(output);
      // The run's count, then the audit entry, are on disk before the result leaves; the count's flush
      // overlaps with reading the data version.
      const [, dataVersion] = await Promise.all([
        this.usage.record(task.permit.id, task.runId),
        this.options.dataVersion(),
      ]);
      await audit.append({
        actor: `station:${stationId}`,
        action: 'task.done',
        subject: task.id,
        permitId: task.permit.id,
        resultDigest: digest,
        details: {
          algorithm: `${task.algorithm.name}@${task.algorithm.version}`,
          round: task.round,
          dataVersion,
        },
      });
      return { status: 'done', taskId: task.id, stationId, output, dataVersion, digest };
    } catch (e) {
      if (isAppError(e)) {
        const reason = e.details?.reason;
        if (reason) return refuse(reason, e.message);
        if (e.code === 'badInput' || e.code === 'unprocessable') return refuse('invalid-input', e.message);
      }
      // Unexpected errors may carry data in their message: only a generic text leaves the station.
      this.options.logger?.error(
        { taskId: task.id, err: e instanceof Error ? e.name : 'unknown' },
        'task failed',
      );
      await audit.append({
        actor: `station:${stationId}`,
        action: 'task.failed',
        subject: task.id,
        permitId: task.permit.id,
      });
      return { status: 'failed', taskId: task.id, stationId, message: 'the algorithm failed at the station' };
    }
  }

  /** Keeps polling until {@link stop}; reconnects with back-off when the hub is unreachable. */
  start(): void {
    if (this.running) return;
    this.running = true;
    this.abort = new AbortController();
    const wait = this.options.pollWaitSeconds ?? 25;
    this.loop = (async () => {
      let backoff = 500;
      while (this.running) {
        try {
          const started = Date.now();
          const handled = await this.pollOnce(wait, this.abort?.signal);
          backoff = 500;
          // A hub that answers an empty poll at once (not long-polling) must not make the station spin.
          if (handled === 0 && Date.now() - started < 200) await new Promise((r) => setTimeout(r, 200));
        } catch (e) {
          if (!this.running) break;
          this.options.logger?.warn(
            { err: e instanceof Error ? e.message : String(e) },
            'hub unreachable, retrying',
          );
          await new Promise((r) => setTimeout(r, backoff));
          backoff = Math.min(backoff * 2, 15_000);
        }
      }
    })();
  }

  async stop(): Promise<void> {
    this.running = false;
    this.abort?.abort();
    await this.loop;
  }

  /** A heartbeat when one is due, or at once when the stewards' report changed (it goes with it). */
  private async heartbeatIfDue(): Promise<void> {
    const every = (this.options.heartbeatSeconds ?? 20) * 1000;
    const steward = this.options.steward;
    if (Date.now() - this.lastHeartbeat < every && !steward?.needsReport()) return;
    const auditHead = this.options.auditHead?.();
    const report = steward?.needsReport() ? await steward.report() : undefined;
    const answer = await this.options.hub.heartbeat({
      dataVersion: await this.options.dataVersion(),
      version: this.options.version ?? '0.1.0',
      ...(auditHead ? { auditHead } : {}),
      ...(report
        ? { steward: { policy: report.policy, waiting: report.waiting, outcomes: report.outcomes } }
        : {}),
    });
    this.checkAnswer(answer);
    if (report) steward?.reported(report);
    this.lastHeartbeat = Date.now();
  }

  /** A refused audit head is the station's alarm: its chain no longer extends what it signed before. */
  private checkAnswer(answer: HubAnswer | undefined): void {
    if (answer?.auditHead?.accepted === false)
      this.options.logger?.error(
        { problem: answer.auditHead.problem },
        "the hub refused this station's signed audit head",
      );
  }
}
