import { join } from 'node:path';
import { type AuditEntry, AuditLog, FileAuditStorage } from '../../audit/index.ts';
import type { StationStore } from '../../store/station-store.ts';
import { AUDIT_FILE } from '../station-dir.ts';
import type { IngestDeps } from './ingest-deps.ts';
import { type IngestOptions, type IngestSummary, ingestFiles } from './ingest-files.ts';

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

/** How far an ingest that stopped with an error got: batches committed before it, and where the data stands. */
export interface FailedIngest {
  readonly batches: number;
  readonly dataVersion: string;
  readonly error: unknown;
}

/**
 * Records an ingest that stopped with an error. Its committed batches stay (each was atomic) and moved
 * the data version, so the chain must say so: how many batches, the version the data is at now, and
 * the kind of error. Not the error's message, which can carry a file name or a value from the data.
 */
export async function recordFailedIngest(
  stationDir: string,
  stationName: string,
  f: FailedIngest,
): Promise<AuditEntry> {
  const storage = new FileAuditStorage(join(stationDir, AUDIT_FILE));
  try {
    return await new AuditLog(storage).append({
      actor: `station:${stationName}`,
      action: 'data.ingest_failed',
      subject: f.dataVersion,
      details: { batches: f.batches, error: errorKind(f.error) },
    });
  } finally {
    storage.close();
  }
}

/** `AppError:conflict`, `Error:ENOSPC`, `TypeError`: the class and code of an error, nothing it says. */
export function errorKind(e: unknown): string {
  if (!(e instanceof Error)) return typeof e;
  const code = (e as { code?: unknown }).code;
  return typeof code === 'string' && /^[A-Za-z_][A-Za-z0-9_]{0,40}$/.test(code)
    ? `${e.name}:${code}`
    : e.name;
}

/**
 * {@link ingestFiles}, and when it throws, a `data.ingest_failed` entry in the station's audit chain
 * before the error goes on to the caller. A failure to write that entry does not hide the ingest's error.
 */
export async function ingestRecordingFailure(
  store: StationStore,
  deps: IngestDeps,
  options: IngestOptions,
  station: { readonly dir: string; readonly name: string },
): Promise<IngestSummary> {
  const before = await store.batchCount();
  try {
    return await ingestFiles(store, deps, options);
  } catch (error) {
    try {
      const batches = (await store.batchCount()) - before;
      await recordFailedIngest(station.dir, station.name, {
        batches,
        dataVersion: await store.dataVersion(),
        error,
      });
    } catch {
      // The store or the log is unusable too; the ingest's own error below says what went wrong first.
    }
    throw error;
  }
}
