import type { z } from 'zod';
import type { AccessRequest } from '../../api/access-schemas.ts';
import type {
  SandboxExecuteInputSchema,
  SandboxRun,
  SandboxRunInputSchema,
  SandboxRunRecordSchema,
} from '../../api/governance-schemas.ts';
import { badInput, notFound } from '../../common/app-error.ts';
import { digestJson } from '../../protocol/signing.ts';
import { seesAll } from '../access/access-service.ts';
import type { UserPrincipal } from '../auth/principal.ts';
import { iso, json } from '../db/row-values.ts';
import type { HubContext } from '../hub-context.ts';
import { newId } from '../new-id.ts';
import { type HubDryRunJob, runHubDryRun } from './dry-run-service.ts';

type SandboxRunRecord = z.output<typeof SandboxRunRecordSchema>;

interface RequestRow {
  requester_id: string;
  purpose: string;
  body: unknown;
}

/** The request's requester, or anyone who reads every request; others learn nothing of it. */
async function visibleRequest(ctx: HubContext, by: UserPrincipal, requestId: string, where: string) {
  const rows = await ctx.db.query<RequestRow>(
    'select requester_id, purpose, body from access_requests where id = $1',
    [requestId],
  );
  const r = rows[0];
  if (!r || (r.requester_id !== by.userId && !seesAll(by))) throw notFound('no such access request', where);
  return r;
}

interface Stored {
  run: SandboxRun;
  verified: boolean;
  executedBy: 'hub' | 'requester';
  algorithmHash: string;
  inputsHash: string;
}

async function store(
  ctx: HubContext,
  by: UserPrincipal,
  requestId: string,
  s: Stored,
): Promise<SandboxRunRecord> {
  const id = newId('sbx');
  const now = ctx.now();
  await ctx.db.transaction(async (tx) => {
    await tx.query(
      `insert into sandbox_runs (id, request_id, submitted_by, body, submitted_at, verified, executed_by, algorithm_hash, inputs_hash)
       values ($1, $2, $3, $4::jsonb, $5, $6, $7, $8, $9)`,
      [
        id,
        requestId,
        by.userId,
        JSON.stringify(s.run),
        now,
        s.verified,
        s.executedBy,
        s.algorithmHash,
        s.inputsHash,
      ],
    );
    await ctx.audit.recordIn(tx, [
      {
        actor: `user:${by.userId}`,
        action: s.verified ? 'sandbox.dry-run.executed' : 'sandbox.dry-run',
        subject: requestId,
        details: {
          id,
          outcome: s.run.outcome,
          synthetic: true,
          algorithm: s.run.algorithm,
          verified: s.verified,
          executedBy: s.executedBy,
          inputsHash: s.inputsHash,
        },
      },
    ]);
  });
  return { id, requestId, submittedBy: by.userId, submittedAt: now.toISOString(), ...s };
}

/**
 * A dry run the requester's own command computed and reports: kept with the request, but marked
 * unverified (the hub cannot tell it from a forged one); the access review says so.
 */
export async function submitSandboxRun(
  ctx: HubContext,
  by: UserPrincipal,
  input: z.output<typeof SandboxRunInputSchema>,
): Promise<SandboxRunRecord> {
  const r = await visibleRequest(ctx, by, input.requestId, 'body.requestId');
  if (r.requester_id !== by.userId) throw notFound('no such access request of yours', 'body.requestId');
  return store(ctx, by, input.requestId, {
    run: input.run,
    verified: false,
    executedBy: 'requester',
    algorithmHash: input.run.algorithm.hash,
    inputsHash: digestJson({ reported: input.run }),
  });
}

/**
 * Runs a dry run at the hub: one of the request's algorithms, on synthetic twins of the request's
 * stations built from what they released to the catalogue, in the hub's dry-run service. Stored with
 * the algorithm's hash and the hash of the inputs, verified, for the reviewer.
 */
