import type { z } from 'zod';
import { type ModelRecord, ModelRecordSchema } from '../../analytics/models/model-record.ts';
import type {
  AiSystem,
  AiSystemInputSchema,
  AiSystemUpdateSchema,
  ClassificationRecord,
  ModelSummary,
} from '../../api/governance-schemas.ts';
import { badInput, conflict, forbidden, notFound } from '../../common/app-error.ts';
import { badInputFromZod } from '../../common/input-issues.ts';
import { classify } from '../../governance/classification/classify.ts';
import { seesAll } from '../access/access-service.ts';
import type { UserPrincipal } from '../auth/principal.ts';
import { iso, json } from '../db/row-values.ts';
import type { HubContext } from '../hub-context.ts';
import { newId } from '../new-id.ts';
import { checkCitedRuns } from './cited-runs.ts';
import { ModelResultsShape } from './model-record-shape.ts';

/**
 * Models and AI systems are the developing organisation's own: only its researchers (the AI-developer
 * role) register, change, classify or publish them. Admins pass every role check elsewhere, but not
 * here: an admin publishing another organisation's model would put words in that organisation's mouth.
 */
function requireDeveloper(by: UserPrincipal, what: string, where: string): void {
  if (by.role !== 'researcher')
    throw forbidden(
      `only a researcher (AI developer) of the owning organisation may ${what}; you are ${by.role} of organisation ${by.organisationId}`,
      where,
    );
}

/** A permit a model names, when this hub issued it: it must be held by the registering organisation. */
async function checkTrainingPermit(ctx: HubContext, by: UserPrincipal, permitId: string): Promise<void> {
  const rows = await ctx.db.query<{ holder_organisation_id: string }>(
    'select holder_organisation_id from permits where id = $1',
    [permitId],
  );
  const holder = rows[0]?.holder_organisation_id;
  if (holder !== undefined && holder !== by.organisationId)
    throw forbidden(
      `the training permit is held by organisation ${holder}; only its researchers may register this model`,
      'body.training.permitId',
    );
}

interface ModelRow {
  id: string;
  owner_user_id: string;
  record: unknown;
  registered_at: Date;
}

function summary(r: ModelRow): ModelSummary & { record: ModelRecord } {
  const record = ModelRecordSchema.parse(json(r.record));
  return {
    id: r.id,
    name: record.name,
    version: record.version,
    createdAt: record.createdAt,
    ownerUserId: r.owner_user_id,
    trainingPermitId: record.training.permitId,
    validations: record.validations.length,
    registeredAt: iso(r.registered_at)!,
    record,
  };
}

/** Registers a model record at the hub; the id must be new. */
export async function registerModel(
  ctx: HubContext,
  by: UserPrincipal,
  body: unknown,
): Promise<ModelSummary> {
  const parsed = ModelRecordSchema.safeParse(body);
  if (!parsed.success)
    throw badInputFromZod(parsed.error, 'body', 'not a model record', { pathInWhere: true });
  const results = ModelResultsShape.safeParse(parsed.data);
  if (!results.success)
    throw badInputFromZod(results.error, 'body', 'the algorithm results in the record are incomplete', {
      pathInWhere: true,
    });
  const record = parsed.data;
  requireDeveloper(by, 'register a model', 'body');
  await checkTrainingPermit(ctx, by, record.training.permitId);
  await checkCitedRuns(ctx, by, record);
  const now = ctx.now();
  const inserted = await ctx.db.query<{ id: string }>(
    `insert into governance_models (id, owner_user_id, organisation_id, record, registered_at)
     values ($1, $2, $3, $4::jsonb, $5) on conflict (id) do nothing returning id`,
    [record.id, by.userId, by.organisationId, JSON.stringify(record), now],
  );
  if (inserted.length === 0) throw conflict(`model ${record.id} is registered already`, 'body.id');
  await ctx.audit.record({
    actor: `user:${by.userId}`,
    action: 'model.registered',
    subject: record.id,
    permitId: record.training.permitId,
  });
  const { record: _, ...s } = summary({
    id: record.id,
    owner_user_id: by.userId,
    record,
    registered_at: now,
  });
  return s;
}

/** Models the caller may see: its own, or all for reviewers, auditors and admins. */
export async function listModels(
  ctx: HubContext,
  by: UserPrincipal,
): Promise<(ModelSummary & { record: ModelRecord })[]> {
  const rows = await ctx.db.query<ModelRow>(
    'select * from governance_models where $1::text is null or owner_user_id = $1 order by registered_at, id',
    [seesAll(by) ? null : by.userId],
  );
  return rows.map(summary);
}

