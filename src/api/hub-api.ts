import { z } from 'zod';
import { SignedAuditHeadSchema } from '../protocol/audit-head.ts';
import { PollResponseSchema } from '../protocol/messages.ts';
import {
  AccessRequestInputSchema,
  AccessRequestSchema,
  DecisionInputSchema,
  DecisionSchema,
  PermitRecordSchema,
  RequestsQuerySchema,
  RevokeInputSchema,
  TransparencyEntrySchema,
} from './access-schemas.ts';
import { defineRoute } from './api-route.ts';
import { IdParamsSchema } from './api-values.ts';
import { AuditEntrySchema, AuditQuerySchema, AuditVerificationSchema } from './audit-schemas.ts';
import {
  CatalogueDatasetSchema,
  CatalogueQuerySchema,
  DatasetPublishedSchema,
  DatasetPublishSchema,
} from './catalogue-schemas.ts';
import { governanceApi } from './governance-api.ts';
import {
  ApiTokenCreatedSchema,
  ApiTokenInputSchema,
  LoginInputSchema,
  LoginSchema,
  OrganisationInputSchema,
  OrganisationQuerySchema,
  OrganisationSchema,
  Roles,
  UserInputSchema,
  UserSchema,
} from './organisation-schemas.ts';
import { RunInputSchema, RunsQuerySchema, RunViewSchema, RunWaitQuerySchema } from './run-schemas.ts';
import {
  HeartbeatInputSchema,
  HeartbeatSchema,
  HubKeySchema,
  ResultAcceptedSchema,
  ResultInputSchema,
  StationAuditHeadSchema,
  StationInputSchema,
  StationKeyInputSchema,
  StationKeyRegisteredSchema,
  StationRegisteredSchema,
  StationSchema,
  TasksQuerySchema,
} from './station-schemas.ts';

/** Any signed-in user. */
const anyRole = { roles: Roles };

/**
 * The hub's REST API, one entry per route: what it takes, what it answers, who may call it. The hub
 * serves exactly these routes, the clients call them by name (`client.getRun({ params: { id } })`), and
 * `/openapi.json` is made from them.
 */
