import type { z } from 'zod';
import type {
  ElsaAnswerInputSchema,
  ElsaGuidanceSchema,
  ElsaQuestion,
  ElsaQuestionInputSchema,
} from '../../api/network-schemas.ts';
import { forbidden, notFound } from '../../common/app-error.ts';
import type { UserPrincipal } from '../auth/principal.ts';
import { iso, json } from '../db/row-values.ts';
import type { HubContext } from '../hub-context.ts';
import { newId } from '../new-id.ts';

/** The actor of an `elsa.asked` audit entry: the asker stays anonymous to every reader of the log. */
export const ELSA_ASKER = 'elsa-asker';

interface QuestionRow {
  id: string;
  asked_by: string;
  question: string;
  tags: unknown;
  asked_at: Date;
  answer: string | null;
  answered_at: Date | null;
  published: boolean;
  published_question: string | null;
}

const toQuestion = (r: QuestionRow, by: UserPrincipal): ElsaQuestion => ({
  id: r.id,
  question: r.question,
  tags: json(r.tags),
  status: r.answer === null ? 'open' : 'answered',
  askedAt: iso(r.asked_at)!,
  askedByMe: r.asked_by === by.userId,
  ...(r.answer !== null ? { answer: r.answer, answeredAt: iso(r.answered_at)! } : {}),
  published: r.published,
});

async function isExpert(ctx: HubContext, by: UserPrincipal): Promise<boolean> {
  if (by.role === 'admin') return true;
  return (await ctx.db.query('select 1 from elsa_experts where user_id = $1', [by.userId])).length > 0;
}

export async function addElsaExpert(ctx: HubContext, by: UserPrincipal, userId: string) {
  const user = await ctx.db.query('select 1 from users where id = $1', [userId]);
  if (user.length === 0) throw notFound('no such user', 'body.userId');
  const now = ctx.now();
  await ctx.db.transaction(async (tx) => {
    await tx.query(
      'insert into elsa_experts (user_id, added_by, added_at) values ($1, $2, $3) on conflict (user_id) do nothing',
      [userId, by.userId, now],
    );
    await ctx.audit.recordIn(tx, [
      { actor: `user:${by.userId}`, action: 'elsa.expert-added', subject: userId },
    ]);
  });
  return { userId, addedAt: now.toISOString() };
}

export async function askElsa(
  ctx: HubContext,
  by: UserPrincipal,
  input: z.output<typeof ElsaQuestionInputSchema>,
): Promise<ElsaQuestion> {
  const id = newId('elsa');
  const rows = await ctx.db.transaction(async (tx) => {
    const r = await tx.query<QuestionRow>(
      `insert into elsa_questions (id, asked_by, question, tags, asked_at) values ($1, $2, $3, $4::jsonb, $5) returning *`,
      [id, by.userId, input.question, JSON.stringify(input.tags), ctx.now()],
    );
    // The asker is never named in the audit log (its readers include admins, who are experts);
    // who asked is kept only in the question's row, which no expert-facing answer shows.
    await ctx.audit.recordIn(tx, [{ actor: ELSA_ASKER, action: 'elsa.asked', subject: id }]);
    return r;
  });
  return toQuestion(rows[0]!, by);
}

/** The caller's own questions; every question for experts (who still do not see who asked). */
export async function listElsaQuestions(ctx: HubContext, by: UserPrincipal): Promise<ElsaQuestion[]> {
  const all = await isExpert(ctx, by);
  const rows = await ctx.db.query<QuestionRow>(
    'select * from elsa_questions where $1::text is null or asked_by = $1 order by asked_at desc, id',
    [all ? null : by.userId],
  );
  return rows.map((r) => toQuestion(r, by));
}

export async function answerElsa(
  ctx: HubContext,
  by: UserPrincipal,
  id: string,
  input: z.output<typeof ElsaAnswerInputSchema>,
): Promise<ElsaQuestion> {
  if (!(await isExpert(ctx, by))) throw forbidden('only ELSA experts answer questions', 'id');
  const rows = await ctx.db.transaction(async (tx) => {
    const r = await tx.query<QuestionRow>(
      `update elsa_questions set answer = $2, answered_by = $3, answered_at = $4, published = $5,
         published_question = coalesce($6, question)
       where id = $1 returning *`,
      [id, input.answer, by.userId, ctx.now(), input.publish, input.publishedQuestion ?? null],
    );
    if (r.length === 0) throw notFound('no such question', 'id');
    await ctx.audit.recordIn(tx, [
      {
        actor: `user:${by.userId}`,
        action: 'elsa.answered',
        subject: id,
        details: { published: input.publish },
      },
    ]);
    return r;
  });
  return toQuestion(rows[0]!, by);
}

/** Published guidance, anonymised: the question as the expert published it, the answer, the tags. */
export async function elsaGuidance(
  ctx: HubContext,
  query: { q?: string; tag?: string },
): Promise<z.output<typeof ElsaGuidanceSchema>[]> {
  const rows = await ctx.db.query<QuestionRow>(
    'select * from elsa_questions where published and answer is not null order by answered_at desc, id',
  );
  const q = query.q?.toLowerCase();
  return rows
    .map((r) => ({
      id: r.id,
      question: r.published_question ?? r.question,
      answer: r.answer!,
      tags: json<string[]>(r.tags),
      answeredAt: iso(r.answered_at)!,
    }))
    .filter((g) => !q || `${g.question} ${g.answer}`.toLowerCase().includes(q))
    .filter((g) => !query.tag || g.tags.some((t) => t.toLowerCase() === query.tag!.toLowerCase()));
}
