import { createHash } from 'node:crypto';
import { badInput } from '../common/app-error.ts';
import { normaliseDateTime, normaliseValue, type StoreValue } from './fhir-values.ts';
import type { BatchResource } from './station-store.ts';
import { isResourceTypeName } from './store-sql.ts';
import { storageKind, type TableSpec } from './table-spec.ts';

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

/** True when `a` is older than `b` by the store's rule (see DECIDE_SQL). */
function older(a: BatchResource, b: BatchResource): boolean {
  const la = a.lastUpdated ? normaliseDateTime(a.lastUpdated) : undefined;
  const lb = b.lastUpdated ? normaliseDateTime(b.lastUpdated) : undefined;
  if (la && lb && la !== lb) return la < lb;
  if (la !== lb && (la === undefined || lb === undefined)) return false;
  const va = versionNum(a.versionId);
  const vb = versionNum(b.versionId);
  return va !== null && vb !== null && va < vb;
}

/**
 * Deduplicates a batch (the newest copy of each resource wins, a later copy wins a tie), checks it
 * against the table specs and normalises every value to its column's storage kind.
 */
export function prepareBatch(tables: readonly TableSpec[], batch: readonly BatchResource[]): PreparedBatch {
  const byName = new Map(tables.map((t) => [t.name, t]));
  // Per table, not per resource: a batch holds tens of thousands of resources of a few types.
  const kindsOf = new Map(tables.map((t) => [t.name, t.columns.map((c) => storageKind(c.type))]));
  const keep = new Map<string, BatchResource>();
  for (const r of batch) {
    const key = `${r.resourceType}/${r.id}`;
    const prev = keep.get(key);
    if (!prev || !older(r, prev)) {
      // Re-inserting moves the key to the end, so the kept copy is staged in input order.
      if (prev) keep.delete(key);
      keep.set(key, r);
    }
  }
  const index: StoreValue[][] = STAGE_COLUMNS.map(() => []);
  const columns = new Map<string, StoreValue[][]>();
  const rowCounts = new Map<string, number>();
  const staged = new Map<string, number>();
  const digest = createHash('sha256');
  for (const r of keep.values()) {
    if (!isResourceTypeName(r.resourceType)) throw badInput('not a FHIR resource type name', 'resourceType');
    if (typeof r.id !== 'string' || r.id === '') throw badInput('resource has no id', r.resourceType);
    const lu = r.lastUpdated
      ? normaliseValue('timestamp', r.lastUpdated, `${r.resourceType}.meta.lastUpdated`)
      : null;
    index[0]!.push(r.resourceType);
    index[1]!.push(r.id);
    index[2]!.push(lu);
    index[3]!.push(r.versionId ?? null);
    index[4]!.push(versionNum(r.versionId));
    index[5]!.push(r.contentHash);
    digest.update(r.contentHash);
    staged.set(r.resourceType, (staged.get(r.resourceType) ?? 0) + 1);
    for (const [table, rows] of Object.entries(r.rows)) {
      const spec = byName.get(table);
      if (!spec) throw badInput('no such table in this store', table);
      if (spec.resourceType !== r.resourceType)
        throw badInput(`table holds ${spec.resourceType} rows`, table);
      let cols = columns.get(table);
      if (!cols) {
        cols = spec.columns.map(() => []);
        columns.set(table, cols);
      }
      const kinds = kindsOf.get(table)!;
      for (const row of rows) {
        if (row[0] !== r.id) throw badInput('row id differs from the resource id', `${table}.id`);
        for (let i = 0; i < kinds.length; i++) {
          const v = row[i];
          cols[i]!.push(
            r.normalised
              ? ((v ?? null) as StoreValue)
              : normaliseValue(kinds[i]!, v, `${table}.${spec.columns[i]!.name}`),
          );
        }
      }
      rowCounts.set(table, (rowCounts.get(table) ?? 0) + rows.length);
    }
  }
  return {
    index,
    columns,
    rowCounts,
    staged,
    duplicates: batch.length - keep.size,
    digest: digest.digest('hex'),
  };
}

const STAGE_COLUMNS = [0, 1, 2, 3, 4, 5];
