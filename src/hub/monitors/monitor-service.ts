import { MONITOR_ALGORITHM, type MonitorInput, type MonitorView } from '../../api/monitor-schemas.ts';
import { badInput, forbidden, notFound, unprocessable } from '../../common/app-error.ts';
import type { EhdsPurpose } from '../../common/ehds-purposes.ts';
import { badInputFromZod } from '../../common/input-issues.ts';
import {
  type MonitorDefinition,
  MonitorDefinitionSchema,
  monthLabel,
  monthNumber,
} from '../../monitoring/monitor-definition.ts';
import { getPermit, seesAll } from '../access/access-service.ts';
import type { UserPrincipal } from '../auth/principal.ts';
import { iso, json } from '../db/row-values.ts';
import type { HubContext } from '../hub-context.ts';
import { newId } from '../new-id.ts';
import { createRun } from '../tasks/run-lifecycle.ts';

/** The purposes of secondary use a monitor may run under (EHDS Article 53(1) a and b). */
export const MONITOR_PURPOSES: readonly EhdsPurpose[] = ['public-health', 'policy'];

interface MonitorRow {
  id: string;
  name: string;
  owner: string;
  permit_id: string;
  created_by: string;
  definition: unknown;
  created_at: unknown;
}

interface HistoryRow {
  month: string;
  run_id: string;
  status: 'running' | 'done' | 'failed';
  created_at: unknown;
  finished_at: unknown;
  result_digest: string | null;
}

/** Checks the permit: the caller holds it, it is active, for public-health or policy, and allows monitors. */
async function checkPermit(ctx: HubContext, by: UserPrincipal, permitId: string): Promise<void> {
  const record = await getPermit(ctx, permitId);
  if (!record || (record.holderUserId !== by.userId && !seesAll(by)))
    throw notFound('no such permit', 'permitId');
  if (record.holderUserId !== by.userId)
    throw forbidden('only the permit holder registers monitors', 'permitId');
  if (record.status !== 'active') {
    throw forbidden(`permit is ${record.status}`, 'permitId', {
      reason: record.status === 'revoked' ? 'permit-revoked' : 'permit-expired',
    });
  }
  if (!MONITOR_PURPOSES.includes(record.permit.purpose)) {
    throw forbidden(`a monitor needs a permit for ${MONITOR_PURPOSES.join(' or ')}`, 'permitId');
  }
  if (
    !record.permit.algorithms.some(
      (a) => a.name === MONITOR_ALGORITHM.name && a.version === MONITOR_ALGORITHM.version,
    )
  ) {
    throw forbidden('the permit does not allow outcome-monitor@1.1.0', 'permitId', {
      reason: 'algorithm-not-in-permit',
    });
  }
}

async function history(ctx: HubContext, monitorId: string): Promise<MonitorView['history']> {
  const rows = await ctx.db.query<HistoryRow>(
    `select m.month, m.run_id, r.status, m.created_at, r.finished_at, r.result_digest
       from monitor_runs m join runs r on r.id = m.run_id
      where m.monitor_id = $1 order by m.month, m.created_at`,
    [monitorId],
  );
  return rows.map((r) => ({
    month: r.month,
    runId: r.run_id,
    status: r.status,
    createdAt: iso(r.created_at)!,
    ...(r.finished_at ? { finishedAt: iso(r.finished_at)! } : {}),
    ...(r.result_digest ? { resultDigest: r.result_digest } : {}),
  }));
}

async function toView(ctx: HubContext, r: MonitorRow): Promise<MonitorView> {
  return {
    id: r.id,
    name: r.name,
    owner: r.owner,
    permitId: r.permit_id,
    createdBy: r.created_by,
    createdAt: iso(r.created_at)!,
    definition: json<Record<string, unknown>>(r.definition),
    history: await history(ctx, r.id),
  };
}

/** The permit holder registers a monitor. */
export async function createMonitor(
  ctx: HubContext,
  by: UserPrincipal,
  input: MonitorInput,
): Promise<MonitorView> {
  const parsed = MonitorDefinitionSchema.safeParse(input.definition);
  if (!parsed.success) {
    throw badInputFromZod(parsed.error, 'body.definition', 'not a valid monitor definition', {
      pathInWhere: true,
    });
  }
  await checkPermit(ctx, by, input.permitId);
  const id = newId('mon');
  const d = parsed.data;
  await ctx.db.transaction(async (tx) => {
    await tx.query(
      `insert into monitors (id, name, owner, permit_id, created_by, definition, created_at)
       values ($1, $2, $3, $4, $5, $6::jsonb, $7)`,
      [id, d.name, d.owner, input.permitId, by.userId, JSON.stringify(d), ctx.now()],
    );
    await ctx.audit.recordIn(tx, [
      { actor: `user:${by.userId}`, action: 'monitor.created', permitId: input.permitId, subject: id },
    ]);
  });
  return getMonitor(ctx, by, id);
}

