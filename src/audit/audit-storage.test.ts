import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { auditStorageSuite } from './audit-storage.case.ts';
import { FileAuditStorage, MemoryAuditStorage } from './index.ts';

auditStorageSuite('memory', async () => {
  const storage = new MemoryAuditStorage();
  return {
    storage,
    dropNewestEntry: async () => void storage.rows.pop(),
    close: async () => {},
  };
});

auditStorageSuite('file (a station)', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'ai4h-audit-storage-'));
  const path = join(dir, 'audit.log');
  const opened: FileAuditStorage[] = [new FileAuditStorage(path)];
  return {
    storage: opened[0]!,
    reopen: async () => {
      const again = new FileAuditStorage(path);
      opened.push(again);
      return again;
    },
    dropNewestEntry: async () => {
      const lines = (await readFile(path, 'utf8')).trimEnd().split('\n');
      await writeFile(path, `${lines.slice(0, -1).join('\n')}\n`);
    },
    close: async () => {
      for (const s of opened) s.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
});
