import type { RunInput, RunView, TaskStatus } from '../../api/run-schemas.ts';
import type { AuditInput } from '../../audit/index.ts';
import { badInput, conflict, forbidden, notFound, unprocessable } from '../../common/app-error.ts';
import { badInputFromZod } from '../../common/input-issues.ts';
import { strictSafeParse } from '../../common/strict-parse.ts';
import type { AlgorithmRef, Permit, TaskResult } from '../../protocol/messages.ts';
import { digestJson } from '../../protocol/signing.ts';
import { getPermit, seesAll } from '../access/access-service.ts';
import type { UserPrincipal } from '../auth/principal.ts';
import type { HubQueryable } from '../db/hub-db.ts';
import { json } from '../db/row-values.ts';
import type { HubContext } from '../hub-context.ts';
import { newId } from '../new-id.ts';
import type { RunRow } from './run-row.ts';
import { getRun } from './run-view.ts';
import { answeredMessage, isStoredAnswer, type StoredAnswer } from './task-answer.ts';
import { issueTasks, OPEN } from './task-queue.ts';

/** The holder of a permit starts an analysis: one signed task per permitted station, round 0. */
export async function createRun(ctx: HubContext, by: UserPrincipal, input: RunInput): Promise<RunView> {
  const record = await getPermit(ctx, input.permitId);
  if (!record || (record.holderUserId !== by.userId && by.role !== 'admin')) {
    if (record && seesAll(by)) throw forbidden('only the permit holder starts runs', 'permitId');
    throw notFound('no such permit', 'permitId');
  }
  if (record.holderUserId !== by.userId) throw forbidden('only the permit holder starts runs', 'permitId');
  if (record.status !== 'active') {
    const reason = record.status === 'revoked' ? 'permit-revoked' : 'permit-expired';
    throw forbidden(`permit is ${record.status}`, 'permitId', { reason });
  }
  const permit = record.permit;
  const allowed = permit.algorithms.find(
    (a) => a.name === input.algorithm.name && a.version === input.algorithm.version,
  );
  if (!allowed)
    throw forbidden('algorithm name and version are not in the permit', 'algorithm', {
      reason: 'algorithm-not-in-permit',
    });
  const central = ctx.centralHalves.get(input.algorithm.name, input.algorithm.version);
  if (!central) throw unprocessable('the hub does not know this algorithm version', 'algorithm');
  if (allowed.hash && allowed.hash !== central.hash) {
    throw forbidden('the permit names a different build (hash) of this algorithm', 'algorithm');
  }
  if (central.inputSchema) {
    // Unknown fields are refused, not stored and sent on to every station.
    const parsed = strictSafeParse(central.inputSchema, input.input);
    if (!parsed.success)
      throw badInputFromZod(
        parsed.error,
        'input',
        `does not fit the input of ${input.algorithm.name}@${input.algorithm.version}`,
        { pathInWhere: true },
      );
  }
  const algorithm: AlgorithmRef = { ...input.algorithm, hash: central.hash };
  const runId = newId('run');
  await ctx.db.transaction(async (tx) => {
    await tx.query(
      `insert into runs (id, permit_id, user_id, algorithm, input, round_input, round, status, created_at)
       values ($1, $2, $3, $4::jsonb, $5::jsonb, $5::jsonb, 0, 'running', $6)`,
      [
        runId,
        permit.id,
        by.userId,
        JSON.stringify(algorithm),
        JSON.stringify(input.input ?? null),
        ctx.now(),
      ],
    );
    const notes = await issueTasks(ctx, tx, {
      runId,
      round: 0,
      permit,
      algorithm,
      input: input.input,
      stations: permit.stations,
    });
    // Rolls the run back with the refusal.
    if (!notes)
      throw forbidden('the query budget of this permit is used up', 'permitId', {
        reason: 'budget-exhausted',
      });
    await ctx.audit.recordIn(tx, [
      { actor: `user:${by.userId}`, action: 'run.created', permitId: permit.id, subject: runId },
      ...notes,
    ]);
  });
  // Only now are the tasks visible to the stations' long-polls.
  for (const s of permit.stations) ctx.notifyStation(s);
  return getRun(ctx, by, runId);
}

