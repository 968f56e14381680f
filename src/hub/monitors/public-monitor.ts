import type { PublicMonitor } from '../../api/monitor-schemas.ts';
import { notFound } from '../../common/app-error.ts';
import { publicResult } from '../access/public-result.ts';
import { iso, json } from '../db/row-values.ts';
import type { HubContext } from '../hub-context.ts';

interface PublicRow {
  id: string;
  name: string;
  owner: string;
  definition: unknown;
}

interface ReleaseRow {
  monitor_id: string;
  month: string;
  run_id: string;
  finished_at: unknown;
  result: unknown;
  result_digest: string | null;
  answered: string | number;
}

interface DefinitionLike {
  description?: string;
  start?: string;
  followUpMonths?: number;
  indicators?: string[];
  alert?: { indicator?: string; alpha?: number };
}

type Released = { value: number | null } | undefined;

/** Matched groups summed over the stations that released them (a released count is already rounded). */
function matchedOf(result: unknown): NonNullable<PublicMonitor['latest']>['matched'] {
  const groups = (
    result as { groups?: Record<string, { matchedExposed?: Released; matchedControls?: Released }> }
  )?.groups;
  let exposed = 0;
  let controls = 0;
  let withheldAt = 0;
  for (const g of Object.values(groups ?? {})) {
    const e = g.matchedExposed?.value;
    const c = g.matchedControls?.value;
    if (e === null || e === undefined || c === null || c === undefined) {
      withheldAt++;
      continue;
    }
    exposed += e;
    controls += c;
  }
  return { exposed, controls, withheldAt };
}

/**
 * Monitors as the public sees them: the definition's plain parts and the latest finished release,
 * combined over the stations only. Results of secondary use for public health and policy are public
 * (EHDS); what one station released stays with the permit holder, as in the transparency register.
 */
export async function publicMonitors(ctx: HubContext, id?: string): Promise<PublicMonitor[]> {
  const monitors = await ctx.db.query<PublicRow>(
    `select id, name, owner, definition from monitors where ($1::text is null or id = $1)
      order by created_at, id`,
    [id ?? null],
  );
  if (monitors.length === 0) return [];
  const releases = await ctx.db.query<ReleaseRow>(
    `select m.monitor_id, m.month, m.run_id, r.finished_at, r.result, r.result_digest,
            (select count(distinct t.station_id) from tasks t where t.run_id = r.id and t.status = 'done') as answered
       from monitor_runs m join runs r on r.id = m.run_id
      where r.status = 'done' and ($1::text is null or m.monitor_id = $1)
      order by m.month, r.finished_at, m.created_at`,
    [id ?? null],
  );
  const stations = await ctx.db.query<{ id: string; name: string }>('select id, name from stations');
  const named = new Set(stations.flatMap((s) => [s.id, s.name]));
  return monitors.map((m) => {
    const d = json<DefinitionLike>(m.definition);
    const last = releases.filter((r) => r.monitor_id === m.id).at(-1);
    const result = last ? json<unknown>(last.result) : undefined;
    return {
      id: m.id,
      name: m.name,
      owner: m.owner,
      ...(d.description ? { description: d.description } : {}),
      start: d.start ?? '',
      followUpMonths: d.followUpMonths ?? 0,
      indicators: d.indicators ?? [],
      alert: { indicator: d.alert?.indicator ?? '', alpha: d.alert?.alpha ?? 0 },
      latest: last
        ? {
            month: last.month,
            runId: last.run_id,
            ...(last.finished_at ? { finishedAt: iso(last.finished_at)! } : {}),
            ...(last.result_digest ? { resultDigest: last.result_digest } : {}),
            stationsAnswered: Number(last.answered),
            matched: matchedOf(result),
            combined: publicResult(result, named),
          }
        : null,
    };
  });
}

export async function publicMonitor(ctx: HubContext, id: string): Promise<PublicMonitor> {
  const [m] = await publicMonitors(ctx, id);
  if (!m) throw notFound('no such monitor', 'id');
  return m;
}
