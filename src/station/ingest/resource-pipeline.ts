import { isAppError } from '../../common/app-error.ts';
import type { FhirItem } from '../../fhir/read-fhir-files.ts';
import { BatchBuilder, type PreparedBatch } from '../../store/batch-builder.ts';
import type { BatchResource } from '../../store/station-store.ts';
import type { TableSpec } from '../../store/table-spec.ts';
import { flattenResource, type PlannedView, planViews } from './flatten-resource.ts';
import type { IngestDeps } from './ingest-deps.ts';

/** An input item that was not stored: where it is (`file:line`) and what is wrong, without patient data. */
export interface Rejection {
  readonly where: string;
  readonly what: string;
}

/** What a pipeline took in so far. */
export interface PipelineCounts {
  /** Accepted resources per type that has a table. */
  readonly resources: Record<string, number>;
  /** Accepted resources per type without a table (recorded in resource_index only). */
  readonly unsupported: Record<string, number>;
  rejected: number;
  /** The first `maxErrors` rejections; the rest are only counted in `rejected`. */
  readonly errors: Rejection[];
}

export interface ResourcePipelineOptions {
  readonly tables: readonly TableSpec[];
  /** Resources per batch. */
  readonly batchSize: number;
  readonly maxErrors: number;
  /** Called with each full batch; the pipeline waits for it before it goes on. */
  readonly onBatch: (batch: PreparedBatch, resources: number) => Promise<void>;
}

/**
 * The ingest of items read from FHIR files, up to batches ready for the store: validate → pseudonymise
 * → flatten with every platform view of the type → collect column by column. A bad item is recorded
 * as a rejection and skipped. The same pipeline runs in the ingest's own thread and in each reader
 * thread of a parallel ingest.
 */
export class ResourcePipeline {
  readonly counts: PipelineCounts = { resources: {}, unsupported: {}, rejected: 0, errors: [] };
  readonly #views: Map<string, PlannedView[]>;
  #batch: BatchBuilder;
  // Entries of one Bundle are held until the Bundle ends, so their urn:uuid references resolve to the
  // pseudonymised ids of the entries they name (the reader has the whole Bundle in memory anyway).
  #bundleFile = '';
  #bundle: { resource: Record<string, unknown>; where: string }[] = [];

  constructor(
    private readonly deps: Pick<IngestDeps, 'validate' | 'pseudonymiser' | 'views'>,
    private readonly options: ResourcePipelineOptions,
  ) {
    this.#views = planViews(deps.views);
    this.#batch = new BatchBuilder(options.tables);
  }

  reject(where: string, what: string): void {
    this.counts.rejected++;
    if (this.counts.errors.length < this.options.maxErrors) this.counts.errors.push({ where, what });
  }

  async push(item: FhirItem): Promise<void> {
    const inBundle = / entry\[\d+\]$/.test(item.where);
    const file = inBundle ? item.where.slice(0, item.where.lastIndexOf(':')) : '';
    if (file !== this.#bundleFile) {
      await this.#flushBundle();
      this.#bundleFile = file;
    }
    if (item.error !== undefined || !item.resource) {
      this.reject(item.where, item.error ?? 'no resource');
      return;
    }
    if (inBundle) this.#bundle.push({ resource: item.resource, where: item.where });
    else {
      this.#accept(item.resource, item.where);
      if (this.#batch.size >= this.options.batchSize) await this.flush();
    }
  }

  /** Ends the input: the last Bundle and the last, partial batch. */
  async end(): Promise<void> {
    await this.#flushBundle();
    await this.flush();
  }

  /** Ends one file or part of the input: its last Bundle is resolved; the batch goes on filling. */
  async endPart(): Promise<void> {
    await this.#flushBundle();
    this.#bundleFile = '';
  }

  /** The rejections recorded since the last call (each call starts a new list of at most `maxErrors`). */
  takeErrors(): Rejection[] {
    return this.counts.errors.splice(0);
  }

  async flush(): Promise<void> {
    if (this.#batch.size === 0) return;
    const resources = this.#batch.size;
    const prepared = this.#batch.finish();
    this.#batch = new BatchBuilder(this.options.tables);
    await this.options.onBatch(prepared, resources);
  }

  async #flushBundle(): Promise<void> {
    if (this.#bundle.length === 0) return;
    const urnMap = this.deps.pseudonymiser.bundleUrnMap(
      this.#bundle.map((e) => ({ fullUrl: `urn:uuid:${String(e.resource.id)}`, resource: e.resource })),
    );
    for (const e of this.#bundle) {
      this.#accept(e.resource, e.where, urnMap);
      if (this.#batch.size >= this.options.batchSize) await this.flush();
    }
    this.#bundle = [];
  }

  #accept(resource: Record<string, unknown>, where: string, urnMap?: ReadonlyMap<string, string>): void {
    const entry = this.#toBatchResource(resource, where, urnMap);
    if (!entry) return;
    try {
      this.#batch.add(entry);
    } catch (e) {
      this.reject(
        where,
        isAppError(e) ? e.message : `cannot store ${entry.resourceType}: ${(e as Error).name}`,
      );
      return;
    }
    const counts = this.#views.has(entry.resourceType) ? this.counts.resources : this.counts.unsupported;
    counts[entry.resourceType] = (counts[entry.resourceType] ?? 0) + 1;
  }

  #toBatchResource(
    resource: Record<string, unknown>,
    where: string,
    urnMap: ReadonlyMap<string, string> | undefined,
  ): BatchResource | undefined {
    const type = resource.resourceType;
    if (typeof type !== 'string' || !/^[A-Z][A-Za-z]+$/.test(type)) {
      this.reject(where, 'resourceType missing or not a FHIR resource type name');
      return undefined;
    }
    if (typeof resource.id !== 'string' || resource.id === '') {
      this.reject(where, `${type} has no id (needed to store it idempotently)`);
      return undefined;
    }
    const check = this.deps.validate(resource, where);
    if (!check.ok) {
      this.reject(where, check.issues.join('; ') || 'invalid resource');
      return undefined;
    }
    try {
      const safe = this.deps.pseudonymiser.pseudonymise(resource, urnMap ? { urnMap } : undefined);
      return flattenResource(safe, this.#views);
    } catch (e) {
      // AppErrors name the column or path; anything else is a fault in a view, named without the data.
      this.reject(where, isAppError(e) ? e.message : `cannot flatten ${type}: ${(e as Error).name}`);
      return undefined;
    }
  }
}