export async function executeSandboxRun(
  ctx: HubContext,
  by: UserPrincipal,
  input: z.output<typeof SandboxExecuteInputSchema>,
): Promise<SandboxRunRecord> {
  const r = await visibleRequest(ctx, by, input.requestId, 'body.requestId');
  if (r.requester_id !== by.userId) throw notFound('no such access request of yours', 'body.requestId');
  const request = json<{
    stations: string[];
    algorithms: { name: string; version: string; hash?: string }[];
  }>(r.body);
  const algorithm = request.algorithms.find(
    (a) => a.name === input.algorithm.name && a.version === input.algorithm.version,
  );
  if (!algorithm)
    throw badInput(
      `not an algorithm of this request (${request.algorithms.map((a) => `${a.name}@${a.version}`).join(', ')})`,
      'body.algorithm',
    );
  const job: HubDryRunJob = {
    algorithm: { name: algorithm.name, version: algorithm.version },
    input: input.input,
    purpose: r.purpose,
    stations: await twinSpecs(ctx, request.stations),
    maxPatients: input.maxPatients,
    seed: 1,
  };
  const run = await runHubDryRun(job);
  const pinned = algorithm.hash && algorithm.hash !== run.algorithm.hash;
  return store(ctx, by, input.requestId, {
    run: pinned
      ? {
          ...run,
          outcome: 'failed',
          stage: 'input',
          message: `the hub's ${run.algorithm.name}@${run.algorithm.version} has hash ${run.algorithm.hash}, not the ${algorithm.hash} the request names`,
        }
      : run,
    verified: true,
    executedBy: 'hub',
    algorithmHash: run.algorithm.hash,
    inputsHash: digestJson({
      algorithm: job.algorithm,
      input: job.input,
      purpose: job.purpose,
      stations: job.stations,
      maxPatients: job.maxPatients,
      seed: job.seed,
    }),
  });
}

/** Each station as the catalogue shows it: its name, and the profile of its (first) published dataset. */
async function twinSpecs(ctx: HubContext, stationIds: string[]): Promise<HubDryRunJob['stations']> {
  const rows = await ctx.db.query<{ id: string; name: string; metadata: unknown }>(
    `select s.id, s.name, (select d.metadata from datasets d where d.station_id = s.id order by d.published_at, d.id limit 1) as metadata
     from stations s where s.id = any($1::text[])`,
    [stationIds],
  );
  return stationIds.map((id) => {
    const s = rows.find((x) => x.id === id);
    const profile = s?.metadata
      ? (json<{ profile?: Record<string, unknown> }>(s.metadata).profile ?? {})
      : {};
    return { stationName: s?.name ?? id, profile };
  });
}

interface SandboxRow {
  id: string;
  request_id: string;
  submitted_by: string;
  body: unknown;
  submitted_at: Date;
  verified: boolean;
  executed_by: 'hub' | 'requester';
  algorithm_hash: string;
  inputs_hash: string;
}

const toRecord = (x: SandboxRow): SandboxRunRecord => ({
  id: x.id,
  requestId: x.request_id,
  submittedBy: x.submitted_by,
  submittedAt: iso(x.submitted_at)!,
  run: json(x.body),
  verified: x.verified,
  executedBy: x.executed_by,
  algorithmHash: x.algorithm_hash,
  inputsHash: x.inputs_hash,
});

async function rowsOf(ctx: HubContext, requestId: string): Promise<SandboxRunRecord[]> {
  const rows = await ctx.db.query<SandboxRow>(
    'select * from sandbox_runs where request_id = $1 order by submitted_at desc, id desc',
    [requestId],
  );
  return rows.map(toRecord);
}

export async function listSandboxRuns(
  ctx: HubContext,
  by: UserPrincipal,
  requestId: string,
): Promise<SandboxRunRecord[]> {
  await visibleRequest(ctx, by, requestId, 'query.requestId');
  return rowsOf(ctx, requestId);
}

/** The dry runs as the access review shows them (the caller's right to see the request is checked before). */
export async function dryRunSummaries(
  ctx: HubContext,
  requestId: string,
): Promise<NonNullable<AccessRequest['dryRuns']>> {
  return (await rowsOf(ctx, requestId)).map((x) => ({
    id: x.id,
    submittedAt: x.submittedAt,
    algorithm: `${x.run.algorithm.name}@${x.run.algorithm.version}`,
    outcome: x.run.outcome,
    ...(x.run.stage ? { stage: x.run.stage } : {}),
    ...(x.run.message ? { message: x.run.message } : {}),
    verified: x.verified,
    executedBy: x.executedBy,
    algorithmHash: x.algorithmHash,
    inputsHash: x.inputsHash,
  }));
}
