import { once } from 'node:events';
import { createWriteStream, type WriteStream } from 'node:fs';

/**
 * An append-only NDJSON file written through a large in-memory chunk and a write stream, honouring
 * backpressure: {@link NdjsonSink.write} only queues; {@link NdjsonSink.drained} resolves once the stream
 * can take more, so a fast producer never holds more than about one chunk plus the stream buffer.
 */
export class NdjsonSink {
  private readonly stream: WriteStream;
  private chunk: string[] = [];
  private chunkChars = 0;
  /** Set while the stream's buffer is full; resolves on its next 'drain' (which may come before anyone waits). */
  private waiting: Promise<void> | undefined;
  private failure: Error | undefined;
  lines = 0;

  constructor(
    readonly path: string,
    private readonly chunkSize = 1 << 20,
  ) {
    this.stream = createWriteStream(path, { highWaterMark: 1 << 22 });
    this.stream.on('error', (e) => {
      this.failure = e;
    });
  }

  /** Queue one line (without its newline). */
  writeLine(line: string): void {
    // An array joined once per chunk: appending to one long string builds ropes that are slow to flatten.
    this.chunk.push(line);
    this.chunkChars += line.length + 1;
    this.lines++;
    if (this.chunkChars >= this.chunkSize) this.flushChunk();
  }

  private flushChunk(): void {
    if (this.chunk.length === 0) return;
    this.chunk.push('');
    const ok = this.stream.write(this.chunk.join('\n'));
    this.chunk = [];
    this.chunkChars = 0;
    if (!ok && !this.waiting) {
      this.waiting = once(this.stream, 'drain').then(() => {
        this.waiting = undefined;
      });
    }
  }

  /** Resolves when the stream has room again (immediately when it has). */
  async drained(): Promise<void> {
    if (this.failure) throw this.failure;
    if (this.waiting) await this.waiting;
  }

  /** Writes what is queued and closes the file. */
  async close(): Promise<void> {
    this.flushChunk();
    if (this.failure) throw this.failure;
    this.stream.end();
    await once(this.stream, 'finish');
    if (this.failure) throw this.failure;
  }
}
