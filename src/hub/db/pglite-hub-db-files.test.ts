import { chmodSync, readdirSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { notPrivate } from '../../common/private-modes.fixture.ts';
import { openPgliteHubDb } from './pglite-hub-db.ts';

describe('the embedded hub database on disk', () => {
  let root: string;
  let umask: number;
  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'ai4h-hubdb-'));
    // The most permissive umask: the modes must not depend on the one the hub happens to start with.
    umask = process.umask(0);
  });
  afterAll(async () => {
    process.umask(umask);
    await rm(root, { recursive: true, force: true });
  });

  it('keeps its folder 0700 and every file 0600, also the WAL segments written later', async () => {
    const dir = join(root, 'hub');
    const db = await openPgliteHubDb(dir);
    await db.exec('create table secrets (v text)');
    await db.query('insert into secrets values ($1)', ['argon2-hash']);
    // A new WAL segment and a checkpoint: files PostgreSQL creates long after the database was made.
    await db.query('select pg_switch_wal()');
    await db.query('insert into secrets values ($1)', ['another']);
    await db.exec('checkpoint');
    const files = readdirSync(join(dir, 'pg_wal'));
    expect(files.length).toBeGreaterThan(0);
    expect(notPrivate(dir)).toEqual([]);
    await db.close();
    expect(notPrivate(dir)).toEqual([]);
  }, 120_000);

  it('makes a database created with open modes private when it is opened again', async () => {
    const dir = join(root, 'hub');
    chmodSync(dir, 0o755);
    chmodSync(join(dir, 'PG_VERSION'), 0o666);
    chmodSync(join(dir, 'base'), 0o777);
    writeFileSync(join(dir, 'left-behind.txt'), 'x', { mode: 0o644 });
    const db = await openPgliteHubDb(dir);
    expect(notPrivate(dir)).toEqual([]);
    // A second database object on the same folder would corrupt it.
    await expect(openPgliteHubDb(dir)).rejects.toThrow(/already open in this process/);
    expect((await db.query<{ v: string }>('select v from secrets order by v')).map((r) => r.v)).toEqual([
      'another',
      'argon2-hash',
    ]);
    await db.close();
  }, 120_000);
});
