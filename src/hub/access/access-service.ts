import type { z } from 'zod';
import type { AccessRequest, AccessRequestInputSchema, PermitRecord } from '../../api/access-schemas.ts';
import { badInput, conflict, forbidden, notFound } from '../../common/app-error.ts';
import { type Permit, PermitSchema } from '../../protocol/messages.ts';
import type { UserPrincipal } from '../auth/principal.ts';
import { iso, json } from '../db/row-values.ts';
import type { HubContext } from '../hub-context.ts';
import { newId } from '../new-id.ts';

/** An access request's own fields as stored (defaults applied). */
type AccessRequestFields = z.output<typeof AccessRequestInputSchema>;

/** Whoever may read any request, permit and run: the access body and the auditors. */
export function seesAll(p: UserPrincipal): boolean {
  return p.role === 'admin' || p.role === 'reviewer' || p.role === 'auditor';
}

/**
 * The station ids of a request's `stations`, each given by its id or by its name (as `GET /api/stations`
 * lists them), in order and without repeats. A name that several stations carry must be given as an id.
 */
async function resolveStations(ctx: HubContext, given: readonly string[]): Promise<string[]> {
  const known = await ctx.db.query<{ id: string; name: string }>(
    'select id, name from stations where id = any($1::text[]) or name = any($1::text[])',
    [given],
  );
  const ids = given.map((s, i) => {
    if (known.some((k) => k.id === s)) return s;
    const named = known.filter((k) => k.name === s);
    if (named.length === 1) return named[0]!.id;
    if (named.length > 1)
      throw badInput(
        `${named.length} stations carry this name; give the station id (see GET /api/stations)`,
        `stations[${i}]`,
      );
    throw badInput('no station with this id or name', `stations[${i}]`);
  });
  return [...new Set(ids)];
}

export async function createAccessRequest(
  ctx: HubContext,
  by: UserPrincipal,
  given: AccessRequestFields,
): Promise<AccessRequest> {
  const input = { ...given, stations: await resolveStations(ctx, given.stations) };
  const now = ctx.now();
  const id = newId('req');
  await ctx.db.query(
    `insert into access_requests (id, requester_id, organisation_id, purpose, title, description, body, status, created_at)
     values ($1, $2, $3, $4, $5, $6, $7::jsonb, 'submitted', $8)`,
    [
      id,
      by.userId,
      by.organisationId,
      input.purpose,
      input.title,
      input.description,
      JSON.stringify(input),
      now,
    ],
  );
  await ctx.audit.record({ actor: `user:${by.userId}`, action: 'request.submitted', subject: id });
  return {
    ...input,
    id,
    requesterId: by.userId,
    organisationId: by.organisationId,
    status: 'submitted',
    createdAt: now.toISOString(),
  };
}

const requestColumns = `r.id, r.requester_id, r.organisation_id, r.status, r.body, r.decided_by, r.decision_note,
  r.decided_at, r.created_at, (select p.id from permits p where p.request_id = r.id) as permit_id`;

interface RequestRow {
  id: string;
  requester_id: string;
  organisation_id: string;
  status: AccessRequest['status'];
  body: unknown;
  decided_by: string | null;
  decision_note: string | null;
  decided_at: Date | null;
  created_at: Date;
  permit_id: string | null;
}

function toRequest(r: RequestRow): AccessRequest {
  return {
    ...json<AccessRequestFields>(r.body),
    id: r.id,
    requesterId: r.requester_id,
    organisationId: r.organisation_id,
    status: r.status,
    ...(r.decided_by ? { decidedBy: r.decided_by } : {}),
    ...(r.decision_note !== null ? { decisionNote: r.decision_note } : {}),
    ...(r.decided_at ? { decidedAt: iso(r.decided_at)! } : {}),
    createdAt: iso(r.created_at)!,
    ...(r.permit_id ? { permitId: r.permit_id } : {}),
  };
}

/** Reviewers, admins and auditors see every request; a researcher only their own. */
export async function listAccessRequests(
  ctx: HubContext,
  by: UserPrincipal,
  filter: { status?: AccessRequest['status'] } = {},
): Promise<AccessRequest[]> {
  const rows = await ctx.db.query<RequestRow>(
    `select ${requestColumns} from access_requests r
     where ($1::text is null or r.requester_id = $1) and ($2::text is null or r.status = $2)
     order by r.created_at desc, r.id`,
    [seesAll(by) ? null : by.userId, filter.status ?? null],
  );
  return rows.map(toRequest);
}

export async function getAccessRequest(
  ctx: HubContext,
  by: UserPrincipal,
  id: string,
): Promise<AccessRequest> {
  const rows = await ctx.db.query<RequestRow>(
    `select ${requestColumns} from access_requests r where r.id = $1`,
    [id],
  );
  const row = rows[0];
  if (!row || (!seesAll(by) && row.requester_id !== by.userId))
    throw notFound('no such access request', 'id');
  return toRequest(row);
}

