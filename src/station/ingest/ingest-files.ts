import * as crypto from 'node:crypto';
import { stat } from 'node:fs/promises';
import { isAppError, unprocessable } from '../../common/app-error.ts';
import { type Progress, silentProgress } from '../../common/progress.ts';
import { normaliseValue } from '../../store/fhir-values.ts';
import type { BatchResource, StationStore } from '../../store/station-store.ts';
import { type StorageKind, storageKind } from '../../store/table-spec.ts';
import { danglingReferences } from './dangling-references.ts';
import type { IngestDeps, IngestView } from './ingest-deps.ts';

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
  const viewsByType = new Map<string, PlannedView[]>();
  for (const v of deps.views) {
    // Storage kinds and error labels per column are fixed per view: worked out once, not per value.
    const planned: PlannedView = {
      view: v,
      names: v.columns.map((c) => c.name),
      kinds: v.columns.map((c) => storageKind(c.type ?? 'string')),
      labels: v.columns.map((c) => `${v.name}.${c.name}`),
    };
    viewsByType.set(v.resourceType, [...(viewsByType.get(v.resourceType) ?? []), planned]);
  }
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

  let batch: BatchResource[] = [];
  let pending: Promise<void> = Promise.resolve();
  let failure: { error: unknown } | undefined;
  const settle = async () => {
    await pending;
    if (failure) throw failure.error;
  };
  const flush = async () => {
    if (batch.length === 0) return;
    const b = batch;
    batch = [];
    // One batch is written while the next one is prepared; never more, so memory stays bounded.
    await settle();
    pending = store.writeBatch(b).then(
      (r) => {
        summary.written += r.written;
        summary.unchanged += r.unchanged;
        summary.ignoredOlder += r.ignored;
        summary.batches++;
        options.onBatch?.({ batch: summary.batches, resources: b.length, written: r.written });
      },
      (error: unknown) => {
        failure = { error };
      },
    );
  };

  const accept = (resource: Record<string, unknown>, where: string, urnMap?: ReadonlyMap<string, string>) => {
    const entry = toBatchResource(resource, where, urnMap, deps, viewsByType, reject);
    if (!entry) return;
    const counts = viewsByType.has(entry.resourceType) ? summary.resources : summary.unsupported;
    counts[entry.resourceType] = (counts[entry.resourceType] ?? 0) + 1;
    batch.push(entry);
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
      if (batch.length >= batchSize) await flush();
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
    if (batch.length >= batchSize) await flush();
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

type OneShotHash = (algorithm: string, data: string, outputEncoding: 'hex') => string;
const oneShot = (crypto as { hash?: OneShotHash }).hash;

/** SHA-1 hex of a string; the one-shot `crypto.hash` (Node ≥ 20.12) skips building a Hash object per resource. */
const sha1Hex: (text: string) => string =
  typeof oneShot === 'function'
    ? (text) => oneShot('sha1', text, 'hex')
    : (text) => crypto.createHash('sha1').update(text).digest('hex');

interface PlannedView {
  readonly view: IngestView;
  readonly names: readonly string[];
  readonly kinds: readonly StorageKind[];
  readonly labels: readonly string[];
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
    const meta = (safe.meta ?? {}) as { lastUpdated?: unknown; versionId?: unknown };
    const lastUpdated = typeof meta.lastUpdated === 'string' ? meta.lastUpdated : null;
    const versionId = typeof meta.versionId === 'string' ? meta.versionId : null;
    const rows: Record<string, unknown[][]> = {};
    const head = `${type}|${lastUpdated}|${versionId}|`;
    const views = viewsByType.get(type);
    if (views) {
      for (const { view, names, kinds, labels } of views) {
        const out: unknown[][] = [];
        const width = names.length;
        for (const row of view.compiled(safe)) {
          const values = new Array<unknown>(width);
          for (let i = 0; i < width; i++) {
            const raw = row[names[i]!];
            values[i] = normaliseValue(kinds[i]!, Array.isArray(raw) ? JSON.stringify(raw) : raw, labels[i]!);
          }
          out.push(values);
        }
        rows[view.name] = out;
      }
    }
    const contentHash = sha1Hex(head + (views ? JSON.stringify(rows) : JSON.stringify(safe)));
    return {
      resourceType: type,
      id: String(safe.id),
      lastUpdated,
      versionId,
      contentHash,
      rows,
      normalised: true,
    };
  } catch (e) {
    // AppErrors name the column or path; anything else is a fault in a view, named without the data.
    reject(where, isAppError(e) ? e.message : `cannot flatten ${type}: ${(e as Error).name}`);
    return undefined;
  }
}