/** A station's answer: checked against the task it was given, then combined when the round is complete. */
export async function recordResult(
  ctx: HubContext,
  stationId: string,
  result: TaskResult,
): Promise<{ accepted: true; duplicate?: true }> {
  if (result.stationId !== stationId) throw forbidden('the result names another station', 'stationId');
  if (result.status === 'done' && digestJson(result.output) !== result.digest) {
    throw badInput('digest is not the SHA-256 of the canonical JSON of output', 'digest');
  }
  const now = ctx.now();
  const outcome = await ctx.db.transaction(async (tx) => {
    // The answer is stored only if the task is this station's and still open; the same statement
    // locks the task's row, then its run's row (always in that order). Otherwise the task is looked
    // up to say why not.
    const stored = `with task as (
         update tasks set %SET%
         where id = $1 and station_id = $2 and status in ('pending', 'delivered')
         returning run_id)
       select r.id, r.permit_id, r.algorithm, r.round_input, r.round, r.status
       from task join runs r on r.id = task.run_id
       for update of r`;
    const updated =
      result.status === 'done'
        ? await tx.query<LockedRun>(
            stored.replace(
              '%SET%',
              `status = 'done', answered_at = $3, output = $4::jsonb, digest = $5, data_version = $6`,
            ),
            [
              result.taskId,
              stationId,
              now,
              JSON.stringify(result.output ?? null),
              result.digest,
              result.dataVersion,
            ],
          )
        : await tx.query<LockedRun>(
            stored.replace('%SET%', 'status = $3, answered_at = $4, reason = $5, message = $6'),
            [
              result.taskId,
              stationId,
              result.status,
              now,
              result.status === 'refused' ? result.reason : null,
              result.message.slice(0, 2000),
            ],
          );
    const run = updated[0];
    if (!run) {
      const rows = await tx.query<StoredAnswer & { station_id: string }>(
        'select station_id, status, digest, data_version, reason from tasks where id = $1',
        [result.taskId],
      );
      const found = rows[0];
      if (!found) throw notFound('no such task', 'taskId');
      if (found.station_id !== stationId) throw forbidden('this task was not sent to this station', 'taskId');
      if (isStoredAnswer(found, result)) return undefined;
      throw conflict(answeredMessage(found), 'taskId');
    }
    const advanced = await advanceRun(ctx, tx, run.id, run);
    await ctx.audit.recordIn(tx, [
      {
        actor: `station:${stationId}`,
        action: `task.${result.status}`,
        permitId: run.permit_id,
        subject: result.taskId,
        ...(result.status === 'done' ? { resultDigest: result.digest } : {}),
        ...(result.status === 'refused' ? { details: { reason: result.reason } } : {}),
      },
      ...advanced.notes,
    ]);
    return { runId: run.id, wake: advanced.wake, finished: advanced.finished };
  });
  if (!outcome) return { accepted: true, duplicate: true };
  const { runId, wake, finished } = outcome;
  ctx.notifyRun(runId, finished);
  for (const s of wake) ctx.notifyStation(s);
  ctx.log.info({ runId, taskId: result.taskId, stationId, status: result.status }, 'task result');
  return { accepted: true };
}

/** Marks open tasks past their expiry as timed out and moves their runs on. Returns how many timed out. */
export async function timeoutExpiredTasks(ctx: HubContext): Promise<number> {
  const now = ctx.now();
  const { n, moved } = await ctx.db.transaction(async (tx) => {
    const rows = await tx.query<{ id: string; run_id: string; permit_id: string }>(
      `update tasks set status = 'timed-out', answered_at = $1
       where status in ('pending','delivered') and expires_at <= $1
       returning id, run_id, permit_id`,
      [now],
    );
    const notes: AuditInput[] = rows.map((r) => ({
      actor: 'hub',
      action: 'task.timed-out',
      permitId: r.permit_id,
      subject: r.id,
    }));
    const advanced = await advanceRuns(ctx, tx, rows);
    await ctx.audit.recordIn(tx, [...notes, ...advanced.notes]);
    return { n: rows.length, moved: advanced };
  });
  notifyAfterCommit(ctx, moved);
  return n;
}

/** After a revocation: tasks not yet delivered will never run; refuse them on the hub's side. */
export async function withdrawPermitTasks(ctx: HubContext, permitId: string): Promise<void> {
  const now = ctx.now();
  const moved = await ctx.db.transaction(async (tx) => {
    const rows = await tx.query<{ id: string; run_id: string }>(
      `update tasks set status = 'refused', reason = 'permit-revoked', message = 'permit revoked before delivery', answered_at = $2
       where permit_id = $1 and status = 'pending' returning id, run_id`,
      [permitId, now],
    );
    const notes: AuditInput[] = rows.map((r) => ({
      actor: 'hub',
      action: 'task.withdrawn',
      permitId,
      subject: r.id,
    }));
    const advanced = await advanceRuns(ctx, tx, rows);
    await ctx.audit.recordIn(tx, [...notes, ...advanced.notes]);
    return advanced;
  });
  notifyAfterCommit(ctx, moved);
}

/** Moves on every run that one of `tasks` belongs to. */
async function advanceRuns(
  ctx: HubContext,
  tx: HubQueryable,
  tasks: readonly { run_id: string }[],
): Promise<{ notes: AuditInput[]; runIds: string[]; finishedRunIds: string[]; wake: string[] }> {
  const runIds = [...new Set(tasks.map((r) => r.run_id))];
  const notes: AuditInput[] = [];
  const wake: string[] = [];
  const finishedRunIds: string[] = [];
  for (const runId of runIds) {
    const advanced = await advanceRun(ctx, tx, runId);
    notes.push(...advanced.notes);
    wake.push(...advanced.wake);
    if (advanced.finished) finishedRunIds.push(runId);
  }
  return { notes, runIds, finishedRunIds, wake };
}

