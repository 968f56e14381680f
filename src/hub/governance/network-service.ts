import { randomInt } from 'node:crypto';
import type { z } from 'zod';
import type {
  Initiative,
  InitiativeInputSchema,
  Landscape,
  ReadinessInputSchema,
  ReadinessView,
} from '../../api/network-schemas.ts';
import { notFound } from '../../common/app-error.ts';
import { landscapeExamples, landscapeOverview } from '../../governance/landscape/landscape.ts';
import {
  changedOrganisations,
  type SnapshotMember,
  snapshotFigures,
  takesNewSnapshot,
} from '../../governance/readiness/network-snapshot.ts';
import {
  checkAnswers,
  MIN_ORGANISATIONS,
  nextSteps,
  themeScores,
} from '../../governance/readiness/readiness.ts';
import { seesAll } from '../access/access-service.ts';
import type { UserPrincipal } from '../auth/principal.ts';
import type { HubQueryable } from '../db/hub-db.ts';
import { iso, json } from '../db/row-values.ts';
import type { HubContext } from '../hub-context.ts';
import { newId } from '../new-id.ts';

interface AssessmentRow {
  id: string;
  organisation_id: string;
  answers: unknown;
  share_name: boolean;
  submitted_at: Date;
}

/** The latest assessment of every organisation. */
async function latestPerOrganisation(db: HubQueryable): Promise<AssessmentRow[]> {
  return db.query<AssessmentRow>(
    `select distinct on (organisation_id) id, organisation_id, answers, share_name, submitted_at
     from readiness_assessments order by organisation_id, submitted_at desc, id desc`,
  );
}

async function view(ctx: HubContext, organisationId: string): Promise<ReadinessView> {
  const latest = await latestPerOrganisation(ctx.db);
  const own = latest.find((r) => r.organisation_id === organisationId);
  if (!own) throw notFound('this organisation has no self-assessment yet', 'organisationId');
  const scores = themeScores(json(own.answers));
  const named = latest.filter((r) => r.share_name).map((r) => r.organisation_id);
  const names = named.length
    ? await ctx.db.query<{ name: string }>(
        'select name from organisations where id = any($1::text[]) order by name',
        [named],
      )
    : [];
  return {
    organisationId,
    assessment: {
      id: own.id,
      submittedAt: iso(own.submitted_at)!,
      shareName: own.share_name,
      scores,
      nextSteps: nextSteps(scores),
    },
    network: await networkView(ctx, latest),
    participants: names.map((n) => n.name),
  };
}

interface SnapshotRow {
  id: string;
  members: unknown;
  network: unknown;
  taken_at: Date;
}

async function latestSnapshot(db: HubQueryable): Promise<SnapshotRow | undefined> {
  return (
    await db.query<SnapshotRow>('select * from readiness_snapshots order by taken_at desc, id desc limit 1')
  )[0];
}

const membersOf = (rows: AssessmentRow[]): SnapshotMember[] =>
  rows.map((r) => ({ organisationId: r.organisation_id, assessmentId: r.id }));

/** The latest snapshot's figures, and how many organisations' assessments wait for the next one. */
async function networkView(ctx: HubContext, latest: AssessmentRow[]): Promise<ReadinessView['network']> {
  const snap = await latestSnapshot(ctx.db);
  const members = snap ? json<SnapshotMember[]>(snap.members) : [];
  const pending = changedOrganisations(members, membersOf(latest));
  if (snap)
    return {
      ...json<Omit<ReadinessView['network'], 'takenAt' | 'pending'>>(snap.network),
      takenAt: iso(snap.taken_at)!,
      pending,
    };
  return { ...snapshotFigures([], () => 0.5), organisations: 0, takenAt: null, pending };
}

/** Uniform in [0, 1) from the operating system's generator. */
const uniform = () => randomInt(0, 2 ** 47) / 2 ** 47;

/**
 * Takes a new snapshot when enough organisations changed since the last one (inside the submitting
 * transaction, serialised, so two submissions cannot both take one from the same state).
 */
async function maybeSnapshot(ctx: HubContext, tx: HubQueryable): Promise<void> {
  await tx.query('select pg_advisory_xact_lock(4242014)');
  const latest = await latestPerOrganisation(tx);
  const snap = await latestSnapshot(tx);
  const members = membersOf(latest);
  if (!takesNewSnapshot(snap ? json<SnapshotMember[]>(snap.members) : undefined, members)) return;
  const id = newId('rsn');
  const network = snapshotFigures(
    latest.map((r) => json<Record<string, number>>(r.answers)),
    uniform,
  );
  await tx.query(
    'insert into readiness_snapshots (id, members, network, taken_at) values ($1, $2::jsonb, $3::jsonb, $4)',
    [id, JSON.stringify(members), JSON.stringify(network), ctx.now()],
  );
  await ctx.audit.recordIn(tx, [
    {
      actor: 'hub',
      action: 'readiness.snapshot',
      subject: id,
      details: { organisations: members.length, minOrganisations: MIN_ORGANISATIONS },
    },
  ]);
}

/** Stores the caller's organisation's self-assessment (its own only), audited. */
export async function submitReadiness(
  ctx: HubContext,
  by: UserPrincipal,
  input: z.output<typeof ReadinessInputSchema>,
): Promise<ReadinessView> {
  checkAnswers(input.answers);
  const id = newId('rdy');
  await ctx.db.transaction(async (tx) => {
    await tx.query(
      `insert into readiness_assessments (id, organisation_id, submitted_by, answers, share_name, submitted_at)
       values ($1, $2, $3, $4::jsonb, $5, $6)`,
      [id, by.organisationId, by.userId, JSON.stringify(input.answers), input.shareName, ctx.now()],
    );
    await ctx.audit.recordIn(tx, [
      {
        actor: `user:${by.userId}`,
        action: 'readiness.submitted',
        subject: by.organisationId,
        details: { id },
      },
    ]);
    await maybeSnapshot(ctx, tx);
  });
  return view(ctx, by.organisationId);
}

/** An organisation's own view; another organisation's only for reviewers, auditors and admins. */
export async function getReadiness(
  ctx: HubContext,
  by: UserPrincipal,
  organisationId?: string,
): Promise<ReadinessView> {
  const org = organisationId ?? by.organisationId;
  if (org !== by.organisationId && !seesAll(by))
    throw notFound('this organisation has no self-assessment yet', 'query.organisationId');
  return view(ctx, org);
}

export async function landscape(ctx: HubContext): Promise<Landscape> {
  const rows = await ctx.db.query<{ id: string; body: unknown }>(
    'select id, body from landscape_initiatives order by added_at, id',
  );
  const added: Initiative[] = rows.map((r) => ({
    ...json<z.output<typeof InitiativeInputSchema>>(r.body),
    id: r.id,
    example: false,
  }));
  return landscapeOverview([...landscapeExamples.initiatives, ...added]);
}

export async function addInitiative(
  ctx: HubContext,
  by: UserPrincipal,
  input: z.output<typeof InitiativeInputSchema>,
): Promise<Initiative> {
  const id = newId('ini');
  await ctx.db.transaction(async (tx) => {
    await tx.query(
      'insert into landscape_initiatives (id, body, added_by, added_at) values ($1, $2::jsonb, $3, $4)',
      [id, JSON.stringify(input), by.userId, ctx.now()],
    );
    await ctx.audit.recordIn(tx, [{ actor: `user:${by.userId}`, action: 'landscape.added', subject: id }]);
  });
  return { ...input, id, example: false };
}
