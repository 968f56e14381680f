import type { ModelRecord } from '../../analytics/models/model-record.ts';
import { badInput } from '../../common/app-error.ts';
import { canonicalJson } from '../../protocol/signing.ts';
import { seesAll } from '../access/access-service.ts';
import type { UserPrincipal } from '../auth/principal.ts';
import { json } from '../db/row-values.ts';
import type { HubContext } from '../hub-context.ts';

/** One run a model record cites, what that run must be, and the figure the record takes from it. */
interface CitedRun {
  runId: string;
  /** JSON path of the run id in the record, for the error. */
  where: string;
  algorithm: 'glm' | 'validation' | 'representativeness';
  /** What the record states as the run's result (compared as canonical JSON). */
  stated: unknown;
  /** The part of the run's result the record states. */
  pick: (result: unknown) => unknown;
  what: string;
}

function citedRuns(m: ModelRecord): CitedRun[] {
  const out: CitedRun[] = [];
  if (m.training.runId)
    out.push({
      runId: m.training.runId,
      where: 'body.training.runId',
      algorithm: 'glm',
      stated: { family: m.family, coefficients: m.coefficients },
      pick: (r) => {
        const g = r as { family?: unknown; coefficients?: unknown } | null;
        return { family: g?.family, coefficients: g?.coefficients };
      },
      what: 'the family and coefficients in the record',
    });
  m.validations.forEach((v, i) => {
    if (v.runId)
      out.push({
        runId: v.runId,
        where: `body.validations[${i}].runId`,
        algorithm: 'validation',
        stated: v.result,
        pick: (r) => r,
        what: `body.validations[${i}].result`,
      });
  });
  if (m.representativenessRunId)
    out.push({
      runId: m.representativenessRunId,
      where: 'body.representativenessRunId',
      algorithm: 'representativeness',
      stated: m.representativeness ?? null,
      pick: (r) => r,
      what: 'body.representativeness',
    });
  return out;
}

interface RunFacts {
  user_id: string;
  algorithm: unknown;
  status: string;
  result: unknown;
}

/** Why the run at this hub does not back what the record states, or undefined when it does. */
function mismatch(c: CitedRun, r: RunFacts): string | undefined {
  const name = json<{ name?: string }>(r.algorithm)?.name;
  if (name !== c.algorithm) return `run ${c.runId} is a ${name} run, not a ${c.algorithm} run`;
  if (r.status !== 'done') return `run ${c.runId} is ${r.status}, not done`;
  let same = false;
  try {
    same = canonicalJson(c.pick(json(r.result))) === canonicalJson(c.stated);
  } catch {
    same = false;
  }
  if (!same) return `${c.what} is not the result of run ${c.runId}`;
  return undefined;
}

async function runRow(ctx: HubContext, id: string): Promise<RunFacts | undefined> {
  const rows = await ctx.db.query<RunFacts>(
    'select user_id, algorithm, status, result from runs where id = $1',
    [id],
  );
  return rows[0];
}

/**
 * On registration: every run the record cites that exists at this hub must be readable by the caller,
 * done, of the algorithm that produces what the record takes from it, and its result must be what the
 * record states. A run id not at this hub is accepted; documents then do not present its figures as
 * verified (see `verifiedModel`).
 */
export async function checkCitedRuns(ctx: HubContext, by: UserPrincipal, m: ModelRecord): Promise<void> {
  for (const c of citedRuns(m)) {
    const r = await runRow(ctx, c.runId);
    if (!r) continue;
    if (r.user_id !== by.userId && !seesAll(by))
      throw badInput(`run ${c.runId} is not a run you may read; cite your own runs`, c.where);
    const why = mismatch(c, r);
    if (why) throw badInput(why, c.where);
  }
}

/**
 * The model as documents may present it: only the validations and the representativeness whose cited
 * run is at this hub, done, of the right algorithm and with the very result the record states. The rest
 * (no run id, or a run elsewhere) is left out, so the items that need it read "to be completed".
 */
export async function verifiedModel(ctx: HubContext, m: ModelRecord): Promise<ModelRecord> {
  const backed = async (c: CitedRun | undefined): Promise<boolean> => {
    if (!c) return false;
    const r = await runRow(ctx, c.runId);
    return !!r && mismatch(c, r) === undefined;
  };
  const cited = citedRuns(m);
  const validations = [];
  for (const [i, v] of m.validations.entries())
    if (await backed(cited.find((c) => c.where === `body.validations[${i}].runId`))) validations.push(v);
  const { representativeness, representativenessRunId, ...rest } = m;
  const keepRepr =
    representativeness !== undefined &&
    (await backed(cited.find((c) => c.where === 'body.representativenessRunId')));
  return {
    ...rest,
    validations,
    ...(keepRepr ? { representativeness, representativenessRunId } : {}),
  };
}
