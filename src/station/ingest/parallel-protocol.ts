import type { NdjsonPart } from '../../fhir/read-fhir-files.ts';
import type { PreparedBatch } from '../../store/batch-builder.ts';
import type { TableSpec } from '../../store/table-spec.ts';
import type { PipelineCounts, Rejection } from './resource-pipeline.ts';

/** What a reader thread needs to build the same pipeline as the ingest's own thread. */
export interface WorkerSetup {
  /** The station's HMAC secret: it stays in this process, shared with its own threads only. */
  readonly secret: Uint8Array;
  readonly birthDatePolicy: string;
  readonly tables: readonly TableSpec[];
  readonly batchSize: number;
  readonly maxErrors: number;
  readonly maxLineBytes?: number;
}

/** Messages from the ingest's thread to a reader thread. */
export type ToReader =
  | { readonly type: 'part'; readonly index: number; readonly part: NdjsonPart }
  | { readonly type: 'written' }
  | { readonly type: 'close' };

/** Messages from a reader thread to the ingest's thread. */
export type ToWriter =
  | { readonly type: 'ready' }
  | {
      readonly type: 'batch';
      readonly batch: PreparedBatch;
      readonly resources: number;
      /** Input bytes read since the last message, for progress. */
      readonly bytes: number;
    }
  /** A part is read; its resources may still be in the batch being built. */
  | {
      readonly type: 'part-done';
      readonly index: number;
      readonly errors: Rejection[];
      readonly bytes: number;
    }
  /** No parts left: the last batch is written; what this thread took in. */
  | { readonly type: 'done'; readonly counts: PipelineCounts }
  | { readonly type: 'failed'; readonly message: string };
