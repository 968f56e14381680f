import type { StewardReport } from '../../api/station-schemas.ts';
import type { StationPermit, StationPermitDecision, StationStewardship } from '../../api/steward-schemas.ts';
import { conflict, forbidden, notFound } from '../../common/app-error.ts';
import type { Permit } from '../../protocol/messages.ts';
import { signJson } from '../../protocol/signing.ts';
import type { SignedStewardDecision, StewardDecision } from '../../protocol/steward-decision.ts';
import type { UserPrincipal } from '../auth/principal.ts';
import { iso, json } from '../db/row-values.ts';
import type { HubContext } from '../hub-context.ts';
import { newId } from '../new-id.ts';
import { listStations } from './station-service.ts';

interface Waiting {
  permitId: string;
  digest: string;
  state: 'awaiting-approval' | 'changed-since-approval';
}

/**
 * Keeps what a station reported for its stewards: its policy and the permits waiting there (only those
 * the hub issued naming this station: a station cannot make up a permit), and the outcome of each
 * decision it was sent, each outcome audited. Returns nothing; the heartbeat answers as before.
 */
export async function recordStewardReport(
  ctx: HubContext,
  stationId: string,
  report: StewardReport,
): Promise<void> {
  const ids = [...new Set(report.waiting.map((w) => w.permitId))];
  const known = await ctx.db.query<{ id: string; body: unknown }>(
    'select id, body from permits where id = any($1::text[])',
    [ids],
  );
  const naming = new Set(
    known.filter((p) => json<Permit>(p.body).stations.includes(stationId)).map((p) => p.id),
  );
  const waiting = report.waiting.filter((w) => naming.has(w.permitId));
  const now = ctx.now();
  await ctx.db.transaction(async (tx) => {
    await tx.query(
      `insert into station_steward_reports (station_id, policy, waiting, reported_at) values ($1, $2, $3, $4)
       on conflict (station_id) do update set policy = $2, waiting = $3, reported_at = $4`,
      [stationId, JSON.stringify(report.policy), JSON.stringify(waiting), now],
    );
    const audits = [];
    for (const o of report.outcomes) {
      const rows = await tx.query<{ id: string; permit_id: string }>(
        `update steward_decisions set state = $3, station_problem = $4, station_at = $5
         where id = $1 and station_id = $2 and state = 'decided' returning id, permit_id`,
        [o.decisionId, stationId, o.outcome, o.outcome === 'refused' ? (o.problem ?? 'refused') : null, now],
      );
      const row = rows[0];
      if (!row) continue;
      audits.push({
        actor: `station:${stationId}`,
        action:
          o.outcome === 'applied' ? 'permit.station-decision-applied' : 'permit.station-decision-refused',
        subject: row.id,
        permitId: row.permit_id,
        ...(o.outcome === 'refused' ? { details: { problem: o.problem ?? 'refused' } } : {}),
      });
    }
    if (audits.length > 0) await ctx.audit.recordIn(tx, audits);
  });
}

/**
 * The signed decisions a station has not taken over yet, each handed out once per poll: one handed out
 * before this poll started and still not reported on is handed out again (the station may have died).
 */
export async function claimStewardDecisions(
  ctx: HubContext,
  stationId: string,
  pollStartedAt: Date,
): Promise<SignedStewardDecision[]> {
  const rows = await ctx.db.query<{ signed: unknown }>(
    `update steward_decisions set delivered_at = $2
     where station_id = $1 and state = 'decided' and (delivered_at is null or delivered_at < $3)
     returning signed`,
    [stationId, ctx.now(), pollStartedAt],
  );
  return rows.map((r) => json<SignedStewardDecision>(r.signed));
}

interface StationRow {
  id: string;
  organisation_id: string;
}

async function stationOf(ctx: HubContext, stationId: string): Promise<StationRow> {
  const rows = await ctx.db.query<StationRow>('select id, organisation_id from stations where id = $1', [
    stationId,
  ]);
  if (!rows[0]) throw notFound('no such station', 'id');
  return rows[0];
}

