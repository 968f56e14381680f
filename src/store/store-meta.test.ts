import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { dataVersionOf, nextStoreMeta, storeMetaOf, storeMetaUpdateSql } from './store-meta.ts';
import { mergeIndexSql } from './store-sql.ts';

describe('store meta', () => {
  it('chains the digest over the batches and names the data version by count and digest', () => {
    const first = nextStoreMeta(storeMetaOf(undefined), 'aa');
    const second = nextStoreMeta(first, 'bb');
    expect(first).toEqual({ batchCount: 1, digest: createHash('sha256').update('aa').digest('hex') });
    expect(second.digest).toBe(createHash('sha256').update(first.digest).update('bb').digest('hex'));
    expect(dataVersionOf(second)).toBe(`2-${second.digest.slice(0, 16)}`);
    expect(storeMetaOf({ batch_count: 7n, digest: second.digest })).toEqual({
      batchCount: 7,
      digest: second.digest,
    });
  });

  it('writes only a counter and a hex digest into SQL', () => {
    const meta = nextStoreMeta(storeMetaOf(undefined), 'aa');
    expect(storeMetaUpdateSql(meta)).toBe(`UPDATE store_meta SET batch_count = 1, digest = '${meta.digest}'`);
    expect(() => storeMetaUpdateSql({ batchCount: 1, digest: "x'; DROP TABLE patient; --" })).toThrow(/hex/);
    expect(() => storeMetaUpdateSql({ batchCount: 1.5, digest: meta.digest })).toThrow(/integer/);
    expect(() => mergeIndexSql(false, 0)).toThrow(/positive integer/);
    expect(mergeIndexSql(false, 3)[0]).toContain('content_hash, 3 FROM decided');
  });
});
