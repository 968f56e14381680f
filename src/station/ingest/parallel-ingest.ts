import { Worker } from 'node:worker_threads';
import { linesBeforePart, type NdjsonPart, planNdjsonParts } from '../../fhir/read-fhir-files.ts';
import type { PreparedBatch } from '../../store/batch-builder.ts';
import type { StationStore, WriteResult } from '../../store/station-store.ts';
import type { ToReader, ToWriter, WorkerSetup } from './parallel-protocol.ts';
import type { PipelineCounts, Rejection } from './resource-pipeline.ts';

export interface ParallelIngestOptions {
  readonly files: readonly string[];
  /** Input paths that were left out (missing, unsupported): reported first, as rejections. */
  readonly skipped?: readonly Rejection[];
  /** Reader threads. */
  readonly readers: number;
  /** Large NDJSON files are split into parts of about this many bytes (default 16 MB). */
  readonly partBytes?: number;
  readonly setup: WorkerSetup;
  /** Called in input order of arrival with each written batch. */
  readonly onWritten: (result: WriteResult, resources: number) => void;
  readonly onBytes: (n: number) => void;
}

const WORKER_URL = new URL('./ingest-worker.mjs', import.meta.url);

/**
 * Reads, validates, pseudonymises and flattens on `readers` threads while this thread only writes the
 * store, batch by batch, in the order the batches arrive (each batch is atomic, as in a serial ingest).
 * Large NDJSON files are read in parts by several threads at once; a part goes to whichever thread is
 * free. Each thread has at most one batch waiting for the store while it builds the next.
 */
export async function ingestInParallel(
  store: StationStore,
  options: ParallelIngestOptions,
): Promise<PipelineCounts> {
  const parts = await planNdjsonParts(options.files, options.partBytes ?? 16 * 1024 * 1024);
  const partErrors: Rejection[][] = parts.map(() => []);
  const threadCounts: PipelineCounts[] = [];
  let next = 0;
  let writing: Promise<void> = Promise.resolve();
  const workers: Worker[] = [];
  let failed: Error | undefined;

  await new Promise<void>((resolve, reject) => {
    const fail = (e: Error) => {
      if (failed) return;
      failed = e;
      for (const w of workers) void w.terminate();
      reject(e);
    };
    const give = (w: Worker) => {
      if (failed) return;
      if (next >= parts.length) {
        w.postMessage({ type: 'close' } satisfies ToReader);
        return;
      }
      const index = next++;
      w.postMessage({ type: 'part', index, part: parts[index]! } satisfies ToReader);
    };
    const count = Math.max(1, Math.min(options.readers, parts.length));
    let exited = 0;
    for (let i = 0; i < count; i++) {
      const w = new Worker(WORKER_URL, { workerData: options.setup });
      workers.push(w);
      let done = false;
      w.on('message', (m: ToWriter) => {
        if (m.type === 'ready') give(w);
        else if (m.type === 'batch') {
          options.onBytes(m.bytes);
          // One writer: batches are written one after the other, in the order they arrive.
          writing = writing.then(async () => {
            if (failed) return;
            const result = await store.writePrepared(m.batch as PreparedBatch);
            options.onWritten(result, m.resources);
            w.postMessage({ type: 'written' } satisfies ToReader);
          });
          writing.catch((e: unknown) => fail(e instanceof Error ? e : new Error(String(e))));
        } else if (m.type === 'part-done') {
          options.onBytes(m.bytes);
          partErrors[m.index] = m.errors;
          give(w);
        } else if (m.type === 'done') {
          threadCounts.push(m.counts);
          done = true;
        } else if (m.type === 'failed') fail(new Error(`reader thread failed: ${m.message}`));
      });
      w.on('error', (e) => fail(e));
      w.on('exit', () => {
        exited++;
        if (!done && !failed) fail(new Error('a reader thread ended before the input did'));
        else if (exited === count && !failed) writing.then(resolve, reject);
      });
    }
  });

  return mergeCounts(options.skipped ?? [], parts, partErrors, threadCounts, options.setup.maxErrors);
}

/**
 * Adds up the threads' counts; the skipped paths first, then the rejections in input order with their
 * lines counted from the start of the file.
 */
async function mergeCounts(
  skipped: readonly Rejection[],
  parts: readonly NdjsonPart[],
  partErrors: readonly Rejection[][],
  threads: readonly PipelineCounts[],
  maxErrors: number,
): Promise<PipelineCounts> {
  const out: PipelineCounts = {
    resources: {},
    unsupported: {},
    rejected: skipped.length,
    errors: skipped.slice(0, maxErrors),
  };
  for (const c of threads) {
    for (const [t, n] of Object.entries(c.resources)) out.resources[t] = (out.resources[t] ?? 0) + n;
    for (const [t, n] of Object.entries(c.unsupported)) out.unsupported[t] = (out.unsupported[t] ?? 0) + n;
    out.rejected += c.rejected;
  }
  for (let i = 0; i < parts.length && out.errors.length < maxErrors; i++) {
    const errors = partErrors[i]!;
    if (errors.length === 0) continue;
    const part = parts[i]!;
    const before = await linesBeforePart(part.file, part.start);
    for (const e of errors) {
      if (out.errors.length >= maxErrors) break;
      out.errors.push(before === 0 ? e : shiftLine(e, part.file, before));
    }
  }
  return out;
}

/** `file:line…` with `before` lines added; the reader writes `where` as the file, a colon and the line. */
function shiftLine(e: Rejection, file: string, before: number): Rejection {
  const head = `${file}:`;
  if (!e.where.startsWith(head)) return e;
  const rest = e.where.slice(head.length);
  const digits = /^\d+/.exec(rest)?.[0];
  if (!digits) return e;
  return { where: `${head}${Number(digits) + before}${rest.slice(digits.length)}`, what: e.what };
}
