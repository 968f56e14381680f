import { type AuditEntry, type AuditInput, chainEntries, GENESIS_HASH, hashOfEntry } from './audit-entry.ts';
import type { AuditStorage } from './audit-storage.ts';

export interface AuditVerification {
  ok: boolean;
  entries: number;
  /** The sequence number where the chain first breaks. */
  brokenAt?: number;
  problem?: string;
}

/**
 * A hash-chained, append-only audit log over any {@link AuditStorage}.
 *
 * @example
 * const log = new AuditLog(new MemoryAuditStorage());
 * await log.append({ actor: 'station:a', action: 'task.done', permitId: 'p1', resultDigest: 'ab…' });
 * (await log.verify()).ok; // true
 */
export class AuditLog {
  private tail: Promise<unknown> = Promise.resolve();

  constructor(private readonly storage: AuditStorage) {}

  /** Appends serially, so concurrent callers still form one chain. */
  append(input: AuditInput): Promise<AuditEntry> {
    const work = async () => {
      const [entry] = chainEntries(await this.storage.last(), [input]);
      await this.storage.append(entry!);
      return entry!;
    };
    const next = this.tail.then(() => (this.storage.exclusive ? this.storage.exclusive(work) : work()));
    this.tail = next.catch(() => undefined);
    return next;
  }

  async *entries(): AsyncIterable<AuditEntry> {
    yield* this.storage.entries();
  }

  /** Detects an edited, inserted, removed or reordered entry, and a removed tail (via the head). */
  async verify(): Promise<AuditVerification> {
    let prevHash = GENESIS_HASH;
    let expectedSeq = 1;
    let count = 0;
    for await (const entry of this.storage.entries()) {
      count++;
      if (entry.seq !== expectedSeq) {
        return {
          ok: false,
          entries: count,
          brokenAt: expectedSeq,
          problem: `entry ${expectedSeq} is missing or out of order`,
        };
      }
      if (entry.prevHash !== prevHash) {
        return {
          ok: false,
          entries: count,
          brokenAt: entry.seq,
          problem: `entry ${entry.seq} does not link to the previous entry`,
        };
      }
      const { hash, ...rest } = entry;
      if (hashOfEntry(rest) !== hash) {
        return {
          ok: false,
          entries: count,
          brokenAt: entry.seq,
          problem: `entry ${entry.seq} was changed after it was written`,
        };
      }
      prevHash = hash;
      expectedSeq++;
    }
    const head = await this.storage.head();
    if (head && (head.seq !== expectedSeq - 1 || head.hash !== prevHash)) {
      return {
        ok: false,
        entries: count,
        brokenAt: Math.min(head.seq, expectedSeq),
        problem: `the log ends at entry ${expectedSeq - 1} but its head records entry ${head.seq}: entries were removed`,
      };
    }
    return { ok: true, entries: count };
  }
}
