import { mkdtempSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { JsonFileEpsilonLedger } from '../analytics/privacy/epsilon-ledger.ts';
import { AuditLog, FileAuditStorage } from '../audit/index.ts';
import type { Permit } from '../protocol/messages.ts';
import type { DurabilityProbe } from '../test-support/fs-durability-probe.ts';
import { defaultPolicy, savePolicy } from './policy/index.ts';
import { saveHubRegistration } from './runtime/hub-registration.ts';
import { PendingPermits, PermitUsage, RevokedPermits } from './runtime/permit-usage.ts';
import { ResultOutbox } from './runtime/result-outbox.ts';
import { openStationAudit } from './station-audit.ts';
import { openStation } from './station-dir.ts';

const probe = vi.hoisted(() => ({ current: undefined as DurabilityProbe | undefined }));

vi.mock('node:fs', async (importOriginal) => {
  const { DurabilityProbe } = await import('../test-support/fs-durability-probe.ts');
  probe.current ??= new DurabilityProbe();
  return probe.current.fs(await importOriginal());
});
vi.mock('node:fs/promises', async (importOriginal) => {
  const { DurabilityProbe } = await import('../test-support/fs-durability-probe.ts');
  probe.current ??= new DurabilityProbe();
  return probe.current.promises(await importOriginal());
});

const permit: Permit = {
  id: 'p1',
  purpose: 'research',
  holder: 'org',
  title: 't',
  datasets: [],
  stations: ['s1'],
  algorithms: [{ name: 'count', version: '1' }],
  issuedAt: new Date().toISOString(),
  expiresAt: new Date(Date.now() + 60_000).toISOString(),
  queryBudget: 2,
};

/**
 * Every file a station writes is on disk, whole, when the call that wrote it returns: appended and
 * flushed, or written to a temporary file, flushed, moved into place and the folder flushed. A crash or
 * power cut right after cannot lose a ledger entry or leave half a key, policy or registration.
 */
describe('station files survive a crash at any moment', () => {
  let dir: string;
  const p = () => probe.current!;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'ai4h-durable-'));
    p().check(dir);
  });

  it('notices a write that is not flushed (the probe itself)', async () => {
    await writeFile(join(dir, 'careless.json'), '{}');
    expect(p().check(dir)).toEqual(
      [
        `${dir}: folder entries not flushed`,
        `${join(dir, 'careless.json')}: written and not flushed`,
        `${join(dir, 'careless.json')}: written in place (not atomically)`,
      ].sort(),
    );
  });

  it('creates a station: station.json, its HMAC key and its signing key', async () => {
    await openStation(join(dir, 'new-station'), { create: true });
    expect(p().check(dir)).toEqual([]);
  });

  it('registers at a hub and writes its policy', async () => {
    await saveHubRegistration(dir, { hubUrl: 'http://hub.example', stationId: 's1', token: 't' });
    expect(p().check(dir)).toEqual([]);
    await savePolicy(dir, defaultPolicy());
    expect(p().check(dir)).toEqual([]);
  });

  it('keeps its ledgers: permit usage, revoked and pending permits, privacy budget', async () => {
    const usage = new PermitUsage(join(dir, 'permit-usage.jsonl'));
    await usage.record('p1', 'r1');
    usage.close();
    expect(p().check(dir)).toEqual([]);
    new RevokedPermits(join(dir, 'revoked-permits.json')).add(['p9']);
    expect(p().check(dir)).toEqual([]);
    const pending = new PendingPermits(join(dir, 'pending-permits.json'));
    pending.add(permit);
    pending.remove('p1');
    expect(p().check(dir)).toEqual([]);
    await new JsonFileEpsilonLedger(join(dir, 'epsilon-ledger.json')).spend('p1', 0.1, 1, 'mean');
    expect(p().check(dir)).toEqual([]);
  });

  it('keeps results in its outbox until the hub has them, also when it rewrites the outbox', async () => {
    const outbox = new ResultOutbox(join(dir, 'result-outbox.jsonl'));
    await outbox.put({ status: 'failed', taskId: 'keep', stationId: 's1', message: 'x' });
    expect(p().check(dir)).toEqual([]);
    for (let i = 0; i < 130; i++) {
      await outbox.put({ status: 'failed', taskId: `t${i}`, stationId: 's1', message: 'x' });
      await outbox.acknowledged(`t${i}`);
      expect(p().check(dir)).toEqual([]);
    }
    outbox.close();
    expect(new ResultOutbox(join(dir, 'result-outbox.jsonl')).pending()).toHaveLength(1);
  });

  it('appends to its audit log and signs each new head', async () => {
    p().inPlaceAllowed.add(join(dir, 'audit.log.head'));
    const old = new FileAuditStorage(join(dir, 'audit.log'));
    await new AuditLog(old).append({ actor: 'station:s1', action: 'data.ingested' });
    old.close();
    const audit = await openStationAudit(dir);
    await audit.storage.sealHead();
    expect(p().check(dir)).toEqual([]);
    await audit.log.append({ actor: 'station:s1', action: 'task.done' });
    await audit.log.append({ actor: 'station:s1', action: 'task.done' });
    audit.close();
    expect(p().check(dir)).toEqual([]);
    expect(audit.storage.signedHeads()).toHaveLength(3);
  });
});