export async function getModel(
  ctx: HubContext,
  by: UserPrincipal,
  id: string,
): Promise<ModelSummary & { record: ModelRecord }> {
  const rows = await ctx.db.query<ModelRow>('select * from governance_models where id = $1', [id]);
  const r = rows[0];
  if (!r || (r.owner_user_id !== by.userId && !seesAll(by))) throw notFound('no such model', 'id');
  return summary(r);
}

/** A model record by id, for documents of a system the caller may read. */
export async function modelRecord(ctx: HubContext, id: string): Promise<ModelRecord> {
  const rows = await ctx.db.query<ModelRow>('select * from governance_models where id = $1', [id]);
  if (!rows[0]) throw notFound('no such model', 'query.model');
  return summary(rows[0]).record;
}

interface SystemRow {
  id: string;
  owner_user_id: string;
  organisation_id: string;
  revision: number;
  body: unknown;
  created_at: Date;
  updated_at: Date;
}

function toSystem(r: SystemRow): AiSystem {
  const body = json<z.output<typeof AiSystemInputSchema>>(r.body);
  return {
    ...body,
    publishInRegister: body.publishInRegister ?? false,
    id: r.id,
    ownerUserId: r.owner_user_id,
    ownerOrganisationId: r.organisation_id,
    revision: r.revision,
    createdAt: iso(r.created_at)!,
    updatedAt: iso(r.updated_at)!,
  };
}

/** Every linked monitor must exist and be one a user of the caller's organisation registered. */
async function checkMonitors(ctx: HubContext, by: UserPrincipal, monitorIds: readonly string[] = []) {
  if (monitorIds.length === 0) return;
  const rows = await ctx.db.query<{ id: string }>(
    `select m.id from monitors m join users u on u.id = m.created_by
     where m.id = any($1::text[]) and u.organisation_id = $2`,
    [monitorIds, by.organisationId],
  );
  monitorIds.forEach((id, i) => {
    if (!rows.some((r) => r.id === id))
      throw badInput('no outcome monitor of your organisation with this id', `body.monitorIds[${i}]`);
  });
}

/** Every linked model must be one the caller's organisation registered. */
async function checkModels(ctx: HubContext, by: UserPrincipal, modelIds: readonly string[]): Promise<void> {
  const rows = await ctx.db.query<{ id: string; owner_user_id: string; organisation_id: string }>(
    'select id, owner_user_id, organisation_id from governance_models where id = any($1::text[])',
    [modelIds],
  );
  modelIds.forEach((id, i) => {
    const m = rows.find((r) => r.id === id);
    if (!m || (m.owner_user_id !== by.userId && !seesAll(by) && m.organisation_id !== by.organisationId))
      throw badInput('no registered model with this id that you may use', `body.modelIds[${i}]`);
    if (m.organisation_id !== by.organisationId)
      throw forbidden(
        `model ${id} belongs to organisation ${m.organisation_id}; only its researchers may build an AI system on it`,
        `body.modelIds[${i}]`,
      );
  });
}

export async function createAiSystem(
  ctx: HubContext,
  by: UserPrincipal,
  input: z.output<typeof AiSystemInputSchema>,
): Promise<AiSystem> {
  requireDeveloper(by, 'describe an AI system', 'body');
  await checkModels(ctx, by, input.modelIds);
  await checkMonitors(ctx, by, input.monitorIds);
  const id = newId('ais');
  const now = ctx.now();
  const rows = await ctx.db.transaction(async (tx) => {
    const inserted = await tx.query<SystemRow>(
      `insert into ai_systems (id, owner_user_id, organisation_id, revision, body, created_at, updated_at)
       values ($1, $2, $3, 1, $4::jsonb, $5, $5) returning *`,
      [id, by.userId, by.organisationId, JSON.stringify(input), now],
    );
    await ctx.audit.recordIn(tx, [{ actor: `user:${by.userId}`, action: 'ai-system.created', subject: id }]);
    return inserted;
  });
  return toSystem(rows[0]!);
}

async function systemRow(ctx: HubContext, by: UserPrincipal, id: string): Promise<SystemRow> {
  const rows = await ctx.db.query<SystemRow>('select * from ai_systems where id = $1', [id]);
  const r = rows[0];
  if (!r || (r.owner_user_id !== by.userId && r.organisation_id !== by.organisationId && !seesAll(by)))
    throw notFound('no such AI system', 'id');
  return r;
}

/** The owner's own systems; all for reviewers, auditors and admins. */
export async function listAiSystems(ctx: HubContext, by: UserPrincipal): Promise<AiSystem[]> {
  const rows = await ctx.db.query<SystemRow>(
    'select * from ai_systems where $1::text is null or owner_user_id = $1 order by created_at, id',
    [seesAll(by) ? null : by.userId],
  );
  return rows.map(toSystem);
}

export async function getAiSystem(ctx: HubContext, by: UserPrincipal, id: string): Promise<AiSystem> {
  return toSystem(await systemRow(ctx, by, id));
}

