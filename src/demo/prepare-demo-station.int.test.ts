import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import type { DemoStationSpec } from './demo-stations.ts';
import { prepareDemoStation } from './prepare-demo-station.ts';

const root = await mkdtemp(join(tmpdir(), 'ai4h-demo-station-'));
afterAll(() => rm(root, { recursive: true, force: true }));

const spec: DemoStationSpec = {
  name: 'klein',
  title: 'Klein',
  steward: 'steward1',
  province: 'Utrecht',
  patients: 40,
  seed: 11,
  approval: 'automatic',
};

/** Runs one preparation; returns what it logged and what it wrote to stderr (the progress). */
async function prepare(dir: string): Promise<{ did: boolean; log: string[]; stderr: string }> {
  const log: string[] = [];
  let stderr = '';
  const write = vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
    stderr += String(chunk);
    return true;
  });
  try {
    const did = await prepareDemoStation(spec, dir, (line) => log.push(line));
    return { did, log, stderr };
  } finally {
    write.mockRestore();
  }
}

describe('prepareDemoStation (what npm start does per station)', () => {
  it('says on the first start that it generates and ingests, with the ingest in MB; on a restart that it reuses the data', {
    timeout: 120_000,
  }, async () => {
    const dir = join(root, 'klein');
    const first = await prepare(dir);
    expect(first.did).toBe(true);
    expect(first.log[0]).toBe('klein: no data yet: generating and ingesting it (a few minutes, once)');
    expect(first.stderr).toMatch(/^klein generate \(patients\): 0\/40$/m);
    expect(first.stderr).toMatch(/^klein ingest: \d+\.\d\/\d+\.\d MB$/m);
    expect(first.stderr).not.toMatch(/^klein ingest: \d+\/\d+$/m);

    const again = await prepare(dir);
    expect(again.did).toBe(false);
    expect(again.log).toEqual(['klein: using the data of an earlier start']);
    expect(again.stderr).toBe('');
  });
});
