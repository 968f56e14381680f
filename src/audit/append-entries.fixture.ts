/**
 * Appends entries to a station audit log from a process of its own, as an ingest does while the
 * station's agent runs: `node bin/run-ts.mjs src/audit/append-entries.fixture.ts LOG ACTOR N`.
 */
import { AuditLog, FileAuditStorage } from './index.ts';

const [path, actor, n] = process.argv.slice(2);
const log = new AuditLog(new FileAuditStorage(path!));
for (let i = 0; i < Number(n); i++)
  await log.append({ actor: actor!, action: 'test.append', subject: String(i) });
