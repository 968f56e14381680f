import { appendFile, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { AppError } from '../../common/app-error.ts';
import { type DisclosureLedger, MemoryLedger, recordReleases } from './disclosure-ledger.ts';
import { JsonFileLedger } from './json-file-ledger.ts';

const dirs: string[] = [];
afterAll(async () => {
  for (const d of dirs) await rm(d, { recursive: true, force: true });
});

const implementations: [string, () => Promise<DisclosureLedger>][] = [
  ['MemoryLedger', async () => new MemoryLedger()],
  [
    'JsonFileLedger',
    async () => {
      const dir = await mkdtemp(join(tmpdir(), 'ledger-'));
      dirs.push(dir);
      return new JsonFileLedger(join(dir, 'station', 'disclosure-ledger.json'));
    },
  ],
];

describe.each(implementations)('%s', (_name, make) => {
  it('records releases per permit and refuses differencing within the same permit only', async () => {
    const ledger = await make();
    await recordReleases(ledger, 'p1', [{ scope: 'count', keys: ['e', 'a'], exact: 120 }], 10);
    const attempt = recordReleases(ledger, 'p1', [{ scope: 'count', keys: ['e', 'b'], exact: 114 }], 10);
    await expect(attempt).rejects.toBeInstanceOf(AppError);
    await expect(attempt).rejects.toMatchObject({ details: { reason: 'disclosure-risk' } });
    await expect(attempt).rejects.not.toThrow(/114|120/);
    expect(await ledger.entries('p1')).toHaveLength(1);
    await recordReleases(ledger, 'p2', [{ scope: 'count', keys: ['e', 'b'], exact: 114 }], 10);
    expect(await ledger.entries('p2')).toHaveLength(1);
  });

  it('serialises concurrent checks so two differencing answers cannot both pass', async () => {
    const ledger = await make();
    const results = await Promise.allSettled([
      recordReleases(ledger, 'p', [{ scope: 'count', keys: ['e', 'a'], exact: 50 }], 10),
      recordReleases(ledger, 'p', [{ scope: 'count', keys: ['e', 'b'], exact: 45 }], 10),
    ]);
    expect(results.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);
  });
});

it('JsonFileLedger persists across instances', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'ledger-'));
  dirs.push(dir);
  const path = join(dir, 'disclosure-ledger.json');
  await recordReleases(new JsonFileLedger(path), 'p', [{ scope: 'count', keys: ['e'], exact: 30 }], 10);
  const again = new JsonFileLedger(path);
  expect(await again.entries('p')).toMatchObject([{ scope: 'count', keys: ['e'], exact: 30 }]);
  await expect(
    recordReleases(again, 'p', [{ scope: 'count', keys: ['e', 'x'], exact: 25 }], 10),
  ).rejects.toThrow(/disclosure threshold/);
  // One JSON line per append.
  const lines = (await readFile(path, 'utf8')).trimEnd().split('\n');
  expect(lines.map((l) => JSON.parse(l))).toMatchObject([{ permitId: 'p', entries: [{ exact: 30 }] }]);
});

it('JsonFileLedger reads a ledger of the whole-file format and appends to it', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'ledger-'));
  dirs.push(dir);
  const path = join(dir, 'disclosure-ledger.json');
  const at = '2026-01-01T00:00:00.000Z';
  await writeFile(
    path,
    JSON.stringify({ version: 1, permits: { p: [{ scope: 'count', keys: ['e'], exact: 30, at }] } }),
  );
  const ledger = new JsonFileLedger(path);
  await expect(
    recordReleases(ledger, 'p', [{ scope: 'count', keys: ['e', 'x'], exact: 25 }], 10),
  ).rejects.toThrow(/disclosure threshold/);
  await recordReleases(ledger, 'p', [{ scope: 'count', keys: ['e', 'y'], exact: 12 }], 10);
  expect(await new JsonFileLedger(path).entries('p')).toMatchObject([{ exact: 30 }, { exact: 12 }]);
});

it('JsonFileLedger drops a last line a crash cut short, and refuses a file broken elsewhere', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'ledger-'));
  dirs.push(dir);
  const path = join(dir, 'disclosure-ledger.json');
  await recordReleases(new JsonFileLedger(path), 'p', [{ scope: 'count', keys: ['e'], exact: 30 }], 10);
  const whole = await readFile(path, 'utf8');
  await appendFile(path, '{"permitId":"p","entr');
  const ledger = new JsonFileLedger(path);
  expect(await ledger.entries('p')).toHaveLength(1);
  expect(await readFile(path, 'utf8')).toBe(whole);
  await recordReleases(ledger, 'p', [{ scope: 'count', keys: ['f'], exact: 40 }], 10);
  expect(await new JsonFileLedger(path).entries('p')).toHaveLength(2);

  await writeFile(path, `not json\n${whole}`);
  await expect(new JsonFileLedger(path).entries('p')).rejects.toThrow(/not a disclosure ledger/);
});
