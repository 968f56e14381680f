import type { AuditEntry, AuditInput } from '../../audit/index.ts';
import type { StationStore } from '../../store/station-store.ts';
import { appendStationAudit } from '../station-audit.ts';
import type { IngestDeps } from './ingest-deps.ts';
import { type IngestOptions, type IngestSummary, ingestFiles } from './ingest-files.ts';

/** The station an ingest writes to: its folder (which holds the audit log) and its name (the actor). */
export interface IngestStation {
  readonly dir: string;
  readonly name: string;
}

/**
 * {@link ingestFiles}, recorded in the station's audit chain either way, so the chain shows where each
 * data version came from:
 * - `data.ingested`: what was taken in and written per resource type, and the data version it ended at
 *   (the version every later answer names);
 * - `data.ingest_failed` when it throws: how many batches it committed before (they stay, each was
 *   atomic, and moved the data version), the version the data is at now, and the error's class and code.
 *
 * Counts, versions and error kinds only: no file names (a path can name a patient), no error messages
 * (they can carry a path or a value), no rows, no identifiers. When the failure cannot be recorded, the
 * ingest's own error still reaches the caller; when a finished ingest cannot be recorded, that is the
 * error (the data is stored, the chain must not silently miss it).
 */
export async function ingestRecorded(
  store: StationStore,
  deps: IngestDeps,
  options: IngestOptions,
  station: IngestStation,
): Promise<IngestSummary> {
  const before = await store.batchCount();
  let s: IngestSummary;
  try {
    s = await ingestFiles(store, deps, options);
  } catch (error) {
    try {
      const batches = (await store.batchCount()) - before;
      await appendEntry(station, 'data.ingest_failed', await store.dataVersion(), {
        batches,
        error: errorKind(error),
      });
    } catch {
      // The store or the log is unusable too; the ingest's own error below says what went wrong first.
    }
    throw error;
  }
  await appendEntry(station, 'data.ingested', s.dataVersion, {
    resources: s.resources,
    unsupported: s.unsupported,
    written: s.written,
    unchanged: s.unchanged,
    ignoredOlder: s.ignoredOlder,
    rejected: s.rejected,
    batches: s.batches,
    seconds: Math.round(s.seconds * 10) / 10,
  });
  return s;
}

/** `AppError:conflict`, `Error:ENOSPC`, `TypeError`: the class and code of an error, nothing it says. */
export function errorKind(e: unknown): string {
  if (!(e instanceof Error)) return typeof e;
  const code = (e as { code?: unknown }).code;
  return typeof code === 'string' && /^[A-Za-z_][A-Za-z0-9_]{0,40}$/.test(code)
    ? `${e.name}:${code}`
    : e.name;
}

function appendEntry(
  station: IngestStation,
  action: string,
  dataVersion: string,
  details: AuditInput['details'],
): Promise<AuditEntry> {
  return appendStationAudit(station.dir, {
    actor: `station:${station.name}`,
    action,
    subject: dataVersion,
    details,
  });
}
