import { join } from 'node:path';
import { AuditLog, type AuditVerification, FileAuditStorage, type UnreadableHead } from '../audit/index.ts';
import type { SignedAuditHead } from '../protocol/audit-head.ts';
import { verifyAuditHead } from '../protocol/audit-head-signature.ts';
import { AUDIT_FILE } from './station-dir.ts';
import { readStationSigningKeys } from './station-signing-key.ts';

export interface StationAuditVerification extends AuditVerification {
  /** How many signed heads kept at the station were checked. */
  localHeads: number;
  /** The head the hub holds, when it was given. */
  hubHead?: { entries: number; signedAt: string };
}

/**
 * Verifies a station's audit log: the hash chain itself (an edited, inserted, removed or reordered
 * entry), then the chain against the heads the station signed after each append (`audit.log.heads`)
 * and against the latest signed head the hub holds. Rewriting an entry and re-hashing everything after
 * it keeps the chain consistent, but the heads signed before no longer match it: the first entry whose
 * signed head differs is the first entry that was rewritten (`brokenAt`). The hub's head stands even
 * when the local heads were removed or signed again by someone holding the station's key.
 */
export async function verifyStationAudit(
  stationDir: string,
  options: { hubHead?: SignedAuditHead } = {},
): Promise<StationAuditVerification> {
  const storage = new FileAuditStorage(join(stationDir, AUDIT_FILE));
  const chain = await new AuditLog(storage).verify();
  const heads = storage.signedHeads();
  const keys = await readStationSigningKeys(stationDir);
  const hubHead = options.hubHead;

  const wanted = new Set<number>();
  for (const h of heads) if (!isUnreadable(h)) wanted.add(h.head.entries);
  if (hubHead) wanted.add(hubHead.head.entries);
  const hashAt = new Map<number, string>([[0, '0'.repeat(64)]]);
  let length = 0;
  for await (const e of storage.entries()) {
    length++;
    if (wanted.has(e.seq)) hashAt.set(e.seq, e.hash);
  }

  const problems: { at: number; problem: string }[] = [];
  if (!chain.ok) problems.push({ at: chain.brokenAt ?? 1, problem: chain.problem ?? 'the chain is broken' });
  let matched = 0;
  let checked = 0;
  for (const h of heads) {
    if (isUnreadable(h)) {
      problems.push({
        at: matched + 1,
        problem: `line ${h.line} of ${AUDIT_FILE}.heads is not a signed head: the file was edited`,
      });
      continue;
    }
    checked++;
    const n = h.head.entries;
    if (!keys || !verifyAuditHead(h, keys.publicKeyPem) || h.head.kind !== 'station-audit-head') {
      problems.push({
        at: n,
        problem: `the head signed for entry ${n} does not verify with the station's key`,
      });
      continue;
    }
    const problem = mismatch(
      n,
      h.head.hash,
      `the head the station signed for it at ${h.head.signedAt}`,
      matched,
    );
    if (problem) problems.push(problem);
    else matched = Math.max(matched, n);
  }
  if (hubHead) {
    const n = hubHead.head.entries;
    const problem = mismatch(
      n,
      hubHead.head.hash,
      `the head the hub holds (signed ${hubHead.head.signedAt})`,
      0,
    );
    if (problem) problems.push(problem);
  }

  function mismatch(n: number, hash: string, what: string, lastMatch: number) {
    if (n > length)
      return {
        at: length + 1,
        problem: `the log ends at entry ${length} but ${what} is for entry ${n}: entries were removed`,
      };
    if (hashAt.get(n) === hash) return undefined;
    const from =
      lastMatch > 0 && lastMatch < n - 1 ? ` (the first change lies after entry ${lastMatch})` : '';
    return {
      at: n,
      problem: `entry ${n} no longer matches ${what}: the log was rewritten${from}`,
    };
  }

  const base = {
    entries: length,
    localHeads: checked,
    ...(hubHead ? { hubHead: { entries: hubHead.head.entries, signedAt: hubHead.head.signedAt } } : {}),
  };
  // The earliest problem is the one to look at first; a precise local head wins over a later hub head.
  const first = problems.reduce<(typeof problems)[number] | undefined>(
    (a, p) => (a === undefined || p.at < a.at ? p : a),
    undefined,
  );
  return first ? { ok: false, ...base, brokenAt: first.at, problem: first.problem } : { ok: true, ...base };
}

function isUnreadable(h: SignedAuditHead | UnreadableHead): h is UnreadableHead {
  return 'unreadable' in h;
}
