import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { main } from '../main.ts';

let dir = '';
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'ai4h-ingest-usage-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

async function ingest(...args: string[]): Promise<{ code: number; stderr: string; stdout: string }> {
  const errors: string[] = [];
  const out: string[] = [];
  const error = vi.spyOn(console, 'error').mockImplementation((s: unknown) => void errors.push(String(s)));
  const write = vi.spyOn(process.stdout, 'write').mockImplementation((s: string | Uint8Array) => {
    out.push(String(s));
    return true;
  });
  process.exitCode = 0;
  try {
    await main(['node', 'ai4h', 'station', 'ingest', ...args]);
    return { code: Number(process.exitCode ?? 0), stderr: errors.join('\n'), stdout: out.join('') };
  } finally {
    error.mockRestore();
    write.mockRestore();
    process.exitCode = 0;
  }
}

describe('ai4h station ingest with nothing to read', () => {
  it('is a usage error naming each path and why, and creates no station folder, key or store', async () => {
    const station = join(dir, 'new-station');
    const missing = join(dir, 'missing.ndjson');
    const r = await ingest('--dir', station, missing);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(`error: <paths>: nothing to ingest (${missing}: not found or not readable)`);
    expect(r.stdout).toBe('');
    expect(existsSync(station)).toBe(false);
  });

  it('names a folder without FHIR files and a file of another kind', async () => {
    const empty = join(dir, 'empty');
    await mkdir(empty);
    await writeFile(join(empty, 'notes.txt'), 'not FHIR');
    const csv = join(dir, 'patients.csv');
    await writeFile(csv, 'id\n1\n');
    const station = join(dir, 'other-station');
    const r = await ingest('--dir', station, empty, csv);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`${csv}: unsupported file type`);
    expect(r.stderr).toContain(`${empty}: no .ndjson, .jsonl or .json file`);
    expect(existsSync(station)).toBe(false);
  });

  it('leaves an existing station as it was', async () => {
    const station = join(dir, 'existing');
    await mkdir(station);
    const r = await ingest('--dir', station, join(dir, 'typo.ndjson'));
    expect(r.code).toBe(2);
    expect(existsSync(join(station, 'station.json'))).toBe(false);
    expect(existsSync(join(station, 'station.key'))).toBe(false);
  });
});
