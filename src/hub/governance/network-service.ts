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
  checkAnswers,
  networkComparison,
  nextSteps,
  themeScores,
} from '../../governance/readiness/readiness.ts';
import { seesAll } from '../access/access-service.ts';
import type { UserPrincipal } from '../auth/principal.ts';
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
async function latestPerOrganisation(ctx: HubContext): Promise<AssessmentRow[]> {
  return ctx.db.query<AssessmentRow>(
    `select distinct on (organisation_id) id, organisation_id, answers, share_name, submitted_at
     from readiness_assessments order by organisation_id, submitted_at desc, id desc`,
  );
}

async function view(ctx: HubContext, organisationId: string): Promise<ReadinessView> {
  const latest = await latestPerOrganisation(ctx);
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
    network: networkComparison(latest.map((r) => json<Record<string, number>>(r.answers))),
    participants: names.map((n) => n.name),
  };
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
