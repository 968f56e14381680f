import { stat } from 'node:fs/promises';
import { isAppError, unprocessable } from '../../common/app-error.ts';
import { type Progress, silentProgress } from '../../common/progress.ts';
import { BatchBuilder } from '../../store/batch-builder.ts';
import type { BatchResource, StationStore } from '../../store/station-store.ts';
import { danglingReferences } from './dangling-references.ts';
import { flattenResource, type PlannedView, planViews } from './flatten-resource.ts';
import type { IngestDeps } from './ingest-deps.ts';

export interface IngestOptions {
  readonly paths: readonly string[];
  /** Resources per transaction (default 20,000). */
  readonly batchSize?: number;
  readonly progress?: Progress;
  /** How many error lines the summary lists (default 100); the rest are counted in `moreErrors`. */
  readonly maxErrors?: number;
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
  const viewsByType = planViews(deps.views);
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
  const reject = (where: string, what: string) => {
    summary.rejected++;
    if (summary.errors.length < maxErrors) summary.errors.push(`${where}: ${what}`);
    else summary.moreErrors++;
  };

  const firstBatch = (await store.batchCount()) + 1;
  const files = await deps.list([...options.paths]);
  let total = 0;
  for (const f of files) total += (await stat(f)).size;
  let done = 0;
  progress.start(total);

  let batch = new BatchBuilder(store.tables);
  let pending: Promise<void> = Promise.resolve();
  let failure: { error: unknown } | undefined;
  const settle = async () => {
    await pending;
    if (failure) throw failure.error;
  };
  const flush = async () => {
    if (batch.size === 0) return;
    const resources = batch.size;
    const prepared = batch.finish();
    batch = new BatchBuilder(store.tables);
    // One batch is written while the next one is prepared; never more, so memory stays bounded.
    await settle();
    pending = store.writePrepared(prepared).then(
      (r) => {
        summary.written += r.written;
        summary.unchanged += r.unchanged;
        summary.ignoredOlder += r.ignored;
        summary.batches++;
        options.onBatch?.({ batch: summary.batches, resources, written: r.written });
      },
      (error: unknown) => {
        failure = { error };
      },
    );
  };

  const accept = (resource: Record<string, unknown>, where: string, urnMap?: ReadonlyMap<string, string>) => {
    const entry = toBatchResource(resource, where, urnMap, deps, viewsByType, reject);
    if (!entry) return;
    try {
      batch.add(entry);
    } catch (e) {
      reject(where, isAppError(e) ? e.message : `cannot store ${entry.resourceType}: ${(e as Error).name}`);
      return;
    }
    const counts = viewsByType.has(entry.resourceType) ? summary.resources : summary.unsupported;
    counts[entry.resourceType] = (counts[entry.resourceType] ?? 0) + 1;
  };

  // Entries of one Bundle are held until the Bundle ends, so their urn:uuid references resolve to the
  // pseudonymised ids of the entries they name (the reader has the whole Bundle in memory anyway).
  let bundleFile = '';
  let bundle: { resource: Record<string, unknown>; where: string }[] = [];
  const flushBundle = async () => {
    if (bundle.length === 0) return;
    const urnMap = deps.pseudonymiser.bundleUrnMap(
      bundle.map((e) => ({ fullUrl: `urn:uuid:${String(e.resource.id)}`, resource: e.resource })),
    );
    for (const e of bundle) {
      accept(e.resource, e.where, urnMap);
      if (batch.size >= batchSize) await flush();
    }
    bundle = [];
  };

  for await (const item of deps.read([...options.paths], {
    onBytes: (n) => {
      done += n;
      progress.update(done);
    },
  })) {
    const inBundle = / entry\[\d+\]$/.test(item.where);
    const file = inBundle ? item.where.slice(0, item.where.lastIndexOf(':')) : '';
    if (file !== bundleFile) {
      await flushBundle();
      bundleFile = file;
    }
    if (item.error !== undefined || !item.resource) {
      reject(item.where, item.error ?? 'no resource');
      continue;
    }
    if (inBundle) bundle.push({ resource: item.resource, where: item.where });
    else accept(item.resource, item.where);
    if (batch.size >= batchSize) await flush();
  }
  await flushBundle();
  await flush();
  await settle();
  progress.stop();

  summary.warnings.push(...(await danglingReferences(store, firstBatch)));
  summary.dataVersion = await store.dataVersion();
  summary.seconds = (performance.now() - started) / 1000;
  return summary;
}

function toBatchResource(
  resource: Record<string, unknown>,
  where: string,
  urnMap: ReadonlyMap<string, string> | undefined,
  deps: IngestDeps,
  viewsByType: Map<string, PlannedView[]>,
  reject: (where: string, what: string) => void,
): BatchResource | undefined {
  const type = resource.resourceType;
  if (typeof type !== 'string' || !/^[A-Z][A-Za-z]+$/.test(type)) {
    reject(where, 'resourceType missing or not a FHIR resource type name');
    return undefined;
  }
  if (typeof resource.id !== 'string' || resource.id === '') {
    reject(where, `${type} has no id (needed to store it idempotently)`);
    return undefined;
  }
  const check = deps.validate(resource, where);
  if (!check.ok) {
    reject(where, check.issues.join('; ') || 'invalid resource');
    return undefined;
  }
  try {
    const safe = deps.pseudonymiser.pseudonymise(resource, urnMap ? { urnMap } : undefined);
    return flattenResource(safe, viewsByType);
  } catch (e) {
    // AppErrors name the column or path; anything else is a fault in a view, named without the data.
    reject(where, isAppError(e) ? e.message : `cannot flatten ${type}: ${(e as Error).name}`);
    return undefined;
  }
}
