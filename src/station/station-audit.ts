import { join } from 'node:path';
import { type AuditEntry, type AuditInput, AuditLog, FileAuditStorage } from '../audit/index.ts';
import type { SignedAuditHead } from '../protocol/audit-head.ts';
import { signAuditHead } from '../protocol/audit-head-signature.ts';
import { AUDIT_FILE } from './station-dir.ts';
import { type StationSigningKeys, stationSigningKeys } from './station-signing-key.ts';

/** A station's audit log, opened to append: every new head is signed with the station's own key. */
export interface StationAudit {
  readonly log: AuditLog;
  readonly storage: FileAuditStorage;
  readonly keys: StationSigningKeys;
  /** The newest head the station signed (what the agent sends to the hub). */
  latestSignedHead(): SignedAuditHead | undefined;
  close(): void;
}

/**
 * Opens the station's hash-chained audit log (`audit.log`) for appending, with each append's head signed
 * by the station's key into `audit.log.heads` (the key is created if the station has none yet). Every
 * writer of a station's log goes through here: the agent, an ingest, the steward's commands and the
 * local uses of the data.
 */
export async function openStationAudit(
  stationDir: string,
  now: () => Date = () => new Date(),
): Promise<StationAudit> {
  const keys = await stationSigningKeys(stationDir);
  const storage = new FileAuditStorage(join(stationDir, AUDIT_FILE), {
    signHead: ({ entries, hash }) =>
      signAuditHead({ kind: 'station-audit-head', entries, hash, signedAt: now().toISOString() }, keys),
  });
  return {
    log: new AuditLog(storage),
    storage,
    keys,
    latestSignedHead: () => storage.latestSignedHead(),
    close: () => storage.close(),
  };
}

/** Appends one entry to a station's audit log and closes it again (commands that run once). */
export async function appendStationAudit(stationDir: string, input: AuditInput): Promise<AuditEntry> {
  const audit = await openStationAudit(stationDir);
  try {
    return await audit.log.append(input);
  } finally {
    audit.close();
  }
}
