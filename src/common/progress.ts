import { SingleBar } from 'cli-progress';

/** Progress of long work (ingest, generation, federated rounds). */
export interface Progress {
  start(total: number, label?: string): void;
  update(done: number): void;
  increment(by?: number): void;
  stop(): void;
}

/** A progress bar on stderr when it is a terminal, otherwise a line every few seconds. */
export function terminalProgress(label: string, stream: NodeJS.WriteStream = process.stderr): Progress {
  if (stream.isTTY) {
    const bar = new SingleBar({
      format: `${label} [{bar}] {percentage}% | {value}/{total} | {duration_formatted}`,
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
    stream.write(`${label}: ${done}/${total}\n`);
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
