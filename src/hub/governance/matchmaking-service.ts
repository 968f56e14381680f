import type { z } from 'zod';
import type {
  CareNeed,
  CareNeedInputSchema,
  Match,
  Solution,
  SolutionInputSchema,
} from '../../api/network-schemas.ts';
import { badInput, notFound } from '../../common/app-error.ts';
import { matchSolutions } from '../../governance/matchmaking/match.ts';
import type { UserPrincipal } from '../auth/principal.ts';
import { searchCatalogue } from '../catalogue/catalogue-service.ts';
import { iso, json } from '../db/row-values.ts';
import type { HubContext } from '../hub-context.ts';
import { newId } from '../new-id.ts';

interface Row {
  id: string;
  organisation_id: string;
  organisation: string;
  owner_user_id?: string;
  body: unknown;
  created_at: Date;
}

const toNeed = (r: Row): CareNeed => ({
  ...json<z.output<typeof CareNeedInputSchema>>(r.body),
  id: r.id,
  organisationId: r.organisation_id,
  organisation: r.organisation,
  createdAt: iso(r.created_at)!,
});
const toSolution = (r: Row): Solution => ({
  ...json<z.output<typeof SolutionInputSchema>>(r.body),
  id: r.id,
  ownerUserId: r.owner_user_id!,
  organisation: r.organisation,
  createdAt: iso(r.created_at)!,
});

export async function postCareNeed(
  ctx: HubContext,
  by: UserPrincipal,
  input: z.output<typeof CareNeedInputSchema>,
): Promise<CareNeed> {
  const id = newId('need');
  const now = ctx.now();
  await ctx.db.transaction(async (tx) => {
    await tx.query(
      'insert into care_needs (id, organisation_id, created_by, body, created_at) values ($1, $2, $3, $4::jsonb, $5)',
      [id, by.organisationId, by.userId, JSON.stringify(input), now],
    );
    await ctx.audit.recordIn(tx, [{ actor: `user:${by.userId}`, action: 'care-need.posted', subject: id }]);
  });
  return (await listCareNeeds(ctx)).find((n) => n.id === id)!;
}

export async function listCareNeeds(ctx: HubContext): Promise<CareNeed[]> {
  const rows = await ctx.db.query<Row>(
    `select n.id, n.organisation_id, o.name as organisation, n.body, n.created_at
     from care_needs n join organisations o on o.id = n.organisation_id order by n.created_at, n.id`,
  );
  return rows.map(toNeed);
}

export async function postSolution(
  ctx: HubContext,
  by: UserPrincipal,
  input: z.output<typeof SolutionInputSchema>,
): Promise<Solution> {
  if (input.aiSystemId) {
    const own = await ctx.db.query('select 1 from ai_systems where id = $1 and owner_user_id = $2', [
      input.aiSystemId,
      by.userId,
    ]);
    if (own.length === 0) throw badInput('no AI system of yours with this id', 'body.aiSystemId');
  }
  const id = newId('sol');
  await ctx.db.transaction(async (tx) => {
    await tx.query(
      'insert into ai_solutions (id, owner_user_id, organisation_id, body, created_at) values ($1, $2, $3, $4::jsonb, $5)',
      [id, by.userId, by.organisationId, JSON.stringify(input), ctx.now()],
    );
    await ctx.audit.recordIn(tx, [{ actor: `user:${by.userId}`, action: 'solution.posted', subject: id }]);
  });
  return (await listSolutions(ctx)).find((s) => s.id === id)!;
}

export async function listSolutions(ctx: HubContext): Promise<Solution[]> {
  const rows = await ctx.db.query<Row>(
    `select s.id, s.owner_user_id, s.organisation_id, o.name as organisation, s.body, s.created_at
     from ai_solutions s join organisations o on o.id = s.organisation_id order by s.created_at, s.id`,
  );
  return rows.map(toSolution);
}

/** The proposals for one need: the solutions, the catalogue's released codes, the systems' latest classes. */
export async function matchCareNeed(ctx: HubContext, id: string): Promise<Match[]> {
  const need = (await listCareNeeds(ctx)).find((n) => n.id === id);
  if (!need) throw notFound('no such care need', 'id');
  const solutions = await listSolutions(ctx);
  const catalogue = (await searchCatalogue(ctx)).map((d) => ({
    id: d.id,
    stationName: d.stationName,
    codes: (d.profile.codes ?? []).map((c) => c.code),
  }));
  const systemIds = solutions.flatMap((s) => (s.aiSystemId ? [s.aiSystemId] : []));
  const rows = systemIds.length
    ? await ctx.db.query<{ system_id: string; body: unknown }>(
        `select distinct on (system_id) system_id, body from ai_system_classifications
         where system_id = any($1::text[]) order by system_id, classified_at desc, id desc`,
        [systemIds],
      )
    : [];
  const classes = Object.fromEntries(
    rows.map((r) => {
      const c = json<{ aiActClass: string | null; mdrClass: string | null }>(r.body);
      return [r.system_id, { aiActClass: c.aiActClass, mdrClass: c.mdrClass }];
    }),
  );
  return matchSolutions(need, solutions, catalogue, classes);
}
