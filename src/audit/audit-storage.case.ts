import { describe, expect, it } from 'vitest';
import { type AuditEntry, type AuditInput, GENESIS_HASH } from './audit-entry.ts';
import { AuditLog } from './audit-log.ts';
import type { AuditStorage } from './audit-storage.ts';

/** One implementation of {@link AuditStorage} as the contract suite drives it. */
export interface AuditStorageUnderTest {
  storage: AuditStorage;
  /** Another storage on the same entries, as after a restart; absent where nothing outlives the object. */
  reopen?(): Promise<AuditStorage>;
  /** Removes the newest entry where the entries are kept and leaves the head: what a tamperer would do. */
  dropNewestEntry(): Promise<void>;
  close(): Promise<void>;
}

/** The head of a log without entries: none, or the genesis head (seq 0) where a row must exist to lock. */
const emptyHead = (head: { seq: number; hash: string } | undefined) =>
  head === undefined || (head.seq === 0 && head.hash === GENESIS_HASH);

async function all(storage: AuditStorage): Promise<AuditEntry[]> {
  const out: AuditEntry[] = [];
  for await (const e of storage.entries()) out.push(e);
  return out;
}

/** Inputs with every optional field, none, and details that a storage could change on the way. */
const inputs: AuditInput[] = [
  { actor: 'hub', action: 'permit.issued', permitId: 'prm-1', subject: 'req-1' },
  { actor: 'station:noord', action: 'task.done', permitId: 'prm-1', resultDigest: 'ab'.repeat(32) },
  { actor: 'steward:J. Jansen', action: 'permit.approved' },
  {
    actor: 'station:noord',
    action: 'data.ingested',
    subject: 'dv-7',
    details: {
      resources: { Patient: 3000, Condition: 12_345 },
      seconds: 0.1,
      ratio: 1e-7,
      rejected: 0,
      note: 'zorggroep Zuid — ’s-Hertogenbosch ✓',
      files: [],
      flags: { optimized: true, resumed: false, previous: null },
    },
  },
];

/**
 * The behaviour every audit storage shares (a station's file, the hub's database, memory), run against
 * each of them: `open` gives a fresh, empty storage for each test.
 */
export function auditStorageSuite(label: string, open: () => Promise<AuditStorageUnderTest | undefined>) {
  const each = (name: string, test: (s: AuditStorageUnderTest) => Promise<void>, timeout?: number) =>
    it(name, { timeout: timeout ?? 120_000 }, async ({ skip }) => {
      const s = await open();
      if (!s) return skip();
      try {
        await test(s);
      } finally {
        await s.close();
      }
    });

  describe(`audit storage: ${label}`, () => {
    each('starts empty', async ({ storage }) => {
      expect(await storage.last()).toBeUndefined();
      expect(emptyHead(await storage.head())).toBe(true);
      expect(await all(storage)).toEqual([]);
      expect(await new AuditLog(storage).verify()).toEqual({ ok: true, entries: 0 });
    });

    each(
      'gives back every entry in order as it was appended, the newest as last, and the head',
      async ({ storage }) => {
        const log = new AuditLog(storage);
        const appended: AuditEntry[] = [];
        for (const input of inputs) appended.push(await log.append(input));
        expect(appended.map((e) => e.seq)).toEqual([1, 2, 3, 4]);
        expect(await all(storage)).toEqual(appended);
        expect(await storage.last()).toEqual(appended.at(-1));
        expect(await storage.head()).toEqual({ seq: 4, hash: appended.at(-1)!.hash });
        expect(await log.verify()).toEqual({ ok: true, entries: 4 });
      },
    );

    each('keeps one chain when one log is appended to concurrently', async ({ storage }) => {
      const log = new AuditLog(storage);
      await Promise.all(Array.from({ length: 25 }, (_, i) => log.append({ actor: `u${i}`, action: 'x' })));
      const entries = await all(storage);
      expect(entries.map((e) => e.seq)).toEqual(Array.from({ length: 25 }, (_, i) => i + 1));
      expect(await log.verify()).toEqual({ ok: true, entries: 25 });
    });

    each(
      'reads back more entries than one page of a reader holds',
      async ({ storage }) => {
        const log = new AuditLog(storage);
        for (let i = 0; i < 520; i++)
          await log.append({ actor: 'hub', action: 'run.created', subject: `r${i}` });
        const entries = await all(storage);
        expect(entries).toHaveLength(520);
        expect(entries.at(-1)).toMatchObject({ seq: 520, subject: 'r519' });
        expect(await log.verify()).toEqual({ ok: true, entries: 520 });
      },
      120_000,
    );

    each('goes on with the same chain after a restart', async (s) => {
      if (!s.reopen) return;
      const first = new AuditLog(s.storage);
      await first.append(inputs[0]!);
      const last = await first.append(inputs[1]!);
      const reopened = await s.reopen();
      expect(await reopened.last()).toEqual(last);
      const next = await new AuditLog(reopened).append(inputs[2]!);
      expect(next).toMatchObject({ seq: 3, prevHash: last.hash });
      expect(await new AuditLog(reopened).verify()).toEqual({ ok: true, entries: 3 });
    });

    each('keeps the head apart from the entries, so a removed newest entry shows', async (s) => {
      const log = new AuditLog(s.storage);
      for (const input of inputs) await log.append(input);
      await s.dropNewestEntry();
      const storage = s.reopen ? await s.reopen() : s.storage;
      const verdict = await new AuditLog(storage).verify();
      expect(verdict).toMatchObject({ ok: false, entries: 3 });
      expect(verdict.problem).toMatch(/removed/);
    });
  });
}
