import type { z } from 'zod';
import type { SandboxRunInputSchema, SandboxRunRecordSchema } from '../../api/governance-schemas.ts';
import { notFound } from '../../common/app-error.ts';
import { seesAll } from '../access/access-service.ts';
import type { UserPrincipal } from '../auth/principal.ts';
import { iso, json } from '../db/row-values.ts';
import type { HubContext } from '../hub-context.ts';
import { newId } from '../new-id.ts';

type SandboxRunRecord = z.output<typeof SandboxRunRecordSchema>;

/** The request's requester, or anyone who reads every request; others learn nothing of it. */
async function visibleRequest(ctx: HubContext, by: UserPrincipal, requestId: string, where: string) {
  const rows = await ctx.db.query<{ requester_id: string }>(
    'select requester_id from access_requests where id = $1',
    [requestId],
  );
  const r = rows[0];
  if (!r || (r.requester_id !== by.userId && !seesAll(by))) throw notFound('no such access request', where);
  return r;
}

/** Stores a dry run with the request it belongs to (its requester only), audited. */
export async function submitSandboxRun(
  ctx: HubContext,
  by: UserPrincipal,
  input: z.output<typeof SandboxRunInputSchema>,
): Promise<SandboxRunRecord> {
  const r = await visibleRequest(ctx, by, input.requestId, 'body.requestId');
  if (r.requester_id !== by.userId) throw notFound('no such access request of yours', 'body.requestId');
  const id = newId('sbx');
  const now = ctx.now();
  await ctx.db.transaction(async (tx) => {
    await tx.query(
      'insert into sandbox_runs (id, request_id, submitted_by, body, submitted_at) values ($1, $2, $3, $4::jsonb, $5)',
      [id, input.requestId, by.userId, JSON.stringify(input.run), now],
    );
    await ctx.audit.recordIn(tx, [
      {
        actor: `user:${by.userId}`,
        action: 'sandbox.dry-run',
        subject: input.requestId,
        details: { id, outcome: input.run.outcome, synthetic: true, algorithm: input.run.algorithm },
      },
    ]);
  });
  return {
    id,
    requestId: input.requestId,
    submittedBy: by.userId,
    submittedAt: now.toISOString(),
    run: input.run,
  };
}

export async function listSandboxRuns(
  ctx: HubContext,
  by: UserPrincipal,
  requestId: string,
): Promise<SandboxRunRecord[]> {
  await visibleRequest(ctx, by, requestId, 'query.requestId');
  const rows = await ctx.db.query<{
    id: string;
    request_id: string;
    submitted_by: string;
    body: unknown;
    submitted_at: Date;
  }>('select * from sandbox_runs where request_id = $1 order by submitted_at desc, id desc', [requestId]);
  return rows.map((x) => ({
    id: x.id,
    requestId: x.request_id,
    submittedBy: x.submitted_by,
    submittedAt: iso(x.submitted_at)!,
    run: json(x.body),
  }));
}
