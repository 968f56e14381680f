import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { AuditEntry } from '../audit/audit-entry.ts';
import { AuditLog, FileAuditStorage } from '../audit/index.ts';
import type { SignedAuditHead } from '../protocol/audit-head.ts';
import { signAuditHead } from '../protocol/audit-head-signature.ts';
import { generateSigningKeys, keyIdOf } from '../protocol/signing.ts';
import { readAuditFile, rewriteAndRehash } from '../test-support/rewrite-audit-log.ts';
import { openStationAudit } from './station-audit.ts';
import { AUDIT_FILE } from './station-dir.ts';
import { SIGNING_KEY_FILE } from './station-signing-key.ts';
import { verifyStationAudit } from './verify-station-audit.ts';

/** A station folder whose log has `n` entries, each head signed with the station's key. */
async function stationWithLog(n: number) {
  const dir = mkdtempSync(join(tmpdir(), 'ai4h-verify-'));
  const audit = await openStationAudit(dir);
  for (let i = 1; i <= n; i++)
    await audit.log.append({ actor: 'station:s1', action: 'task.done', subject: `t${i}`, permitId: 'p1' });
  const hubHead = audit.latestSignedHead()!;
  audit.close();
  return { dir, hubHead, keys: audit.keys };
}

const logPath = (dir: string) => join(dir, AUDIT_FILE);
const readEntries = (dir: string) => readAuditFile(logPath(dir));
const rewrite = (dir: string, k: number, change: (e: AuditEntry) => AuditEntry) =>
  rewriteAndRehash(logPath(dir), k, change);

describe('verifying a station audit chain against signed heads', () => {
  it('passes an untouched chain, against its own heads and the head the hub holds', async () => {
    const { dir, hubHead } = await stationWithLog(5);
    expect(await verifyStationAudit(dir, { hubHead })).toEqual({
      ok: true,
      entries: 5,
      localHeads: 5,
      hubHead: { entries: 5, signedAt: hubHead.head.signedAt },
    });
  });

  it('names the first rewritten entry of a history that was rewritten and re-hashed', async () => {
    const { dir, hubHead } = await stationWithLog(5);
    rewrite(dir, 3, (e) => ({ ...e, permitId: 'p-other' }));
    // The chain alone cannot tell: it was re-hashed.
    expect(await new AuditLog(new FileAuditStorage(logPath(dir))).verify()).toEqual({ ok: true, entries: 5 });
    const check = await verifyStationAudit(dir, { hubHead });
    expect(check).toMatchObject({ ok: false, entries: 5, brokenAt: 3 });
    expect(check.problem).toMatch(/^entry 3 no longer matches the head the station signed for it/);
  });

  it('still catches it through the hub when the local heads were removed or signed again with the key', async () => {
    const { dir, hubHead, keys } = await stationWithLog(5);
    rewrite(dir, 2, (e) => ({ ...e, action: 'task.refused' }));
    rmSync(`${logPath(dir)}.heads`);
    const withoutHeads = await verifyStationAudit(dir, { hubHead });
    expect(withoutHeads).toMatchObject({ ok: false, brokenAt: 5, localHeads: 0 });
    expect(withoutHeads.problem).toMatch(/entry 5 no longer matches the head the hub holds/);
    // Someone with the station's key signs heads for the new history: the local heads agree, the hub does not.
    const forged = readEntries(dir).map((e) =>
      signAuditHead({ kind: 'station-audit-head', entries: e.seq, hash: e.hash, signedAt: e.at }, keys),
    );
    writeFileSync(`${logPath(dir)}.heads`, `${forged.map((h) => JSON.stringify(h)).join('\n')}\n`);
    expect(await verifyStationAudit(dir)).toMatchObject({ ok: true, localHeads: 5 });
    expect(await verifyStationAudit(dir, { hubHead })).toMatchObject({ ok: false, brokenAt: 5 });
  });

  it('refuses heads signed with another key, an edited heads file, and a log cut shorter than a head', async () => {
    const { dir, hubHead } = await stationWithLog(4);
    const other = generateSigningKeys();
    const stranger: SignedAuditHead = signAuditHead(
      {
        kind: 'station-audit-head',
        entries: 2,
        hash: readEntries(dir)[1]!.hash,
        signedAt: hubHead.head.signedAt,
      },
      { ...other, keyId: keyIdOf(other.publicKeyPem) },
    );
    const headsPath = `${logPath(dir)}.heads`;
    const original = readFileSync(headsPath, 'utf8');
    writeFileSync(headsPath, `${original}${JSON.stringify(stranger)}\n`);
    expect(await verifyStationAudit(dir)).toMatchObject({ ok: false, brokenAt: 2 });
    writeFileSync(headsPath, `${original.replace('"entries":3', '"entries":"three"')}`);
    expect((await verifyStationAudit(dir)).problem).toMatch(/line 3 of audit.log.heads is not a signed head/);
    writeFileSync(headsPath, original);
    const lines = readFileSync(logPath(dir), 'utf8').trimEnd().split('\n');
    writeFileSync(logPath(dir), `${lines.slice(0, 3).join('\n')}\n`);
    const last = JSON.parse(lines[2]!) as AuditEntry;
    writeFileSync(`${logPath(dir)}.head`, `${JSON.stringify({ seq: 3, hash: last.hash }).padEnd(127)}\n`);
    const cut = await verifyStationAudit(dir, { hubHead });
    expect(cut).toMatchObject({ ok: false, brokenAt: 4 });
    expect(cut.problem).toMatch(/ends at entry 3 .* entries were removed/);
  });

  it('signs, on opening, the head of a log written before heads were signed', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ai4h-verify-'));
    const old = new FileAuditStorage(logPath(dir));
    for (let i = 0; i < 3; i++)
      await new AuditLog(old).append({ actor: 'station:s1', action: 'data.ingested' });
    old.close();
    const audit = await openStationAudit(dir);
    expect(audit.latestSignedHead()).toBeUndefined();
    const sealed = await audit.storage.sealHead();
    expect(sealed?.head).toMatchObject({ kind: 'station-audit-head', entries: 3 });
    expect(await audit.storage.sealHead()).toEqual(sealed);
    audit.close();
    expect(readFileSync(join(dir, SIGNING_KEY_FILE), 'utf8')).toContain('PRIVATE KEY');
    expect(await verifyStationAudit(dir, { hubHead: sealed! })).toMatchObject({ ok: true, localHeads: 1 });
  });
});
