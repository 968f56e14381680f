import { createHash } from 'node:crypto';

/** `store_meta`: how many batches were committed, and the digest chained over their content hashes. */
export interface StoreMeta {
  readonly batchCount: number;
  readonly digest: string;
}

/** The store_meta row as either driver returns it (BIGINT as bigint or string). */
export function storeMetaOf(row: Record<string, unknown> | undefined): StoreMeta {
  return { batchCount: Number(row?.batch_count ?? 0), digest: String(row?.digest ?? '') };
}

/** `<batches>-<first 16 hex of the digest>`: the data version results cite as their provenance. */
export function dataVersionOf(meta: StoreMeta): string {
  return `${meta.batchCount}-${meta.digest.slice(0, 16)}`;
}

/** What store_meta says once one more batch, with this digest over its content hashes, is committed. */
export function nextStoreMeta(before: StoreMeta, batchDigest: string): StoreMeta {
  return {
    batchCount: before.batchCount + 1,
    digest: createHash('sha256').update(before.digest).update(batchDigest).digest('hex'),
  };
}

/**
 * The statement that records `meta`. Its values are made by the store (a counter, a hex digest), never
 * taken from input, and checked here, so they are written into the SQL and it can travel in a script.
 */
export function storeMetaUpdateSql(meta: StoreMeta): string {
  checkMeta(meta);
  return `UPDATE store_meta SET batch_count = ${meta.batchCount}, digest = '${meta.digest}'`;
}

export function checkBatchNumber(n: number): number {
  if (!Number.isSafeInteger(n) || n < 1) throw new Error(`batch number must be a positive integer, got ${n}`);
  return n;
}

function checkMeta(meta: StoreMeta): void {
  checkBatchNumber(meta.batchCount);
  if (!/^[0-9a-f]{64}$/.test(meta.digest)) throw new Error('store digest must be 64 hex characters');
}