function notifyAfterCommit(
  ctx: HubContext,
  moved: { runIds: readonly string[]; finishedRunIds: readonly string[]; wake: readonly string[] },
): void {
  for (const r of moved.runIds) ctx.notifyRun(r, moved.finishedRunIds.includes(r));
  for (const s of new Set(moved.wake)) ctx.notifyStation(s);
}

/** A run's row as {@link advanceRun} needs it, read under the row's lock. */
type LockedRun = Pick<RunRow, 'id' | 'permit_id' | 'algorithm' | 'round_input' | 'round' | 'status'>;

/**
 * When every task of the run's current round is answered (or timed out): combine the partials with the
 * algorithm's central half, then finish the run or issue the next round to the stations that answered.
 */
async function advanceRun(
  ctx: HubContext,
  tx: HubQueryable,
  runId: string,
  /** The run's row, when the caller has already read it under its lock. */
  locked?: LockedRun,
): Promise<{ notes: AuditInput[]; wake: string[]; finished: boolean }> {
  const none = { notes: [], wake: [], finished: false };
  const run =
    locked ??
    (
      await tx.query<LockedRun>(
        'select id, permit_id, algorithm, round_input, round, status from runs where id = $1 for update',
        [runId],
      )
    )[0];
  if (run?.status !== 'running') return none;
  // A statement of its own, after the lock: it sees the answers committed while this one waited.
  const tasks = await tx.query<{ station_id: string; status: TaskStatus; output: unknown }>(
    'select station_id, status, output from tasks where run_id = $1 and round = $2 order by station_id',
    [runId, run.round],
  );
  if (tasks.some((t) => OPEN.includes(t.status))) return none;
  const algorithm = json<AlgorithmRef>(run.algorithm);
  const now = ctx.now();
  const fail = async (error: string): Promise<{ notes: AuditInput[]; wake: string[]; finished: boolean }> => {
    await tx.query(`update runs set status = 'failed', error = $2, finished_at = $3 where id = $1`, [
      runId,
      error,
      now,
    ]);
    return {
      notes: [
        { actor: 'hub', action: 'run.failed', permitId: run.permit_id, subject: runId, details: { error } },
      ],
      wake: [],
      finished: true,
    };
  };
  const partials = tasks
    .filter((t) => t.status === 'done')
    .map((t) => ({ stationId: t.station_id, output: json<unknown>(t.output) }));
  if (partials.length === 0) return fail(`no station answered round ${run.round}`);
  const central = ctx.centralHalves.get(algorithm.name, algorithm.version);
  if (!central || central.hash !== algorithm.hash)
    return fail('the central half of this algorithm is no longer available');
  let step: ReturnType<typeof central.central>;
  try {
    step = central.central(partials, json<unknown>(run.round_input), run.round);
  } catch (e) {
    ctx.log.warn({ runId, error: e instanceof Error ? e.name : 'unknown' }, 'central half threw');
    return fail(`the central half failed in round ${run.round}`);
  }
  if (step.done) {
    // A result that is not JSON (a NaN or an infinity from a central half) cannot be stored or digested:
    // it fails the run. Thrown here, outside the guard above, it left the run running for good and
    // stopped the runs after it from finishing.
    let digest: string;
    try {
      digest = digestJson(step.result ?? null);
    } catch {
      return fail(`the central half returned a result that is not JSON in round ${run.round}`);
    }
    await tx.query(
      `update runs set status = 'done', result = $2::jsonb, result_digest = $3, finished_at = $4 where id = $1`,
      [runId, JSON.stringify(step.result ?? null), digest, now],
    );
    return {
      notes: [
        { actor: 'hub', action: 'run.done', permitId: run.permit_id, subject: runId, resultDigest: digest },
      ],
      wake: [],
      finished: true,
    };
  }
  const next = run.round + 1;
  if (next >= central.maxRounds) return fail(`not converged within ${central.maxRounds} rounds`);
  const permits = await tx.query<{ body: unknown; status: string; expires_at: Date }>(
    'select body, status, expires_at from permits where id = $1',
    [run.permit_id],
  );
  const p = permits[0]!;
  if (p.status !== 'active' || p.expires_at.getTime() <= now.getTime())
    return fail('the permit is no longer active');
  const permit = json<Permit>(p.body);
  const stations = partials.map((x) => x.stationId);
  const notes = await issueTasks(ctx, tx, {
    runId,
    round: next,
    permit,
    algorithm,
    input: step.nextInput,
    stations,
  });
  if (!notes) return fail(`the query budget ran out before round ${next}`);
  await tx.query('update runs set round = $2, round_input = $3::jsonb where id = $1', [
    runId,
    next,
    JSON.stringify(step.nextInput ?? null),
  ]);
  // The caller wakes these stations once the new tasks are committed.
  return { notes, wake: stations, finished: false };
}
