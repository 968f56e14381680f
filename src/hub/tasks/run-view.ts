import type { RunView, TaskStatus } from '../../api/run-schemas.ts';
import { notFound } from '../../common/app-error.ts';
import type { AlgorithmRef, RefusalReason } from '../../protocol/messages.ts';
import { digestJson } from '../../protocol/signing.ts';
import { seesAll } from '../access/access-service.ts';
import type { UserPrincipal } from '../auth/principal.ts';
import { iso, json } from '../db/row-values.ts';
import type { HubContext } from '../hub-context.ts';
import type { RunRow } from './run-row.ts';
import { OPEN } from './task-queue.ts';

/** A run with per-round, per-station status, its result and its provenance. */
export async function getRun(ctx: HubContext, by: UserPrincipal, id: string): Promise<RunView> {
  const runs = await ctx.db.query<RunRow>('select * from runs where id = $1', [id]);
  const r = runs[0];
  if (!r || (r.user_id !== by.userId && !seesAll(by))) throw notFound('no such run', 'id');
  return toRunView(ctx, r);
}

/** Whether a run the caller may see is still running (one light read, for a client waiting for its end). */
export async function runIsRunning(ctx: HubContext, by: UserPrincipal, id: string): Promise<boolean> {
  const runs = await ctx.db.query<Pick<RunRow, 'user_id' | 'status'>>(
    'select user_id, status from runs where id = $1',
    [id],
  );
  const r = runs[0];
  if (!r || (r.user_id !== by.userId && !seesAll(by))) throw notFound('no such run', 'id');
  return r.status === 'running';
}

export async function listRuns(ctx: HubContext, by: UserPrincipal, permitId?: string): Promise<RunView[]> {
  const rows = await ctx.db.query<RunRow>(
    `select * from runs where ($1::text is null or user_id = $1) and ($2::text is null or permit_id = $2)
     order by created_at desc, id limit 200`,
    [seesAll(by) ? null : by.userId, permitId ?? null],
  );
  return Promise.all(rows.map((r) => toRunView(ctx, r)));
}

async function toRunView(ctx: HubContext, r: RunRow): Promise<RunView> {
  const tasks = await ctx.db.query<{
    id: string;
    round: number;
    station_id: string;
    station_name: string;
    status: TaskStatus;
    reason: RefusalReason | null;
    message: string | null;
    data_version: string | null;
    digest: string | null;
    issued_at: Date;
    expires_at: Date;
    delivered_at: Date | null;
    answered_at: Date | null;
  }>(
    `select t.id, t.round, t.station_id, s.name as station_name, t.status, t.reason, t.message, t.data_version,
            t.digest, t.issued_at, t.expires_at, t.delivered_at, t.answered_at
     from tasks t join stations s on s.id = t.station_id where t.run_id = $1 order by t.round, s.name, t.station_id`,
    [r.id],
  );
  const rounds: RunView['rounds'] = [];
  const answered = new Map<string, RunView['provenance']['answered'][number]>();
  const missing: RunView['provenance']['missing'] = [];
  for (const t of tasks) {
    let round = rounds.find((x) => x.round === t.round);
    if (!round) {
      round = { round: t.round, stations: [] };
      rounds.push(round);
    }
    round.stations.push({
      taskId: t.id,
      stationId: t.station_id,
      stationName: t.station_name,
      status: t.status,
      ...(t.reason ? { reason: t.reason } : {}),
      ...(t.message ? { message: t.message } : {}),
      ...(t.data_version ? { dataVersion: t.data_version } : {}),
      ...(t.digest ? { digest: t.digest } : {}),
      issuedAt: iso(t.issued_at)!,
      expiresAt: iso(t.expires_at)!,
      ...(t.delivered_at ? { deliveredAt: iso(t.delivered_at)! } : {}),
      ...(t.answered_at ? { answeredAt: iso(t.answered_at)! } : {}),
    });
    if (t.status === 'done') {
      const a = answered.get(t.station_id) ?? {
        stationId: t.station_id,
        stationName: t.station_name,
        dataVersion: t.data_version ?? '',
        rounds: [],
      };
      a.rounds.push(t.round);
      answered.set(t.station_id, a);
    } else if (!OPEN.includes(t.status)) {
      missing.push({
        stationId: t.station_id,
        stationName: t.station_name,
        round: t.round,
        status: t.status,
        ...(t.reason ? { reason: t.reason } : {}),
        ...(t.message ? { message: t.message } : {}),
      });
    }
  }
  const algorithm = json<AlgorithmRef>(r.algorithm);
  return {
    id: r.id,
    permitId: r.permit_id,
    userId: r.user_id,
    algorithm,
    input: json<unknown>(r.input),
    status: r.status,
    round: r.round,
    rounds,
    ...(r.result !== null && r.result !== undefined ? { result: json<unknown>(r.result) } : {}),
    ...(r.result_digest ? { resultDigest: r.result_digest } : {}),
    ...(r.error ? { error: r.error } : {}),
    createdAt: iso(r.created_at)!,
    ...(r.finished_at ? { finishedAt: iso(r.finished_at)! } : {}),
    version: digestJson([r.status, r.round, tasks.map((t) => [t.id, t.status])]).slice(0, 16),
    provenance: { permitId: r.permit_id, algorithm, answered: [...answered.values()], missing },
  };
}
