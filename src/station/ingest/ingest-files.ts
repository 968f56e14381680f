import { stat } from 'node:fs/promises';
import { unprocessable } from '../../common/app-error.ts';
import { type Progress, silentProgress } from '../../common/progress.ts';
import type { StationStore, WriteResult } from '../../store/station-store.ts';
import { danglingReferences } from './dangling-references.ts';
import type { IngestDeps } from './ingest-deps.ts';
import { ingestInParallel } from './parallel-ingest.ts';
import { type PipelineCounts, type Rejection, ResourcePipeline } from './resource-pipeline.ts';

export interface IngestOptions {
  readonly paths: readonly string[];
  /** Resources per transaction (default 20,000). */
  readonly batchSize?: number;
  readonly progress?: Progress;
  /** How many error lines the summary lists (default 100); the rest are counted in `moreErrors`. */
  readonly maxErrors?: number;
  /**
   * Reader threads that read, validate, pseudonymise and flatten while this thread writes the store
   * (default 0: everything in this thread). Used only with the default pipeline pieces and an input of
   * at least `parallelFromBytes` (default 64 MB), where starting the threads pays off.
   */
  readonly readers?: number;
  readonly parallelFromBytes?: number;
  /** Large NDJSON files are split into parts of about this many bytes for the reader threads (default 16 MB). */
  readonly partBytes?: number;
  /** Called after each committed batch (for logs: counts only, no data). */
  readonly onBatch?: (info: { batch: number; resources: number; written: number }) => void;
}

/** What an ingest did. `errors` are `file:line: what is wrong`, without patient data. */
export interface IngestSummary {
  /** Accepted resources per type that has a table (stored, identical, or superseded by a newer copy). */
  resources: Record<string, number>;
  /** Accepted resources per type without a table: recorded in resource_index only. */
  unsupported: Record<string, number>;
  /** Input items not stored: unreadable lines, invalid resources. */
  rejected: number;
  errors: string[];
  moreErrors: number;
  /** Data-quality findings that did not stop storing, e.g. dangling references. */
  warnings: string[];
  /** New resources and newer versions written. */
  written: number;
  /** Identical to the stored copy, or repeated within the input. */
  unchanged: number;
  /** Older than the stored copy, so ignored. */
  ignoredOlder: number;
  batches: number;
  dataVersion: string;
  seconds: number;
}

/**
 * Reads FHIR files and stores them: read (streaming) → validate → pseudonymise → flatten with every
 * platform view of the resource type → store in atomic batches. A bad line is reported and skipped; the
 * rest is stored. A killed ingest leaves the store at its last committed batch, and running it again
 * ends with the same contents (writes are idempotent).
 */
export async function ingestFiles(
  store: StationStore,
  deps: IngestDeps,
  options: IngestOptions,
): Promise<IngestSummary> {
  const started = performance.now();
  const batchSize = options.batchSize ?? 20_000;
  const maxErrors = options.maxErrors ?? 100;
  const progress = options.progress ?? silentProgress;
  const tableNames = new Set(store.tables.map((t) => t.name));
  for (const v of deps.views) {
    if (!tableNames.has(v.name)) throw unprocessable('view has no table in the store', v.name);
  }

  const summary: IngestSummary = {
    resources: {},
    unsupported: {},
    rejected: 0,
    errors: [],
    moreErrors: 0,
    warnings: [],
    written: 0,
    unchanged: 0,
    ignoredOlder: 0,
    batches: 0,
    dataVersion: '',
    seconds: 0,
  };
  const firstBatch = (await store.batchCount()) + 1;
  const skipped: Rejection[] = [];
  const files = await deps.list([...options.paths], (s) => skipped.push({ where: s.path, what: s.reason }));
  let total = 0;
  for (const f of files) total += (await stat(f)).size;
  let done = 0;
  const onBytes = (n: number) => {
    done += n;
    progress.update(done);
  };
  progress.start(total);
  const onWritten = (r: WriteResult, resources: number) => {
    summary.written += r.written;
    summary.unchanged += r.unchanged;
    summary.ignoredOlder += r.ignored;
    summary.batches++;
    options.onBatch?.({ batch: summary.batches, resources, written: r.written });
  };

  const readers = total >= (options.parallelFromBytes ?? 64 * 1024 * 1024) ? (options.readers ?? 0) : 0;
  const counts =
    readers > 0 && deps.readerSetup
      ? await ingestInParallel(store, {
          files,
          // The reader threads get only the files; the paths left out are reported here, as the
          // one-thread reader reports them.
          skipped,
          readers,
          partBytes: options.partBytes,
          setup: { ...deps.readerSetup, tables: store.tables, batchSize, maxErrors },
          onWritten,
          onBytes,
        })
      : await ingestHere(store, deps, { paths: options.paths, batchSize, maxErrors, onWritten, onBytes });
  progress.stop();
  // Sorted by type, so the summary reads the same whichever thread counted first.
  const sorted = (o: Record<string, number>) =>
    Object.fromEntries(Object.entries(o).sort(([a], [b]) => (a < b ? -1 : 1)));
  summary.resources = sorted(counts.resources);
  summary.unsupported = sorted(counts.unsupported);
  summary.rejected = counts.rejected;
  summary.errors = counts.errors.map((e) => `${e.where}: ${e.what}`);
  summary.moreErrors = counts.rejected - counts.errors.length;

  summary.warnings.push(...(await danglingReferences(store, firstBatch)));
  summary.dataVersion = await store.dataVersion();
  summary.seconds = (performance.now() - started) / 1000;
  return summary;
}

/** The serial ingest: this thread reads, flattens and writes; one batch is written while the next is built. */
async function ingestHere(
  store: StationStore,
  deps: IngestDeps,
  o: {
    paths: readonly string[];
    batchSize: number;
    maxErrors: number;
    onWritten: (r: WriteResult, resources: number) => void;
    onBytes: (n: number) => void;
  },
): Promise<PipelineCounts> {
  let pending: Promise<void> = Promise.resolve();
  let failure: { error: unknown } | undefined;
  const settle = async () => {
    await pending;
    if (failure) throw failure.error;
  };
  const pipeline = new ResourcePipeline(deps, {
    tables: store.tables,
    batchSize: o.batchSize,
    maxErrors: o.maxErrors,
    onBatch: async (prepared, resources) => {
      // One batch is written while the next one is prepared; never more, so memory stays bounded.
      await settle();
      pending = store.writePrepared(prepared).then(
        (r) => o.onWritten(r, resources),
        (error: unknown) => {
          failure = { error };
        },
      );
    },
  });
  for await (const item of deps.read([...o.paths], { onBytes: o.onBytes })) await pipeline.push(item);
  await pipeline.end();
  await settle();
  return pipeline.counts;
}
