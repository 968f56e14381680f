/** The key stations' task polls wait on. */
export const stationKey = (stationId: string) => `station:${stationId}`;
/** The key clients following a run's progress wait on. */
export const runKey = (runId: string) => `run:${runId}`;
/** The key clients waiting only for a run's end wait on. */
export const runEndKey = (runId: string) => `run-end:${runId}`;

/** A long-poll's subscription to one key (a station's queue, a run), taken before it reads the state. */
export interface Listener {
  /**
   * Resolves at the first notification since the listener was taken or since the last `wait` returned,
   * after `ms` (capped at the re-check interval), on abort, or at once when the hub is closing.
   */
  wait(ms: number, signal?: AbortSignal): Promise<void>;
  close(): void;
}

/**
 * In-process wake-ups for long-polls: a station waiting for tasks, a client waiting for a run to move.
 * A listener is taken *before* the poll reads the database, so a notification that arrives between
 * that read and the wait is not lost. Changes made by another hub instance on the same database are
 * not notified here; waits are capped at `recheckMs` so the poll looks again.
 */
export class LongPollWaiters {
  private readonly byKey = new Map<string, Set<() => void>>();
  private closed = false;

  constructor(private readonly recheckMs: number) {}

  closing(): boolean {
    return this.closed;
  }

  listen(key: string): Listener {
    let notified = false;
    let wake: (() => void) | undefined;
    const onNotify = () => {
      notified = true;
      wake?.();
    };
    const set = this.byKey.get(key) ?? new Set();
    this.byKey.set(key, set);
    set.add(onNotify);
    return {
      wait: (ms, signal) =>
        new Promise<void>((resolve) => {
          if (notified || this.closed || signal?.aborted) {
            notified = false;
            resolve();
            return;
          }
          const done = () => {
            clearTimeout(timer);
            signal?.removeEventListener('abort', done);
            wake = undefined;
            notified = false;
            resolve();
          };
          const timer = setTimeout(done, Math.max(0, Math.min(ms, this.recheckMs)));
          signal?.addEventListener('abort', done);
          wake = done;
        }),
      close: () => {
        wake?.();
        set.delete(onNotify);
        if (set.size === 0 && this.byKey.get(key) === set) this.byKey.delete(key);
      },
    };
  }

  notify(key: string): void {
    for (const w of this.byKey.get(key) ?? []) w();
  }

  /** Ends every wait (the hub is shutting down); later waits return at once. */
  close(): void {
    this.closed = true;
    for (const set of this.byKey.values()) for (const w of set) w();
  }
}
