import { SingleBar } from 'cli-progress';

/** Progress of long work (ingest, generation, federated rounds). */
export interface Progress {
  start(total: number, label?: string): void;
  update(done: number): void;
  increment(by?: number): void;
  stop(): void;
}

/** What a progress counts: things (resources, patients), shown as they are, or bytes, shown in MB. */
export type ProgressUnit = 'count' | 'bytes';

export interface TerminalProgressOptions {
  /** Default `count`. */
  unit?: ProgressUnit;
  /** Default stderr. */
  stream?: NodeJS.WriteStream;
}

/** `done/total` with its unit: `1234/5000` for counts, `12.3/45.6 MB` for bytes. */
export function progressText(done: number, total: number, unit: ProgressUnit = 'count'): string {
  if (unit === 'count') return `${done}/${total}`;
  return `${megabytes(done)}/${megabytes(total)} MB`;
}

const megabytes = (bytes: number) => (bytes / 1_000_000).toFixed(1);

/**
 * A progress bar on stderr when it is a terminal, otherwise a line every few seconds.
 *
 * @example
 * const progress = terminalProgress('ingest', { unit: 'bytes' }); // "ingest: 12.3/45.6 MB"
 */
export function terminalProgress(label: string, options: TerminalProgressOptions = {}): Progress {
  const unit = options.unit ?? 'count';
  const stream = options.stream ?? process.stderr;
  if (stream.isTTY) {
    const bar = new SingleBar({
      format: `${label} [{bar}] {percentage}% | {value}/{total}${unit === 'bytes' ? ' MB' : ''} | {duration_formatted}`,
      formatValue: (v: number, _options: unknown, type: string) =>
        unit === 'bytes' && (type === 'value' || type === 'total') ? megabytes(v) : String(v),
      stream,
      hideCursor: true,
    });
    return {
      start: (total) => bar.start(total, 0),
      update: (done) => bar.update(done),
      increment: (by = 1) => bar.increment(by),
      stop: () => bar.stop(),
    };
  }
  let total = 0;
  let done = 0;
  let last = 0;
  const report = (force = false) => {
    const now = Date.now();
    if (!force && now - last < 2000) return;
    last = now;
    stream.write(`${label}: ${progressText(done, total, unit)}\n`);
  };
  return {
    start: (t) => {
      total = t;
      done = 0;
      report(true);
    },
    update: (d) => {
      done = d;
      report();
    },
    increment: (by = 1) => {
      done += by;
      report();
    },
    stop: () => report(true),
  };
}

/** For tests and `--json` runs: nothing printed. */
export const silentProgress: Progress = { start() {}, update() {}, increment() {}, stop() {} };
