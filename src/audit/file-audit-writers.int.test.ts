import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { AuditLog, FileAuditStorage } from './index.ts';

const repo = resolve(fileURLToPath(new URL('../..', import.meta.url)));
const dir = mkdtempSync(join(tmpdir(), 'ai4h-audit-writers-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function appendFromProcess(path: string, actor: string, n: number): Promise<number | null> {
  const child = spawn(
    process.execPath,
    ['bin/run-ts.mjs', 'src/audit/append-entries.fixture.ts', path, actor, String(n)],
    { cwd: repo, stdio: ['ignore', 'ignore', 'inherit'] },
  );
  return new Promise((ok) => child.on('close', ok));
}

describe('a station audit log written by several processes', () => {
  it('stays one chain when two other processes append while this one does', async () => {
    const path = join(dir, 'audit.log');
    const here = new AuditLog(new FileAuditStorage(path));
    await here.append({ actor: 'here', action: 'test.append', subject: 'first' });
    const others = [appendFromProcess(path, 'a', 25), appendFromProcess(path, 'b', 25)];
    let stop = false;
    const mine = (async () => {
      let n = 0;
      // Keeps appending until both others are done, so the writes interleave.
      while (!stop || n < 5) {
        await here.append({ actor: 'here', action: 'test.append', subject: String(n++) });
        await new Promise((r) => setTimeout(r, 2));
      }
      return n;
    })();
    expect(await Promise.all(others)).toEqual([0, 0]);
    stop = true;
    const n = await mine;
    const check = await new AuditLog(new FileAuditStorage(path)).verify();
    expect(check).toEqual({ ok: true, entries: 1 + 25 + 25 + n });
  }, 60_000);
});
