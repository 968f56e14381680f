/**
 * A reader thread of a parallel ingest (see parallel-ingest.ts): takes parts of the input files one at a
 * time, runs them through the {@link ResourcePipeline} and posts the prepared batches to the ingest's
 * thread, which alone writes the store. One batch may wait for the store while the next is built; the
 * thread goes on only when the one before was written, so memory stays bounded.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { type NdjsonPart, readNdjsonPart } from '../../fhir/read-fhir-files.ts';
import type { BirthDatePolicy } from '../../privacy/pseudonymise/reduce-date.ts';
import { defaultIngestDeps } from './default-ingest-deps.ts';
import type { ToReader, ToWriter, WorkerSetup } from './parallel-protocol.ts';
import { ResourcePipeline } from './resource-pipeline.ts';

const port = parentPort;
if (!port) throw new Error('ingest-worker runs as a worker thread');
const setup = workerData as WorkerSetup;
const deps = await defaultIngestDeps({
  secret: Buffer.from(setup.secret),
  config: { name: 'reader', backend: 'duckdb', birthDatePolicy: setup.birthDatePolicy as BirthDatePolicy },
});

// Resolved when the ingest's thread has written the batch posted before.
let written: Promise<void> = Promise.resolve();
let release: (() => void) | undefined;
const post = (message: ToWriter) => port.postMessage(message);
let bytes = 0;
// One pipeline for all parts this thread reads, so batches fill up across parts.
const pipeline = new ResourcePipeline(deps, {
  tables: setup.tables,
  batchSize: setup.batchSize,
  maxErrors: setup.maxErrors,
  onBatch: async (batch, resources) => {
    await written;
    written = new Promise<void>((resolve) => {
      release = resolve;
    });
    post({ type: 'batch', batch, resources, bytes });
    bytes = 0;
  },
});
const failed = (e: unknown) => post({ type: 'failed', message: e instanceof Error ? e.message : String(e) });

port.on('message', (message: ToReader) => {
  if (message.type === 'written') {
    release?.();
    release = undefined;
  } else if (message.type === 'part') void readPart(message.index, message.part).catch(failed);
  else if (message.type === 'close') void finish().catch(failed);
});
post({ type: 'ready' });

async function readPart(index: number, part: NdjsonPart) {
  for await (const item of readNdjsonPart(part, {
    onBytes: (n) => (bytes += n),
    maxLineBytes: setup.maxLineBytes,
  })) {
    await pipeline.push(item);
  }
  await pipeline.endPart();
  post({ type: 'part-done', index, errors: pipeline.takeErrors(), bytes });
  bytes = 0;
}

async function finish() {
  await pipeline.end();
  await written;
  post({ type: 'done', counts: pipeline.counts });
  port?.close();
}
