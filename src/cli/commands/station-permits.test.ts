import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Permit } from '../../protocol/index.ts';
import {
  approvePermit,
  defaultPolicy,
  openStation,
  PENDING_PERMITS_FILE,
  PendingPermits,
  savePolicy,
} from '../../station/index.ts';
import { main } from '../main.ts';

const permit = (id: string, title: string): Permit => ({
  id,
  purpose: 'research',
  holder: 'org-1',
  title,
  datasets: [],
  stations: ['st-1'],
  algorithms: [{ name: 'cohort-feasibility', version: '1.0.0' }],
  issuedAt: '2026-01-01T00:00:00.000Z',
  expiresAt: '2027-01-01T00:00:00.000Z',
  queryBudget: 5,
});

let dir = '';
beforeAll(async () => {
  dir = join(await mkdtemp(join(tmpdir(), 'ai4h-permits-')), 'station');
  await openStation(dir, { create: true });
  const approved = permit('prm-approved', 'Approved already');
  const waiting = permit('prm-waiting', 'Still waiting');
  const changed = permit('prm-changed', 'Changed since');
  // The station's agent keeps the permits it refused in pending-permits.json; approving by hand
  // writes the policy, and an agent that runs may write its list back with the permit still in it.
  const pending = new PendingPermits(join(dir, PENDING_PERMITS_FILE));
  pending.add(approved);
  pending.add(waiting);
  pending.add({ ...changed, queryBudget: 50 });
  let policy = approvePermit(defaultPolicy(), approved, 'J. Jansen', new Date('2026-02-01T00:00:00Z'));
  policy = approvePermit(policy, changed, 'J. Jansen', new Date('2026-02-01T00:00:00Z'));
  await savePolicy(dir, policy);
});
afterAll(() => rm(join(dir, '..'), { recursive: true, force: true }));

async function permits(...args: string[]): Promise<string> {
  const lines: string[] = [];
  const log = vi.spyOn(console, 'log').mockImplementation((s: unknown) => void lines.push(String(s)));
  try {
    await main(['node', 'ai4h', 'station', 'permits', '--dir', dir, ...args]);
    expect(process.exitCode ?? 0).toBe(0);
    return lines.join('\n');
  } finally {
    log.mockRestore();
  }
}

describe('ai4h station permits', () => {
  it('lists only the permits the policy has not approved as they are', async () => {
    const listed = JSON.parse(await permits('--json')) as Permit[];
    expect(listed.map((p) => p.id)).toEqual(['prm-waiting', 'prm-changed']);
    const text = await permits();
    expect(text).not.toContain('prm-approved');
    expect(text).toMatch(/prm-waiting {2}research {2}"Still waiting"/);
    expect(text).toMatch(/prm-changed .*\(changed since it was approved\)/);
  });
});