/** A reviewer approves (issuing a permit) or rejects a submitted request, with a note. */
export async function decideAccessRequest(
  ctx: HubContext,
  by: UserPrincipal,
  id: string,
  decision: { approve: boolean; note: string },
): Promise<{ request: AccessRequest; permit?: Permit }> {
  const now = ctx.now();
  const permit = await ctx.db.transaction(async (tx) => {
    const rows = await tx.query<RequestRow>(
      `select ${requestColumns} from access_requests r where r.id = $1 for update`,
      [id],
    );
    const row = rows[0];
    if (!row) throw notFound('no such access request', 'id');
    if (row.status !== 'submitted') throw conflict(`request is already ${row.status}`, 'id');
    if (row.requester_id === by.userId) throw forbidden('nobody reviews their own request', 'id');
    await tx.query(
      `update access_requests set status = $2, decided_by = $3, decision_note = $4, decided_at = $5 where id = $1`,
      [id, decision.approve ? 'approved' : 'rejected', by.userId, decision.note, now],
    );
    if (!decision.approve) return undefined;
    const req = toRequest(row);
    const orgs = await tx.query<{ name: string }>('select name from organisations where id = $1', [
      req.organisationId,
    ]);
    const issued: Permit = PermitSchema.parse({
      id: newId('pmt'),
      purpose: req.purpose,
      holder: orgs[0]?.name ?? req.organisationId,
      title: req.title,
      datasets: req.datasets,
      stations: req.stations,
      algorithms: req.algorithms,
      issuedAt: now.toISOString(),
      expiresAt: new Date(now.getTime() + req.durationDays * 86_400_000).toISOString(),
      queryBudget: req.queryBudget,
    });
    await tx.query(
      `insert into permits (id, request_id, holder_user_id, holder_organisation_id, body, status, issued_at, expires_at)
       values ($1, $2, $3, $4, $5::jsonb, 'active', $6, $7)`,
      [issued.id, id, req.requesterId, req.organisationId, JSON.stringify(issued), now, issued.expiresAt],
    );
    return issued;
  });
  await ctx.audit.record({
    actor: `user:${by.userId}`,
    action: decision.approve ? 'request.approved' : 'request.rejected',
    subject: id,
    ...(permit ? { permitId: permit.id } : {}),
  });
  if (permit) {
    await ctx.audit.record({
      actor: `user:${by.userId}`,
      action: 'permit.issued',
      permitId: permit.id,
      subject: id,
    });
  }
  return { request: await getAccessRequest(ctx, by, id), ...(permit ? { permit } : {}) };
}

interface PermitRow {
  id: string;
  request_id: string;
  holder_user_id: string;
  holder_organisation_id: string;
  body: unknown;
  status: 'active' | 'revoked';
  revoked_at: Date | null;
  revoke_reason: string | null;
  expires_at: Date;
}

function toPermit(r: PermitRow, now: Date): PermitRecord {
  const expired = r.status === 'active' && r.expires_at.getTime() <= now.getTime();
  return {
    permit: json<Permit>(r.body),
    status: expired ? 'expired' : r.status,
    requestId: r.request_id,
    holderUserId: r.holder_user_id,
    ...(r.revoked_at ? { revokedAt: iso(r.revoked_at)! } : {}),
    ...(r.revoke_reason !== null ? { revokeReason: r.revoke_reason } : {}),
  };
}

/** The access body and auditors see every permit; a researcher the permits issued on their requests. */
export async function listPermits(ctx: HubContext, by: UserPrincipal): Promise<PermitRecord[]> {
  const rows = await ctx.db.query<PermitRow>(
    `select * from permits where $1::text is null or holder_user_id = $1 order by issued_at desc, id`,
    [seesAll(by) ? null : by.userId],
  );
  return rows.map((r) => toPermit(r, ctx.now()));
}

export async function getPermit(ctx: HubContext, id: string): Promise<PermitRecord | undefined> {
  const rows = await ctx.db.query<PermitRow>('select * from permits where id = $1', [id]);
  return rows[0] ? toPermit(rows[0], ctx.now()) : undefined;
}

/**
 * Revocation reaches stations on their next poll (revokedPermitIds). The caller withdraws the permit's
 * open tasks (see withdrawPermitTasks in the run service).
 */
export async function revokePermit(
  ctx: HubContext,
  by: UserPrincipal,
  id: string,
  reason: string,
): Promise<PermitRecord> {
  const now = ctx.now();
  await ctx.db.transaction(async (tx) => {
    const rows = await tx.query<PermitRow>('select * from permits where id = $1 for update', [id]);
    const row = rows[0];
    if (!row) throw notFound('no such permit', 'id');
    if (row.status === 'revoked') throw conflict('permit is already revoked', 'id');
    await tx.query(
      `update permits set status = 'revoked', revoked_at = $2, revoke_reason = $3 where id = $1`,
      [id, now, reason],
    );
  });
  await ctx.audit.record({
    actor: `user:${by.userId}`,
    action: 'permit.revoked',
    permitId: id,
    details: { reason },
  });
  const stations = (await getPermit(ctx, id))!.permit.stations;
  for (const s of stations) ctx.notifyStation(s);
  return (await getPermit(ctx, id))!;
}

/** Revoked permits naming the station `$1` that have not expired by `$2` (older ones are dead anyway). */
export const REVOKED_PERMITS_OF_STATION_SQL = `select id from permits where status = 'revoked' and expires_at > $2 and body->'stations' ? $1`;

/** Ids of revoked permits naming this station that have not yet expired, sorted. */
export async function revokedPermitIdsFor(ctx: HubContext, stationId: string): Promise<string[]> {
  const rows = await ctx.db.query<{ id: string }>(`${REVOKED_PERMITS_OF_STATION_SQL} order by id`, [
    stationId,
    ctx.now(),
  ]);
  return rows.map((r) => r.id);
}
