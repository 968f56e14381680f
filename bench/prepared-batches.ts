import type { IngestDeps } from '../src/station/ingest/ingest-deps.ts';
import { ResourcePipeline } from '../src/station/ingest/resource-pipeline.ts';
import type { PreparedBatch } from '../src/store/batch-builder.ts';
import type { TableSpec } from '../src/store/table-spec.ts';

/**
 * The batches a real ingest of `files` hands to its store (read → validate → pseudonymise → flatten →
 * batch), kept in memory, so a bench can time the store alone on them.
 */
export async function preparedBatches(
  deps: IngestDeps,
  tables: readonly TableSpec[],
  files: readonly string[],
  batchSize: number,
): Promise<PreparedBatch[]> {
  const batches: PreparedBatch[] = [];
  const pipeline = new ResourcePipeline(deps, {
    tables,
    batchSize,
    maxErrors: 10,
    onBatch: async (b) => {
      batches.push(b);
    },
  });
  for await (const item of deps.read([...files], { onBytes: () => {} })) await pipeline.push(item);
  await pipeline.end();
  return batches;
}
