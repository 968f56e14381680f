/** The hub: catalogue, access requests and permits, federated runs, audit. */
export type { AccessRequest, AccessRequestInput, PermitRecord } from './access/access-service.ts';
export type { TransparencyEntry } from './access/transparency-register.ts';
export { loadHubSecrets } from './auth/hub-secrets.ts';
export type { Principal, Role } from './auth/principal.ts';
export { Roles } from './auth/principal.ts';
export {
  type CatalogueDataset,
  type DatasetPublish,
  DatasetPublishSchema,
} from './catalogue/catalogue-service.ts';
export { catalogueTurtle } from './catalogue/dcat-export.ts';
export type { HubDb, HubQueryable } from './db/hub-db.ts';
export { migrate, migrations } from './db/migrations.ts';
export { openHubDb } from './db/open-hub-db.ts';
export { openPgliteHubDb } from './db/pglite-hub-db.ts';
export { openPostgresHubDb, type PostgresHubDbOptions } from './db/postgres-hub-db.ts';
export { createHubApp, type HubApp, type HubAppOptions } from './http/hub-app.ts';
export type { HubContext } from './hub-context.ts';
export {
  createOrganisation,
  createUser,
  type Organisation,
  type User,
} from './organisations/organisation-service.ts';
export { type DemoSeed, type DemoUser, seedDemo } from './organisations/seed-demo.ts';
export type { Station } from './stations/station-service.ts';
export { type CentralHalf, type CentralHalves, centralHalvesOf } from './tasks/central-halves.ts';
export { centralHalvesFromRegistry } from './tasks/central-registry-halves.ts';
export type { RunView, StationTaskStatus } from './tasks/run-view.ts';
export type { TaskStatus } from './tasks/task-queue.ts';
