import { join } from 'node:path';
import { type AuditEntry, AuditLog, FileAuditStorage } from '../../audit/index.ts';
import { AUDIT_FILE } from '../station-dir.ts';
import type { IngestSummary } from './ingest-files.ts';

/**
 * Records a finished ingest in the station's audit log, so the chain shows where each data version came
 * from: what was taken in and written, per resource type, and the data version it ended at (the version
 * every later answer names). Counts and the version only; no file names (a path can name a patient), no
 * rows, no identifiers.
 */
export async function recordIngest(
  stationDir: string,
  stationName: string,
  s: IngestSummary,
): Promise<AuditEntry> {
  const storage = new FileAuditStorage(join(stationDir, AUDIT_FILE));
  try {
    return await new AuditLog(storage).append({
      actor: `station:${stationName}`,
      action: 'data.ingested',
      subject: s.dataVersion,
      details: {
        resources: s.resources,
        unsupported: s.unsupported,
        written: s.written,
        unchanged: s.unchanged,
        ignoredOlder: s.ignoredOlder,
        rejected: s.rejected,
        batches: s.batches,
        seconds: Math.round(s.seconds * 10) / 10,
      },
    });
  } finally {
    storage.close();
  }
}
