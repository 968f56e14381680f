import type { TaskStatus } from '../../api/run-schemas.ts';
import type { AuditInput } from '../../audit/index.ts';
import type { AlgorithmRef, Permit, Task, TaskEnvelope } from '../../protocol/messages.ts';
import { signJson } from '../../protocol/signing.ts';
import { REVOKED_PERMITS_OF_STATION_SQL } from '../access/access-service.ts';
import type { HubQueryable } from '../db/hub-db.ts';
import { json } from '../db/row-values.ts';
import type { HubContext } from '../hub-context.ts';
import { newId } from '../new-id.ts';

/**
 * The task queue: signing a round's tasks, storing them, and handing them to stations (safe with
 * several hub instances on one database).
 */
export const OPEN: readonly TaskStatus[] = ['pending', 'delivered'];

interface SignedTasks {
  rows: { id: string; stationId: string; envelope: string }[];
  notes: AuditInput[];
  issuedAt: Date;
  expiresAt: Date;
}

/** The signed task envelopes of one round, one per station, and their audit entries (nothing stored yet). */
function signTasks(
  ctx: HubContext,
  spec: {
    runId: string;
    round: number;
    permit: Permit;
    algorithm: AlgorithmRef;
    input: unknown;
    stations: readonly string[];
  },
): SignedTasks {
  const now = ctx.now();
  const expires = Math.min(now.getTime() + ctx.taskTtlMs, Date.parse(spec.permit.expiresAt));
  const notes: AuditInput[] = [];
  const rows: SignedTasks['rows'] = [];
  for (const stationId of spec.stations) {
    const task: Task = {
      id: newId('tsk'),
      runId: spec.runId,
      round: spec.round,
      stationId,
      permit: spec.permit,
      algorithm: spec.algorithm,
      input: spec.input ?? null,
      issuedAt: now.toISOString(),
      expiresAt: new Date(expires).toISOString(),
    };
    const envelope: TaskEnvelope = {
      task,
      keyId: ctx.keys.keyId,
      signature: signJson(task, ctx.keys.privateKeyPem),
    };
    rows.push({ id: task.id, stationId, envelope: JSON.stringify(envelope) });
    notes.push({
      actor: 'hub',
      action: 'task.issued',
      permitId: spec.permit.id,
      subject: task.id,
      details: { runId: spec.runId, round: spec.round, stationId },
    });
  }
  return { rows, notes, issuedAt: now, expiresAt: new Date(expires) };
}

/**
 * Signs the tasks of a round and stores them if the permit's query budget (tasks per station, the
 * protocol's definition) allows one more at each of the round's stations: one statement, so either
 * every task of the round is stored or none is. Returns the tasks' audit entries, or `undefined` when
 * the budget is spent (nothing stored).
 */
export async function issueTasks(
  ctx: HubContext,
  tx: HubQueryable,
  spec: Parameters<typeof signTasks>[1],
): Promise<AuditInput[] | undefined> {
  const signed = signTasks(ctx, spec);
  const rows = await tx.query<{ stored: string | number }>(
    `with spent as (
       select 1 from tasks where permit_id = $3 and station_id = any($7::text[])
       group by station_id having count(*) >= $9),
     added as (
       insert into tasks (id, run_id, round, station_id, permit_id, status, envelope, issued_at, expires_at)
       select t.id, $1, $2, t.station_id, $3, 'pending', t.envelope, $4, $5
       from unnest($6::text[], $7::text[], $8::jsonb[]) as t(id, station_id, envelope)
       where not exists (select 1 from spent)
       returning id)
     select count(*) as stored from added`,
    [
      spec.runId,
      spec.round,
      spec.permit.id,
      signed.issuedAt,
      signed.expiresAt,
      signed.rows.map((r) => r.id),
      signed.rows.map((r) => r.stationId),
      signed.rows.map((r) => r.envelope),
      spec.permit.queryBudget,
    ],
  );
  return Number(rows[0]?.stored) === signed.rows.length ? signed.notes : undefined;
}

/**
 * Claims up to `limit` tasks of a station (safe with several hub instances on one database), and reads
 * the revoked permits naming it, in one statement. Pending tasks are claimed, and so are tasks this
 * station was handed before `pollStartedAt` and never answered: a station works through the tasks of
 * one poll before it polls again, so such a task was lost (the station died with it, or the answer to
 * that poll never reached it) and is delivered again. Tasks another poll of the same moment claimed
 * are not handed out twice.
 */
export async function claimTasks(
  ctx: HubContext,
  stationId: string,
  options: { pollStartedAt?: Date; limit?: number } = {},
): Promise<{ tasks: TaskEnvelope[]; revokedPermitIds: string[] }> {
  const now = ctx.now();
  const rows = await ctx.db.query<{
    id: string;
    envelope: unknown;
    issued_at: Date | null;
    permit_id: string | null;
    was: TaskStatus | null;
    revoked: boolean;
  }>(
    `with claimed as (
       update tasks t set status = 'delivered', delivered_at = $2
       from (
         select id, status from tasks
         where station_id = $1 and expires_at > $2
           and (status = 'pending' or (status = 'delivered' and delivered_at < $4))
         order by issued_at, id
         for update skip locked
         limit $3) c
       where t.id = c.id
       returning t.id, t.envelope, t.issued_at, t.permit_id, c.status as was)
     select id, envelope, issued_at, permit_id, was, false as revoked from claimed
     union all
     select id, null, null, null, null, true from (${REVOKED_PERMITS_OF_STATION_SQL}) as revoked`,
    [stationId, now, options.limit ?? 20, options.pollStartedAt ?? now],
  );
  const claimed = rows.filter((r) => !r.revoked);
  claimed.sort((a, b) => a.issued_at!.getTime() - b.issued_at!.getTime() || a.id.localeCompare(b.id));
  const tasks = claimed.map((r) => json<TaskEnvelope>(r.envelope));
  // Rare (a station that died or lost a poll's answer), so recorded apart from the claim, which stays
  // one statement for every poll.
  for (const r of claimed.filter((c) => c.was === 'delivered')) {
    await ctx.audit.record({
      actor: 'hub',
      action: 'task.redelivered',
      permitId: r.permit_id!,
      subject: r.id,
      details: { stationId },
    });
  }
  for (const runId of new Set(tasks.map((e) => e.task.runId))) ctx.notifyRun(runId);
  const revokedPermitIds = rows
    .filter((r) => r.revoked)
    .map((r) => r.id)
    .sort();
  return { tasks, revokedPermitIds };
}

/** Puts claimed tasks back when the station hung up before they could be sent. */
export async function unclaimTasks(ctx: HubContext, taskIds: readonly string[]): Promise<void> {
  if (taskIds.length === 0) return;
  const rows = await ctx.db.query<{ run_id: string }>(
    `update tasks set status = 'pending', delivered_at = null where id = any($1::text[]) and status = 'delivered'
     returning run_id`,
    [taskIds],
  );
  for (const runId of new Set(rows.map((r) => r.run_id))) ctx.notifyRun(runId);
}
