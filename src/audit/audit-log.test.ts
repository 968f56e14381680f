import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AuditLog, FileAuditStorage, MemoryAuditStorage } from './index.ts';

async function fileLog(n: number) {
  const dir = mkdtempSync(join(tmpdir(), 'audit-'));
  const path = join(dir, 'audit.log');
  const log = new AuditLog(new FileAuditStorage(path));
  for (let i = 0; i < n; i++)
    await log.append({ actor: 'station:a', action: 'task.done', permitId: `p${i % 2}` });
  return { path, reopen: () => new AuditLog(new FileAuditStorage(path)) };
}

const lines = (path: string) => readFileSync(path, 'utf8').trimEnd().split('\n');

describe('audit log', () => {
  it('chains entries and verifies an untouched log', async () => {
    const { reopen } = await fileLog(5);
    const log = reopen();
    expect(await log.verify()).toEqual({ ok: true, entries: 5 });
    const next = await log.append({ actor: 'hub', action: 'permit.issued' });
    expect(next.seq).toBe(6);
    expect((await log.verify()).ok).toBe(true);
  });

  it('keeps one chain under concurrent appends', async () => {
    const log = new AuditLog(new MemoryAuditStorage());
    await Promise.all(Array.from({ length: 20 }, (_, i) => log.append({ actor: `u${i}`, action: 'x' })));
    expect(await log.verify()).toEqual({ ok: true, entries: 20 });
  });

  it('detects an edited entry', async () => {
    const { path, reopen } = await fileLog(5);
    const l = lines(path);
    l[2] = l[2]!.replace('"p0"', '"p9"');
    writeFileSync(path, `${l.join('\n')}\n`);
    expect(await reopen().verify()).toMatchObject({ ok: false, brokenAt: 3 });
  });

  it('detects a removed entry in the middle and a removed tail', async () => {
    const { path, reopen } = await fileLog(5);
    const l = lines(path);
    writeFileSync(path, `${[...l.slice(0, 2), ...l.slice(3)].join('\n')}\n`);
    expect(await reopen().verify()).toMatchObject({ ok: false, brokenAt: 3 });
    writeFileSync(path, `${l.slice(0, 4).join('\n')}\n`);
    const tail = await reopen().verify();
    expect(tail.ok).toBe(false);
    expect(tail.problem).toMatch(/removed/);
  });

  it('detects any single-field change (property)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 0, max: 5 }),
        fc.constantFrom('actor', 'action', 'at', 'permitId', 'prevHash', 'hash'),
        fc.string({ minLength: 1 }),
        async (index, field, value) => {
          const storage = new MemoryAuditStorage();
          const log = new AuditLog(storage);
          for (let i = 0; i < 6; i++) await log.append({ actor: 'a', action: 'b', permitId: 'p' });
          const entry = storage.rows[index]!;
          fc.pre((entry as unknown as Record<string, unknown>)[field] !== value);
          storage.rows[index] = { ...entry, [field]: value };
          expect((await log.verify()).ok).toBe(false);
        },
      ),
      { numRuns: 60 },
    );
  });

  it('goes on appending when its head was left empty by a crash, and the head is whole again after', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'audit-'));
    const path = join(dir, 'audit.log');
    const log = new AuditLog(new FileAuditStorage(path));
    await log.append({ actor: 'station:a', action: 'task.done' });
    await log.append({ actor: 'station:a', action: 'task.done' });
    writeFileSync(`${path}.head`, '');
    expect((await log.append({ actor: 'station:a', action: 'data.ingested' })).seq).toBe(3);
    expect(await new AuditLog(new FileAuditStorage(path)).verify()).toEqual({ ok: true, entries: 3 });
  });
});
