import type { TransparencyEntry } from '../../api/access-schemas.ts';
import type { Permit } from '../../protocol/messages.ts';
import { iso, json } from '../db/row-values.ts';
import type { HubContext } from '../hub-context.ts';
import type { RunRow } from '../tasks/run-row.ts';
import { publicResult } from './public-result.ts';

/**
 * The public register of permits issued and the results they produced, as the EHDS asks of health data
 * access bodies. No personal data: no user names or emails, only organisations. Of a run's result only
 * what is combined over the stations (`publicResult`): never one station's figures, which its
 * requester sees but the public does not.
 */
export async function transparencyRegister(ctx: HubContext): Promise<TransparencyEntry[]> {
  const permits = await ctx.db.query<{
    id: string;
    body: unknown;
    status: 'active' | 'revoked';
    revoked_at: Date | null;
    expires_at: Date;
    holder: string;
  }>(
    `select p.id, p.body, p.status, p.revoked_at, p.expires_at, o.name as holder
     from permits p join organisations o on o.id = p.holder_organisation_id order by p.issued_at desc, p.id`,
  );
  const stations = await ctx.db.query<{ id: string; name: string; organisation: string }>(
    'select s.id, s.name, o.name as organisation from stations s join organisations o on o.id = s.organisation_id',
  );
  const runs = await ctx.db.query<{
    id: string;
    permit_id: string;
    algorithm: unknown;
    status: RunRow['status'];
    created_at: Date;
    finished_at: Date | null;
    result: unknown;
    result_digest: string | null;
    answered: string | number;
  }>(
    `select r.id, r.permit_id, r.algorithm, r.status, r.created_at, r.finished_at, r.result, r.result_digest,
            (select count(distinct t.station_id) from tasks t where t.run_id = r.id and t.status = 'done') as answered
     from runs r order by r.created_at, r.id`,
  );
  // Every id and name of a station: what a per-station part of a result is recognised by.
  const named = new Set(stations.flatMap((s) => [s.id, s.name]));
  const now = ctx.now().getTime();
  return permits.map((p) => {
    const permit = json<Permit>(p.body);
    return {
      permitId: p.id,
      holderOrganisation: p.holder,
      purpose: permit.purpose,
      title: permit.title,
      issuedAt: permit.issuedAt,
      expiresAt: permit.expiresAt,
      status: p.status === 'active' && p.expires_at.getTime() <= now ? 'expired' : p.status,
      ...(p.revoked_at ? { revokedAt: iso(p.revoked_at)! } : {}),
      stations: permit.stations.map((id) => {
        const s = stations.find((x) => x.id === id);
        return { id, name: s?.name ?? id, organisation: s?.organisation ?? '' };
      }),
      runs: runs
        .filter((r) => r.permit_id === p.id)
        .map((r) => {
          const a = json<{ name: string; version: string }>(r.algorithm);
          return {
            id: r.id,
            algorithm: { name: a.name, version: a.version },
            status: r.status,
            startedAt: iso(r.created_at)!,
            ...(r.finished_at ? { finishedAt: iso(r.finished_at)! } : {}),
            stationsAnswered: Number(r.answered),
            ...(r.status === 'done'
              ? { result: publicResult(json<unknown>(r.result), named), resultDigest: r.result_digest ?? '' }
              : {}),
          };
        }),
    };
  });
}
