/** The hub: catalogue, access requests and permits, federated runs, audit. */
export {
  type AccessRequest,
  type AccessRequestInput,
  type CatalogueDataset,
  type DatasetPublish,
  DatasetPublishSchema,
  type Organisation,
  type PermitRecord,
  type RunView,
  type Station,
  type StationTaskStatus,
  type TaskStatus,
  type TransparencyEntry,
  type User,
} from '../api/index.ts';
export { HubAudit } from './audit/hub-audit.ts';
export {
  JWT_SECRET_FILE,
  loadHubSecrets,
  rotateHubSecrets,
  SIGNING_KEY_FILE,
} from './auth/hub-secrets.ts';
export type { Principal, Role } from './auth/principal.ts';
export { Roles } from './auth/principal.ts';
export { catalogueEntry } from './catalogue/catalogue-service.ts';
export { catalogueTurtle } from './catalogue/dcat-export.ts';
export type { HubDb, HubQueryable } from './db/hub-db.ts';
export { migrate, migrations } from './db/migrations.ts';
export { openHubDb } from './db/open-hub-db.ts';
export { openPgliteHubDb } from './db/pglite-hub-db.ts';
export { openPostgresHubDb, type PostgresHubDbOptions } from './db/postgres-hub-db.ts';
export { createHubApp, type HubApp, type HubAppOptions } from './http/hub-app.ts';
export type { HubContext } from './hub-context.ts';
export { createOrganisation, createUser } from './organisations/organisation-service.ts';
export { type DemoSeed, type DemoUser, seedDemo } from './organisations/seed-demo.ts';
export { type CentralHalf, type CentralHalves, centralHalvesOf } from './tasks/central-halves.ts';
export { centralHalvesFromRegistry } from './tasks/central-registry-halves.ts';