export async function getMonitor(ctx: HubContext, by: UserPrincipal, id: string): Promise<MonitorView> {
  const rows = await ctx.db.query<MonitorRow>('select * from monitors where id = $1', [id]);
  const r = rows[0];
  if (!r || (r.created_by !== by.userId && !seesAll(by))) throw notFound('no such monitor', 'id');
  return toView(ctx, r);
}

export async function listMonitors(ctx: HubContext, by: UserPrincipal): Promise<MonitorView[]> {
  const rows = seesAll(by)
    ? await ctx.db.query<MonitorRow>('select * from monitors order by created_at, id')
    : await ctx.db.query<MonitorRow>('select * from monitors where created_by = $1 order by created_at, id', [
        by.userId,
      ]);
  return Promise.all(rows.map((r) => toView(ctx, r)));
}

/** The last complete calendar month before `now`, kept within the monitor's follow-up. */
export function dueMonth(m: MonitorDefinition, now: Date): string | undefined {
  const lastComplete = now.getUTCFullYear() * 12 + now.getUTCMonth() - 1;
  const first = monthNumber(m.start);
  const last = first + m.followUpMonths - 1;
  if (lastComplete < first) return undefined;
  return monthLabel(m.start, Math.min(lastComplete, last) - first);
}

/**
 * Runs a monitor through a month as an ordinary run under its permit (the permit's checks, budget and
 * audit apply), and records the run as that month's release. A month before the start or after the
 * follow-up is refused.
 */
export async function runMonitor(
  ctx: HubContext,
  by: UserPrincipal,
  id: string,
  throughMonth: string | undefined,
): Promise<{ monitorId: string; month: string; run: Awaited<ReturnType<typeof createRun>> }> {
  const view = await getMonitor(ctx, by, id);
  const m = MonitorDefinitionSchema.parse(view.definition);
  const month = throughMonth ?? dueMonth(m, ctx.now());
  if (!month)
    throw unprocessable('the monitor has not started yet: no complete month to report', 'throughMonth');
  const offset = monthNumber(month) - monthNumber(m.start);
  if (offset < 0 || offset >= m.followUpMonths) {
    throw badInput(
      `must be a month of the follow-up, ${monthLabel(m.start, 0)} to ${monthLabel(m.start, m.followUpMonths - 1)}`,
      'body.throughMonth',
    );
  }
  const run = await createRun(ctx, by, {
    permitId: view.permitId,
    algorithm: { ...MONITOR_ALGORITHM },
    input: { monitor: m, throughMonth: month },
  });
  await ctx.db.query(
    'insert into monitor_runs (monitor_id, month, run_id, created_at) values ($1, $2, $3, $4)',
    [id, month, run.id, ctx.now()],
  );
  return { monitorId: id, month, run };
}

/** How often the hub looks for monitors due a monthly release (hourly; the work is one small query). */
export const MONITOR_SCHEDULE_MS = 60 * 60_000;

/**
 * The monthly schedule: each monitor under an active permit that has no release yet for its due month
 * (the last complete month, within the follow-up) gets one, run as its creator. One run through the
 * latest month covers every month before it (the series are cumulative), so a hub that was down catches up
 * with one run; stations that are offline answer its tasks when they poll again. A monitor whose run
 * cannot start (permit ended, budget used up) is skipped and tried again next time.
 * @returns the monitors that were started
 */
export async function runDueMonitors(ctx: HubContext): Promise<string[]> {
  const rows = await ctx.db.query<MonitorRow & { role: string; organisation_id: string; email: string }>(
    `select m.*, u.role, u.organisation_id, u.email from monitors m join users u on u.id = m.created_by
      order by m.created_at, m.id`,
  );
  const started: string[] = [];
  for (const r of rows) {
    const parsed = MonitorDefinitionSchema.safeParse(json(r.definition));
    if (!parsed.success) continue;
    const month = dueMonth(parsed.data, ctx.now());
    if (!month) continue;
    const done = await ctx.db.query('select 1 from monitor_runs where monitor_id = $1 and month = $2', [
      r.id,
      month,
    ]);
    if (done.length > 0) continue;
    const creator = {
      kind: 'user' as const,
      userId: r.created_by,
      organisationId: r.organisation_id,
      role: r.role as UserPrincipal['role'],
      email: r.email,
    };
    try {
      await runMonitor(ctx, creator, r.id, month);
      started.push(r.id);
    } catch {
      // Tried again at the next look: the permit may be renewed or the budget raised.
    }
  }
  return started;
}