/**
 * A system only the owning organisation's researchers may change, classify or publish (in the register);
 * others who may read it, admins included, get a 403 naming the role and organisation it needs.
 */
async function ownedRow(ctx: HubContext, by: UserPrincipal, id: string): Promise<SystemRow> {
  const r = await systemRow(ctx, by, id);
  if (by.role !== 'researcher' || r.organisation_id !== by.organisationId)
    throw forbidden(
      `only a researcher (AI developer) of organisation ${r.organisation_id}, which owns this AI system, may change, classify or publish it; you are ${by.role} of organisation ${by.organisationId}`,
      'id',
    );
  return r;
}

export async function updateAiSystem(
  ctx: HubContext,
  by: UserPrincipal,
  id: string,
  input: z.output<typeof AiSystemUpdateSchema>,
): Promise<AiSystem> {
  await ownedRow(ctx, by, id);
  const { expectedRevision, ...fields } = input;
  await checkModels(ctx, by, fields.modelIds);
  await checkMonitors(ctx, by, fields.monitorIds);
  const now = ctx.now();
  return ctx.db.transaction(async (tx) => {
    const rows = await tx.query<SystemRow>(
      `update ai_systems set body = $2::jsonb, revision = revision + 1, updated_at = $3
       where id = $1 and ($4::integer is null or revision = $4) returning *`,
      [id, JSON.stringify(fields), now, expectedRevision ?? null],
    );
    if (rows.length === 0)
      throw conflict(
        'the system was changed since the revision you edited; reload it',
        'body.expectedRevision',
      );
    await ctx.audit.recordIn(tx, [
      { actor: `user:${by.userId}`, action: 'ai-system.updated', subject: `${id}@${rows[0]!.revision}` },
    ]);
    return toSystem(rows[0]!);
  });
}

interface ClassificationRow {
  id: string;
  system_id: string;
  system_revision: number;
  classified_by: string;
  body: unknown;
  classified_at: Date;
}

const toClassification = (r: ClassificationRow): ClassificationRecord => ({
  id: r.id,
  systemId: r.system_id,
  systemRevision: r.system_revision,
  classifiedBy: r.classified_by,
  classifiedAt: iso(r.classified_at)!,
  classification: json(r.body),
});

/** Classifies the system's current revision, stores the result with the rule files' versions, audits it. */
export async function classifyAiSystem(
  ctx: HubContext,
  by: UserPrincipal,
  id: string,
): Promise<ClassificationRecord> {
  const row = await ownedRow(ctx, by, id);
  const system = toSystem(row);
  const classification = classify(system.answers, system.organisationRole);
  const now = ctx.now();
  const cid = newId('cls');
  await ctx.db.transaction(async (tx) => {
    await tx.query(
      `insert into ai_system_classifications (id, system_id, system_revision, classified_by, body, classified_at)
       values ($1, $2, $3, $4, $5::jsonb, $6)`,
      [cid, id, system.revision, by.userId, JSON.stringify(classification), now],
    );
    await ctx.audit.recordIn(tx, [
      {
        actor: `user:${by.userId}`,
        action: 'ai-system.classified',
        subject: `${id}@${system.revision}`,
        details: {
          classification: cid,
          aiActClass: classification.aiActClass,
          mdrClass: classification.mdrClass,
          rules: classification.trees,
        },
      },
    ]);
  });
  return {
    id: cid,
    systemId: id,
    systemRevision: system.revision,
    classifiedBy: by.userId,
    classifiedAt: now.toISOString(),
    classification,
  };
}

/** The latest classification of a system (the caller's right to see the system is checked before). */
export async function latestClassification(
  ctx: HubContext,
  id: string,
): Promise<ClassificationRecord | undefined> {
  const rows = await ctx.db.query<ClassificationRow>(
    'select * from ai_system_classifications where system_id = $1 order by classified_at desc, id desc limit 1',
    [id],
  );
  return rows[0] ? toClassification(rows[0]) : undefined;
}

/** Systems whose owners publish their register entry. */
export async function publishedSystems(ctx: HubContext): Promise<AiSystem[]> {
  const rows = await ctx.db.query<SystemRow>(
    "select * from ai_systems where (body->>'publishInRegister')::boolean is true order by created_at, id",
  );
  return rows.map(toSystem);
}

/** All classifications of a system the caller may see, newest first. */
export async function classificationsOf(
  ctx: HubContext,
  by: UserPrincipal,
  id: string,
): Promise<ClassificationRecord[]> {
  await systemRow(ctx, by, id);
  const rows = await ctx.db.query<ClassificationRow>(
    'select * from ai_system_classifications where system_id = $1 order by classified_at desc, id desc',
    [id],
  );
  return rows.map(toClassification);
}
