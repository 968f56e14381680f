import { z } from 'zod';
import { defineRoute } from './api-route.ts';
import { IdParamsSchema } from './api-values.ts';
import {
  AiSystemInputSchema,
  AiSystemSchema,
  AiSystemUpdateSchema,
  AlgorithmRegisterExportSchema,
  ClassificationHistorySchema,
  ClassificationRecordSchema,
  DocumentParamsSchema,
  DocumentQuerySchema,
  GovernanceDocumentViewSchema,
  ModelRecordBodySchema,
  ModelSummarySchema,
  ModelViewSchema,
} from './governance-schemas.ts';
import { Roles } from './organisation-schemas.ts';

const anyRole = { roles: Roles };
/** AI developers register models and systems (the researcher role). */
const developer = { roles: ['researcher'] as const };

/**
 * AI governance: models registered at the hub, AI systems built on them, their AI Act / MDR
 * classification, the technical documentation generated from the platform's records and the algorithm
 * register entry. A developer sees and edits its own; reviewers, auditors and admins read all.
 */
export const governanceApi = {
  registerModel: defineRoute({
    method: 'POST',
    path: '/api/governance/models',
    summary: 'Register a model (its registry record with lineage and validations) at the hub',
    tag: 'governance',
    auth: developer,
    body: ModelRecordBodySchema,
    status: 201,
    response: ModelSummarySchema,
    errors: ['conflict'],
  }),
  listModels: defineRoute({
    method: 'GET',
    path: '/api/governance/models',
    summary: 'Models: your own; all for reviewers and auditors',
    tag: 'governance',
    auth: anyRole,
    status: 200,
    response: z.array(ModelSummarySchema),
  }),
  getModel: defineRoute({
    method: 'GET',
    path: '/api/governance/models/:id',
    summary: 'One model with its full registry record',
    tag: 'governance',
    auth: anyRole,
    params: IdParamsSchema,
    status: 200,
    response: ModelViewSchema,
    errors: ['notFound'],
  }),
  createAiSystem: defineRoute({
    method: 'POST',
    path: '/api/governance/systems',
    summary: 'Describe an AI system (one per product), linked to its models',
    tag: 'governance',
    auth: developer,
    body: AiSystemInputSchema,
    status: 201,
    response: AiSystemSchema,
  }),
  listAiSystems: defineRoute({
    method: 'GET',
    path: '/api/governance/systems',
    summary: 'AI systems: your own; all for reviewers and auditors',
    tag: 'governance',
    auth: anyRole,
    status: 200,
    response: z.array(AiSystemSchema),
  }),
  getAiSystem: defineRoute({
    method: 'GET',
    path: '/api/governance/systems/:id',
    summary: 'One AI system',
    tag: 'governance',
    auth: anyRole,
    params: IdParamsSchema,
    status: 200,
    response: AiSystemSchema,
    errors: ['notFound'],
  }),
  updateAiSystem: defineRoute({
    method: 'POST',
    path: '/api/governance/systems/:id',
    summary: 'Edit your AI system (its owner only); a stale expectedRevision is a 409',
    tag: 'governance',
    auth: developer,
    params: IdParamsSchema,
    body: AiSystemUpdateSchema,
    status: 200,
    response: AiSystemSchema,
    errors: ['notFound', 'conflict'],
  }),
  classifyAiSystem: defineRoute({
    method: 'POST',
    path: '/api/governance/systems/:id/classification',
    summary:
      'Classify your AI system under the AI Act and the MDR (Rule 11) from its answers; stored, versioned and audited',
    tag: 'governance',
    auth: developer,
    params: IdParamsSchema,
    status: 201,
    response: ClassificationRecordSchema,
    errors: ['notFound'],
  }),
  getClassification: defineRoute({
    method: 'GET',
    path: '/api/governance/systems/:id/classification',
    summary: 'The latest classification of an AI system, with the earlier ones',
    tag: 'governance',
    auth: anyRole,
    params: IdParamsSchema,
    status: 200,
    response: ClassificationHistorySchema,
    errors: ['notFound'],
  }),
  governanceDocument: defineRoute({
    method: 'GET',
    path: '/api/governance/systems/:id/documents/:kind',
    summary:
      'AI Act Annex IV technical documentation (annex-iv) or the TRIPOD+AI checklist (tripod-ai), generated from the platform records, with completeness',
    tag: 'governance',
    auth: anyRole,
    params: DocumentParamsSchema,
    query: DocumentQuerySchema,
    status: 200,
    response: GovernanceDocumentViewSchema,
    errors: ['notFound'],
  }),
  algorithmRegisterEntry: defineRoute({
    method: 'GET',
    path: '/api/governance/systems/:id/register-entry',
    summary: 'The entry for the Dutch public algorithm register (Algoritmeregister standard 1.0.0)',
    tag: 'governance',
    auth: anyRole,
    params: IdParamsSchema,
    status: 200,
    response: AlgorithmRegisterExportSchema,
    errors: ['notFound'],
  }),
} as const;
