/**
 * The data station: its folder, ingest, profile, policy, catalogue metadata, and the agent that serves
 * the hub's tasks.
 */
export { CATALOGUE_CODES_PER_SYSTEM, datasetMetadata } from './catalogue/dataset-metadata.ts';
export { defaultIngestDeps, platformViews, tablesOfViews } from './ingest/default-ingest-deps.ts';
export { type IngestSummary, ingestFiles } from './ingest/ingest-files.ts';
export { ingestRecorded } from './ingest/record-ingest.ts';
export { type LocalUse, recordLocalUse } from './local-use.ts';
export {
  approvePermit,
  defaultPolicy,
  loadPolicy,
  POLICY_FILE,
  permitsAwaitingApproval,
  pinHubKey,
  type StationPolicy,
  savePolicy,
} from './policy/index.ts';
export { formatProfile } from './profile/format-profile.ts';
export { profileStation, type StationProfile } from './profile/profile-station.ts';
export { publishedProfile } from './profile/published-profile.ts';
export {
  loadHubRegistration,
  saveHubRegistration,
  stationSigningKeys,
} from './runtime/hub-registration.ts';
export { PendingPermits } from './runtime/permit-usage.ts';
export {
  type LocalStation,
  noiseSecret,
  openLocalStation,
  openReleaseLedger,
  RELEASE_LEDGER_FILE,
} from './runtime/station-context.ts';
export {
  AUDIT_FILE,
  openStationNode,
  PENDING_PERMITS_FILE,
  type StationNode,
} from './runtime/station-node.ts';
export { appendStationAudit, openStationAudit, type StationAudit } from './station-audit.ts';
export { openStation, type Station } from './station-dir.ts';
export { readStationSigningKeys, SIGNING_KEY_FILE } from './station-signing-key.ts';
export { type StationAuditVerification, verifyStationAudit } from './verify-station-audit.ts';
