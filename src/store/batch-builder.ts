import { createHash } from 'node:crypto';
import { badInput } from '../common/app-error.ts';
import { normaliseValue, type StoreValue } from './fhir-values.ts';
import type { BatchResource } from './station-store.ts';
import { isResourceTypeName } from './store-sql.ts';
import { type StorageKind, storageKind, type TableSpec } from './table-spec.ts';

/** A batch ready for staging: columnar values per table, already normalised. */
export interface PreparedBatch {
  /** Index entries: resource_type, id, last_updated, version_id, version_num, content_hash. */
  readonly index: StoreValue[][];
  /** Column-major values per table name (only tables that received rows). */
  readonly columns: Map<string, StoreValue[][]>;
  /** Rows per table name. */
  readonly rowCounts: Map<string, number>;
  /** Staged resources per resource type. */
  readonly staged: Map<string, number>;
  /** Resources dropped because a newer or later copy came in the same batch. */
  readonly duplicates: number;
  /** Digest over the staged content hashes, folded into the store's data version. */
  readonly digest: string;
}

const versionNum = (v: string | null | undefined) => (v && /^\d{1,15}$/.test(v) ? Number(v) : null);

interface TableColumns {
  readonly spec: TableSpec;
  readonly kinds: readonly StorageKind[];
  readonly values: StoreValue[][];
  /** The resource (its position in the batch) each row belongs to. */
  readonly owner: number[];
}

/**
 * Collects a batch column by column as resources arrive, so a batch of tens of thousands of resources
 * is held as a few arrays of values instead of an object per resource and per row (those objects live
 * long enough to be promoted and made the collector a large share of the ingest). Within a batch the
 * newest copy of a resource wins and a later copy wins a tie; the rows of the others are left out.
 */
export class BatchBuilder {
  readonly #byName: Map<string, TableSpec>;
  readonly #tables = new Map<string, TableColumns>();
  readonly #types: string[] = [];
  readonly #ids: string[] = [];
  readonly #lastUpdated: (string | null)[] = [];
  readonly #versionIds: (string | null)[] = [];
  readonly #hashes: string[] = [];
  /** Position of the kept copy of each resource, per resource type and id. */
  readonly #positions = new Map<string, Map<string, number>>();
  readonly #dropped = new Set<number>();

  constructor(readonly tables: readonly TableSpec[]) {
    this.#byName = new Map(tables.map((t) => [t.name, t]));
  }

  /** Resources added so far, duplicates included. */
  get size(): number {
    return this.#ids.length;
  }

  /** Adds one resource and its rows; throws an AppError naming the table or column when they do not fit. */
  add(r: BatchResource): void {
    if (!isResourceTypeName(r.resourceType)) throw badInput('not a FHIR resource type name', 'resourceType');
    if (typeof r.id !== 'string' || r.id === '') throw badInput('resource has no id', r.resourceType);
    const lu = r.lastUpdated
      ? normaliseValue('timestamp', r.lastUpdated, `${r.resourceType}.meta.lastUpdated`)
      : null;
    // Rows are checked before anything is kept, so a bad resource leaves the batch as it was.
    const tables: TableColumns[] = [];
    for (const table in r.rows) {
      const cols = this.#table(table, r.resourceType);
      tables.push(cols);
      for (const row of r.rows[table]!) {
        if (row[0] !== r.id) throw badInput('row id differs from the resource id', `${table}.id`);
      }
    }
    const normalised = r.normalised
      ? undefined
      : tables.map((cols) =>
          r.rows[cols.spec.name]!.map((row) =>
            cols.kinds.map((k, i) =>
              normaliseValue(k, row[i], `${cols.spec.name}.${cols.spec.columns[i]!.name}`),
            ),
          ),
        );

    const position = this.#ids.length;
    let ofType = this.#positions.get(r.resourceType);
    if (!ofType) {
      ofType = new Map();
      this.#positions.set(r.resourceType, ofType);
    }
    const previous = ofType.get(r.id);
    if (previous !== undefined) {
      if (this.#older(lu, r.versionId ?? null, previous)) {
        // An older copy than the one kept: counted, not stored.
        this.#dropped.add(position);
      } else {
        this.#dropped.add(previous);
        ofType.set(r.id, position);
      }
    } else ofType.set(r.id, position);

    this.#types.push(r.resourceType);
    this.#ids.push(r.id);
    this.#lastUpdated.push(lu as string | null);
    this.#versionIds.push(r.versionId ?? null);
    this.#hashes.push(r.contentHash);
    for (let t = 0; t < tables.length; t++) {
      const cols = tables[t]!;
      const rows = normalised ? normalised[t]! : (r.rows[cols.spec.name] as readonly (readonly unknown[])[]);
      const width = cols.kinds.length;
      for (const row of rows) {
        for (let i = 0; i < width; i++) cols.values[i]!.push((row[i] ?? null) as StoreValue);
        cols.owner.push(position);
      }
    }
  }