/** Stewards see their own organisation's stations; reviewers and admins every station. */
function mayRead(by: UserPrincipal, station: StationRow): boolean {
  return by.role === 'admin' || by.role === 'reviewer' || by.organisationId === station.organisation_id;
}

interface DecisionRow {
  id: string;
  permit_id: string;
  permit_digest: string;
  decision: 'approve' | 'deny';
  reason: string;
  user_name: string;
  user_email: string;
  decided_at: Date;
  state: 'decided' | 'applied' | 'refused';
  delivered_at: Date | null;
  station_at: Date | null;
  station_problem: string | null;
}

const DECISION_COLUMNS = `d.id, d.permit_id, d.permit_digest, d.decision, d.reason, u.name as user_name,
  u.email as user_email, d.decided_at, d.state, d.delivered_at, d.station_at, d.station_problem`;

function toDecision(r: DecisionRow): StationPermitDecision {
  return {
    id: r.id,
    permitId: r.permit_id,
    decision: r.decision,
    reason: r.reason,
    decidedBy: { name: r.user_name, email: r.user_email },
    decidedAt: iso(r.decided_at)!,
    state: r.state,
    ...(r.delivered_at ? { deliveredAt: iso(r.delivered_at)! } : {}),
    ...(r.station_at ? { stationAt: iso(r.station_at)! } : {}),
    ...(r.station_problem ? { stationProblem: r.station_problem } : {}),
  };
}

/** How many earlier decisions the stewardship view lists besides the permits waiting now. */
const RECENT_DECISIONS = 50;

/**
 * A station as its stewards see it: online status, the policy it last reported, and per permit whether
 * it waits, is decided at the hub, or was applied (or refused) by the station. Stewards of another
 * organisation are refused.
 */
export async function stationStewardship(
  ctx: HubContext,
  by: UserPrincipal,
  stationId: string,
): Promise<StationStewardship> {
  const row = await stationOf(ctx, stationId);
  if (!mayRead(by, row)) throw forbidden("only stewards of the station's organisation see this", 'id');
  const station = (await listStations(ctx, row.organisation_id)).find((s) => s.id === stationId)!;
  const reports = await ctx.db.query<{ policy: unknown; waiting: unknown; reported_at: Date }>(
    'select policy, waiting, reported_at from station_steward_reports where station_id = $1',
    [stationId],
  );
  const report = reports[0];
  const waiting = report ? json<Waiting[]>(report.waiting) : [];
  const decisions = await ctx.db.query<DecisionRow>(
    `select ${DECISION_COLUMNS} from steward_decisions d join users u on u.id = d.decided_by
     where d.station_id = $1 order by d.decided_at desc, d.id desc limit ${RECENT_DECISIONS}`,
    [stationId],
  );
  const ids = [...new Set([...waiting.map((w) => w.permitId), ...decisions.map((d) => d.permit_id)])];
  const permits = new Map(
    (
      await ctx.db.query<{ id: string; body: unknown }>(
        'select id, body from permits where id = any($1::text[])',
        [ids],
      )
    ).map((p) => [p.id, json<Permit>(p.body)]),
  );
  const out: StationPermit[] = [];
  const describe = (permit: Permit) => ({
    permitId: permit.id,
    title: permit.title,
    purpose: permit.purpose,
    holder: permit.holder,
    expiresAt: permit.expiresAt,
    queryBudget: permit.queryBudget,
    algorithms: permit.algorithms.map((a) => ({ name: a.name, version: a.version })),
  });
  const shown = new Set<string>();
  for (const w of waiting) {
    const permit = permits.get(w.permitId);
    if (!permit) continue;
    // The newest decision on this permit content tells where it stands; a refused one leaves it waiting.
    const latest = decisions.find((d) => d.permit_id === w.permitId && d.permit_digest === w.digest);
    out.push({
      ...describe(permit),
      state: latest && latest.state !== 'refused' ? latest.state : 'waiting',
      ...(w.state === 'changed-since-approval' ? { changedSinceApproval: true } : {}),
      ...(latest ? { decision: toDecision(latest) } : {}),
    });
    shown.add(w.permitId);
  }
  for (const d of decisions) {
    const permit = permits.get(d.permit_id);
    if (!permit || shown.has(d.permit_id)) continue;
    shown.add(d.permit_id);
    out.push({ ...describe(permit), state: d.state, decision: toDecision(d) });
  }
  return {
    station,
    ...(report
      ? {
          policy: json<StationStewardship['policy']>(report.policy),
          reportedAt: iso(report.reported_at)!,
        }
      : {}),
    permits: out,
  };
}

