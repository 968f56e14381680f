import { readFileSync, writeFileSync } from 'node:fs';
import { type AuditEntry, hashOfEntry } from '../audit/audit-entry.ts';

/** The entries of a station's `audit.log` as they are in the file. */
export function readAuditFile(logPath: string): AuditEntry[] {
  return readFileSync(logPath, 'utf8')
    .trimEnd()
    .split('\n')
    .map((l) => JSON.parse(l) as AuditEntry);
}

/**
 * What someone who can write a station's files does to hide a change: edits entry `k` (1-based),
 * computes every hash from there on again so the chain is consistent, and rewrites the head to match.
 * The chain alone then verifies; only heads signed before can tell.
 */
export function rewriteAndRehash(logPath: string, k: number, change: (e: AuditEntry) => AuditEntry): void {
  const entries = readAuditFile(logPath);
  for (let i = k - 1; i < entries.length; i++) {
    const base = i === k - 1 ? change(entries[i]!) : entries[i]!;
    const { hash: _old, ...rest } = { ...base, prevHash: i === 0 ? '0'.repeat(64) : entries[i - 1]!.hash };
    entries[i] = { ...rest, hash: hashOfEntry(rest) };
  }
  writeFileSync(logPath, `${entries.map((e) => JSON.stringify(e)).join('\n')}\n`);
  const last = entries.at(-1)!;
  writeFileSync(`${logPath}.head`, `${JSON.stringify({ seq: last.seq, hash: last.hash }).padEnd(127)}\n`);
}
