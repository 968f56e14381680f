import { once } from 'node:events';
import { createWriteStream, type WriteStream } from 'node:fs';

/**
 * An append-only NDJSON file written through a large in-memory chunk and a write stream, honouring
 * backpressure: {@link NdjsonSink.write} only queues; {@link NdjsonSink.drained} resolves once the stream
 * can take more, so a fast producer never holds more than about one chunk plus the stream buffer.
 */
export class NdjsonSink {
  private readonly stream: WriteStream;
  private chunk: Buffer;
  private used = 0;
  /** Set while the stream's buffer is full; resolves on its next 'drain' (which may come before anyone waits). */
  private waiting: Promise<void> | undefined;
  private failure: Error | undefined;
  lines = 0;

  constructor(
    readonly path: string,
    private readonly chunkSize = 1 << 20,
  ) {
    this.chunk = Buffer.allocUnsafe(chunkSize);
    this.stream = createWriteStream(path, { highWaterMark: 1 << 22 });
    this.stream.on('error', (e) => {
      this.failure = e;
    });
  }

  /** Queue one line (without its newline). */
  writeLine(line: string): void {
    // Encoded straight into the chunk: joining lines into one big string first costs an extra copy.
    const worst = line.length * 3 + 1;
    if (this.used + worst > this.chunk.length) this.flushChunk();
    this.lines++;
    if (worst > this.chunk.length) {
      this.send(Buffer.from(`${line}\n`, 'utf8'));
      return;
    }
    this.used += this.chunk.write(line, this.used, 'utf8');
    this.chunk[this.used++] = 0x0a;
  }

  private flushChunk(): void {
    if (this.used === 0) return;
    const full = this.chunk.subarray(0, this.used);
    this.chunk = Buffer.allocUnsafe(this.chunkSize);
    this.used = 0;
    this.send(full);
  }

  private send(data: Buffer): void {
    if (!this.stream.write(data) && !this.waiting) {
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