/**
 * A steward of the station's organisation approves or denies a permit the station reported waiting.
 * The decision is signed with the hub's key and handed to the station on its next poll; the station
 * applies it only when its own policy allows remote approval and its own checks hold. Refused: anyone
 * but a steward of that organisation (403), a permit the station does not wait on (404), a permit with
 * a decision the station has not taken over yet (409).
 */
export async function decideStationPermit(
  ctx: HubContext,
  by: UserPrincipal,
  stationId: string,
  permitId: string,
  input: { approve: boolean; reason: string },
): Promise<StationPermitDecision> {
  const station = await stationOf(ctx, stationId);
  if (by.role !== 'steward' || by.organisationId !== station.organisation_id)
    throw forbidden("only a steward of the station's organisation decides at this station", 'id');
  const reports = await ctx.db.query<{ waiting: unknown }>(
    'select waiting from station_steward_reports where station_id = $1',
    [stationId],
  );
  const waiting = json<Waiting[]>(reports[0]?.waiting ?? '[]').find((w) => w.permitId === permitId);
  if (!waiting) throw notFound('this permit is not waiting for approval at this station', 'permitId');
  const users = await ctx.db.query<{ name: string; email: string }>(
    'select name, email from users where id = $1',
    [by.userId],
  );
  const user = users[0]!;
  const now = ctx.now();
  const decision: StewardDecision = {
    id: newId('sdc'),
    stationId,
    permitId,
    permitDigest: waiting.digest,
    decision: input.approve ? 'approve' : 'deny',
    reason: input.reason,
    decidedBy: {
      userId: by.userId,
      email: user.email,
      name: user.name,
      role: by.role,
      organisationId: by.organisationId,
    },
    decidedAt: now.toISOString(),
  };
  const signed: SignedStewardDecision = {
    decision,
    keyId: ctx.keys.keyId,
    signature: signJson(decision, ctx.keys.privateKeyPem),
  };
  await ctx.db.transaction(async (tx) => {
    // One open decision per permit and station (a partial unique index): a second waits its turn.
    const inserted = await tx.query(
      `insert into steward_decisions (id, station_id, permit_id, permit_digest, decision, reason, decided_by,
         decided_at, signed, state)
       values ($1, $2, $3, $4, $5, $6, $7, $8, $9, 'decided')
       on conflict (station_id, permit_id) where state = 'decided' do nothing
       returning id`,
      [
        decision.id,
        stationId,
        permitId,
        decision.permitDigest,
        decision.decision,
        decision.reason,
        by.userId,
        now,
        JSON.stringify(signed),
      ],
    );
    if (inserted.length === 0)
      throw conflict('a decision on this permit waits for the station to take it over', 'permitId');
    await ctx.audit.recordIn(tx, [
      {
        actor: `user:${by.userId}`,
        action: input.approve ? 'permit.station-approved' : 'permit.station-denied',
        subject: decision.id,
        permitId,
        details: { stationId, permitDigest: decision.permitDigest },
      },
    ]);
  });
  ctx.notifyStation(stationId);
  return {
    id: decision.id,
    permitId,
    decision: decision.decision,
    reason: decision.reason,
    decidedBy: { name: user.name, email: user.email },
    decidedAt: decision.decidedAt,
    state: 'decided',
  };
}