export const hubApi = {
  health: defineRoute({
    method: 'GET',
    path: '/api/health',
    summary: 'Liveness',
    tag: 'public',
    auth: 'none',
    status: 200,
    response: z.object({ ok: z.literal(true) }),
  }),

  // --- auth and organisations ---
  login: defineRoute({
    method: 'POST',
    path: '/api/auth/login',
    summary: 'Sign in with email and password; returns a JWT valid for 15 minutes',
    tag: 'auth',
    auth: 'none',
    body: LoginInputSchema,
    status: 200,
    response: LoginSchema,
    errors: ['unauthenticated'],
  }),
  createApiToken: defineRoute({
    method: 'POST',
    path: '/api/auth/tokens',
    summary: 'Create a long-lived API token for scripts (shown once)',
    tag: 'auth',
    auth: anyRole,
    body: ApiTokenInputSchema,
    status: 200,
    response: ApiTokenCreatedSchema,
  }),
  me: defineRoute({
    method: 'GET',
    path: '/api/me',
    summary: 'The signed-in user',
    tag: 'auth',
    auth: anyRole,
    status: 200,
    response: UserSchema,
    errors: ['notFound'],
  }),
  createOrganisation: defineRoute({
    method: 'POST',
    path: '/api/organisations',
    summary: 'Create an organisation (admin)',
    tag: 'organisations',
    auth: { roles: [] },
    body: OrganisationInputSchema,
    status: 201,
    response: OrganisationSchema,
    errors: ['conflict'],
  }),
  listOrganisations: defineRoute({
    method: 'GET',
    path: '/api/organisations',
    summary: 'List organisations',
    tag: 'organisations',
    auth: anyRole,
    status: 200,
    response: z.array(OrganisationSchema),
  }),
  createUser: defineRoute({
    method: 'POST',
    path: '/api/users',
    summary: 'Create a user in an organisation with one role (admin)',
    tag: 'organisations',
    auth: { roles: [] },
    body: UserInputSchema,
    status: 201,
    response: UserSchema,
    errors: ['notFound', 'conflict'],
  }),
  listUsers: defineRoute({
    method: 'GET',
    path: '/api/users',
    summary: 'List users (admin, auditor)',
    tag: 'organisations',
    auth: { roles: ['auditor'] },
    query: OrganisationQuerySchema,
    status: 200,
    response: z.array(UserSchema),
  }),

  // --- stations ---
  hubKey: defineRoute({
    method: 'GET',
    path: '/api/hub/key',
    summary: "The hub's Ed25519 public key (stations pin its keyId)",
    tag: 'stations',
    auth: 'none',
    status: 200,
    response: HubKeySchema,
  }),
  registerStation: defineRoute({
    method: 'POST',
    path: '/api/stations',
    summary: "Register a station of the steward's organisation; returns its token (shown once)",
    tag: 'stations',
    auth: { roles: ['steward'] },
    body: StationInputSchema,
    status: 201,
    response: StationRegisteredSchema,
    errors: ['notFound'],
  }),
  registerStationKey: defineRoute({
    method: 'POST',
    path: '/api/stations/:id/key',
    summary:
      "Register a station's Ed25519 public key (the one that signs its audit chain), e.g. for a station registered before it had one",
    tag: 'stations',
    auth: { roles: ['steward'] },
    params: IdParamsSchema,
    body: StationKeyInputSchema,
    status: 200,
    response: StationKeyRegisteredSchema,
    errors: ['notFound'],
  }),
  listStations: defineRoute({
    method: 'GET',
    path: '/api/stations',
    summary: 'List stations with online status (from their last heartbeat)',
    tag: 'stations',
    auth: anyRole,
    query: OrganisationQuerySchema,
    status: 200,
    response: z.array(StationSchema),
  }),

  // --- the station protocol (station token) ---
  heartbeat: defineRoute({
    method: 'POST',
    path: '/api/station/heartbeat',
    summary:
      'A station reports it is alive, with its data version, software version and the signed head of its audit chain',
    tag: 'station protocol',
    auth: 'station',
    body: HeartbeatInputSchema,
    status: 200,
    response: HeartbeatSchema,
  }),
  pollTasks: defineRoute({
    method: 'GET',
    path: '/api/station/tasks',
    summary:
      'Long-poll for signed tasks and revoked permit ids (wait up to `wait` seconds; the hub may answer ' +
      'sooner, at the latest after its own maximum wait)',
    tag: 'station protocol',
    auth: 'station',
    query: TasksQuerySchema,
    status: 200,
    response: PollResponseSchema,
  }),
  submitResult: defineRoute({
    method: 'POST',
    path: '/api/station/results',
    summary: "A station's answer to one of its tasks: aggregates, a refusal with its reason, or a failure",
    tag: 'station protocol',
    auth: 'station',
    body: ResultInputSchema,
    status: 200,
    response: ResultAcceptedSchema,
    errors: ['notFound', 'conflict'],
  }),
  stationAuditHead: defineRoute({
    method: 'GET',
    path: '/api/station/audit-head',
    summary:
      "The latest signed head of the calling station's audit chain the hub holds, and its flag if a head was refused",
    tag: 'station protocol',
    auth: 'station',
    status: 200,
    response: StationAuditHeadSchema,
  }),
  publishDataset: defineRoute({
    method: 'POST',
    path: '/api/station/datasets',
    summary: 'Publish dataset metadata and its (already suppressed) profile to the catalogue',
    tag: 'station protocol',
    auth: 'station',
    body: DatasetPublishSchema,
    status: 200,
    response: DatasetPublishedSchema,
  }),

  // --- the catalogue (public metadata) ---
  searchCatalogue: defineRoute({
    method: 'GET',
    path: '/api/catalogue',
    summary:
      'Search datasets by text (q), a code present in the data (code), a table or resource type (type)',
    tag: 'catalogue',
    auth: 'none',
    query: CatalogueQuerySchema,
    status: 200,
    response: z.array(CatalogueDatasetSchema),
  }),
  getDataset: defineRoute({
    method: 'GET',
    path: '/api/catalogue/datasets/:id',
    summary: 'One dataset',
    tag: 'catalogue',
    auth: 'none',
    params: IdParamsSchema,
    status: 200,
    response: CatalogueDatasetSchema,
    errors: ['notFound'],
  }),
  catalogueJsonLd: defineRoute({
    method: 'GET',
    path: '/api/catalogue/dcat.jsonld',
    summary: 'The catalogue as HealthDCAT-AP JSON-LD',
    tag: 'catalogue',
    auth: 'none',
    query: CatalogueQuerySchema,
    status: 200,
    response: z.record(z.string(), z.unknown()),
    contentType: 'application/ld+json',
  }),
  catalogueTurtle: defineRoute({
    method: 'GET',
    path: '/api/catalogue/dcat.ttl',
    summary: 'The catalogue as HealthDCAT-AP Turtle',
    tag: 'catalogue',
    auth: 'none',
    query: CatalogueQuerySchema,
    status: 200,
    response: z.string(),
    contentType: 'text/turtle; charset=utf-8',
  }),

  // --- access requests and permits ---
  createRequest: defineRoute({
    method: 'POST',
    path: '/api/requests',
    summary: 'Request access for an EHDS purpose (researcher)',
    tag: 'access',
    auth: { roles: ['researcher'] },
    body: AccessRequestInputSchema,
    status: 201,
    response: AccessRequestSchema,
  }),
  listRequests: defineRoute({
    method: 'GET',
    path: '/api/requests',
    summary: 'Access requests: all for reviewers and auditors, your own otherwise',
    tag: 'access',
    auth: anyRole,
    query: RequestsQuerySchema,
    status: 200,
    response: z.array(AccessRequestSchema),
  }),
  getRequest: defineRoute({
    method: 'GET',
    path: '/api/requests/:id',
    summary: 'One access request',
    tag: 'access',
    auth: anyRole,
    params: IdParamsSchema,
    status: 200,
    response: AccessRequestSchema,
    errors: ['notFound'],
  }),
  decideRequest: defineRoute({
    method: 'POST',
    path: '/api/requests/:id/decision',
    summary: 'Approve (issues a permit) or reject a request, with a note (reviewer)',
    tag: 'access',
    auth: { roles: ['reviewer'] },
    params: IdParamsSchema,
    body: DecisionInputSchema,
    status: 200,
    response: DecisionSchema,
    errors: ['notFound', 'conflict'],
  }),
  listPermits: defineRoute({
    method: 'GET',
    path: '/api/permits',
    summary: 'Permits: all for reviewers and auditors, those issued to you otherwise',
    tag: 'access',
    auth: anyRole,
    status: 200,
    response: z.array(PermitRecordSchema),
  }),
  getPermit: defineRoute({
    method: 'GET',
    path: '/api/permits/:id',
    summary: 'One permit',
    tag: 'access',
    auth: anyRole,
    params: IdParamsSchema,
    status: 200,
    response: PermitRecordSchema,
    errors: ['notFound'],
  }),
  revokePermit: defineRoute({
    method: 'POST',
    path: '/api/permits/:id/revoke',
    summary: 'Revoke a permit; stations learn it on their next poll (reviewer)',
    tag: 'access',
    auth: { roles: ['reviewer'] },
    params: IdParamsSchema,
    body: RevokeInputSchema,
    status: 200,
    response: PermitRecordSchema,
    errors: ['notFound', 'conflict'],
  }),
  transparency: defineRoute({
    method: 'GET',
    path: '/api/public/transparency',
    summary: 'Public register of permits issued and the aggregate results they produced (EHDS)',
    tag: 'public',
    auth: 'none',
    status: 200,
    response: z.array(TransparencyEntrySchema),
  }),

  // --- runs ---
  createRun: defineRoute({
    method: 'POST',
    path: '/api/runs',
    summary: 'Start an analysis under a permit: one signed task per permitted station (permit holder)',
    tag: 'runs',
    auth: { roles: ['researcher'] },
    body: RunInputSchema,
    status: 201,
    response: RunViewSchema,
    errors: ['notFound', 'unprocessable'],
  }),
  listRuns: defineRoute({
    method: 'GET',
    path: '/api/runs',
    summary: 'Runs: your own, or all for reviewers and auditors',
    tag: 'runs',
    auth: anyRole,
    query: RunsQuerySchema,
    status: 200,
    response: z.array(RunViewSchema),
  }),
  getRun: defineRoute({
    method: 'GET',
    path: '/api/runs/:id',
    summary:
      'A run: per-station status per round, result and provenance. With `wait` (seconds) the hub holds the ' +
      'request until the run is no longer running or, with the `version` last seen, until the run moved ' +
      'on from it (a task delivered or answered); at the latest after `wait` seconds (or its own maximum)',
    tag: 'runs',
    auth: anyRole,
    params: IdParamsSchema,
    query: RunWaitQuerySchema,
    status: 200,
    response: RunViewSchema,
    errors: ['notFound'],
  }),

  // --- audit ---
  audit: defineRoute({
    method: 'GET',
    path: '/api/audit',
    summary: "The hub's audit log, newest first (auditor)",
    tag: 'audit',
    auth: { roles: ['auditor'] },
    query: AuditQuerySchema,
    status: 200,
    response: z.array(AuditEntrySchema),
  }),
  hubAuditHead: defineRoute({
    method: 'GET',
    path: '/api/public/audit-head',
    summary:
      "The head of the hub's audit chain (entries, hash of the last), signed with the hub's key (GET /api/hub/key): keep it to detect a rewritten history later",
    tag: 'audit',
    auth: 'none',
    status: 200,
    response: SignedAuditHeadSchema,
  }),
  verifyAudit: defineRoute({
    method: 'GET',
    path: '/api/audit/verify',
    summary: 'Verify the hash chain of the audit log (auditor)',
    tag: 'audit',
    auth: { roles: ['auditor'] },
    status: 200,
    response: AuditVerificationSchema,
  }),

  ...governanceApi,
} as const;

export type HubApi = typeof hubApi;
export type HubRouteName = keyof HubApi;