  /** The batch as the stores stage it. The builder is not used afterwards. */
  finish(): PreparedBatch {
    const dropped = this.#dropped;
    const keep = (i: number) => !dropped.has(i);
    const index: StoreValue[][] = [[], [], [], [], [], []];
    const staged = new Map<string, number>();
    // The kept content hashes in order, hashed in one update: the same digest as an update per hash,
    // without a call into the hash per resource.
    const kept: string[] = [];
    const n = this.#ids.length;
    for (let i = 0; i < n; i++) {
      if (!keep(i)) continue;
      const type = this.#types[i]!;
      index[0]!.push(type);
      index[1]!.push(this.#ids[i]!);
      index[2]!.push(this.#lastUpdated[i]!);
      index[3]!.push(this.#versionIds[i]!);
      index[4]!.push(versionNum(this.#versionIds[i]));
      index[5]!.push(this.#hashes[i]!);
      kept.push(this.#hashes[i]!);
      staged.set(type, (staged.get(type) ?? 0) + 1);
    }
    const columns = new Map<string, StoreValue[][]>();
    const rowCounts = new Map<string, number>();
    for (const [name, cols] of this.#tables) {
      const values =
        dropped.size === 0
          ? cols.values
          : cols.values.map((column) => column.filter((_v, row) => keep(cols.owner[row]!)));
      columns.set(name, values);
      rowCounts.set(name, values[0]?.length ?? 0);
    }
    return {
      index,
      columns,
      rowCounts,
      staged,
      duplicates: dropped.size,
      digest: createHash('sha256').update(kept.join('')).digest('hex'),
    };
  }

  #table(name: string, resourceType: string): TableColumns {
    const have = this.#tables.get(name);
    if (have) {
      if (have.spec.resourceType !== resourceType)
        throw badInput(`table holds ${have.spec.resourceType} rows`, name);
      return have;
    }
    const spec = this.#byName.get(name);
    if (!spec) throw badInput('no such table in this store', name);
    if (spec.resourceType !== resourceType) throw badInput(`table holds ${spec.resourceType} rows`, name);
    const cols: TableColumns = {
      spec,
      kinds: spec.columns.map((c) => storageKind(c.type)),
      values: spec.columns.map(() => []),
      owner: [],
    };
    this.#tables.set(name, cols);
    return cols;
  }

  /** True when a copy with these meta values is older than the one at `kept` (the store's rule, see DECIDE_SQL). */
  #older(lastUpdated: StoreValue, versionId: string | null, kept: number): boolean {
    const la = typeof lastUpdated === 'string' ? lastUpdated : undefined;
    const lb = this.#lastUpdated[kept] ?? undefined;
    if (la && lb && la !== lb) return la < lb;
    if (la !== lb && (la === undefined || lb === undefined)) return false;
    const va = versionNum(versionId);
    const vb = versionNum(this.#versionIds[kept]);
    return va !== null && vb !== null && va < vb;
  }
}

/**
 * Deduplicates a batch (the newest copy of each resource wins, a later copy wins a tie), checks it
 * against the table specs and normalises every value to its column's storage kind.
 */
export function prepareBatch(tables: readonly TableSpec[], batch: readonly BatchResource[]): PreparedBatch {
  const builder = new BatchBuilder(tables);
  for (const r of batch) builder.add(r);
  return builder.finish();
}
