import { chmod, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { KEY_FILE, openStation, parsePostgresUrl, STATION_FILE } from './station-dir.ts';

const root = await mkdtemp(join(tmpdir(), 'ai4h-station-dir-'));
afterAll(() => rm(root, { recursive: true, force: true }));

describe('openStation', () => {
  it('creates station.json and a 0600 station.key once, and reads the same key back', async () => {
    const dir = join(root, 'a');
    const s1 = await openStation(dir, { create: true });
    expect(s1.config).toEqual({ name: 'a', backend: 'duckdb', birthDatePolicy: 'month' });
    expect(s1.secret.length).toBe(32);
    expect((await stat(join(dir, KEY_FILE))).mode & 0o777).toBe(0o600);
    expect(s1.location).toEqual({ backend: 'duckdb', path: join(dir, 'station.duckdb') });
    const s2 = await openStation(dir, { create: true });
    expect(s2.secret.equals(s1.secret)).toBe(true);
    expect(JSON.parse(await readFile(join(dir, STATION_FILE), 'utf8')).name).toBe('a');
  });

  it('refuses a missing station unless asked to create it', async () => {
    await expect(openStation(join(root, 'none'))).rejects.toThrow(/station\.json missing/);
  });

  it('refuses a key that others can read, without printing it', async () => {
    const dir = join(root, 'b');
    const s = await openStation(dir, { create: true });
    await chmod(join(dir, KEY_FILE), 0o644);
    const err = await openStation(dir).catch((e: Error) => e);
    expect(String(err)).toMatch(/chmod 600/);
    expect(String(err)).not.toContain(s.secret.toString('hex'));
  });

  it('keeps a PostgreSQL station on its database and schema', async () => {
    const dir = join(root, 'c');
    const s = await openStation(dir, { create: true, db: 'postgres://u@h:5432/db?schema=st_c' });
    expect(s.location).toEqual({ backend: 'postgres', url: 'postgres://u@h:5432/db', schema: 'st_c' });
    await expect(openStation(dir, { db: 'postgres://u@h:5432/other' })).rejects.toThrow(/must match/);
  });

  it('rejects a malformed station.json with its path', async () => {
    const dir = join(root, 'd');
    await openStation(dir, { create: true });
    await writeFile(join(dir, STATION_FILE), '{"name": "d", "backend": "oracle"}');
    await expect(openStation(dir)).rejects.toThrow(/backend/);
  });

  it('parses and validates database URLs', () => {
    expect(parsePostgresUrl('postgresql://x@y/z')).toEqual({ url: 'postgresql://x@y/z' });
    expect(() => parsePostgresUrl('mysql://x')).toThrow(/postgres/);
    expect(() => parsePostgresUrl('postgres://x@y/z?schema=A;drop')).toThrow(/schema/);
  });
});
