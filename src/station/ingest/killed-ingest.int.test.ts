import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { openStore } from '../../store/open-store.ts';
import { sharedData } from '../../test-support/shared-data.ts';
import { openStation } from '../station-dir.ts';
import { platformViews, tablesOfViews } from './default-ingest-deps.ts';

const repo = resolve(fileURLToPath(new URL('../../..', import.meta.url)));
const bulk = sharedData('smart-sample-bulk-fhir-datasets/10-patients');
const dir = await mkdtemp(join(tmpdir(), 'ai4h-killed-'));
afterAll(() => rm(dir, { recursive: true, force: true }));

/** Runs `ai4h station ingest`; with `killAfterFirstBatch`, SIGKILLs it once the first batch committed. */
function ingest(station: string, files: string[], killAfterFirstBatch = false) {
  const args = [
    'bin/ai4h.mjs',
    'station',
    'ingest',
    '--json',
    '--verbose',
    '--no-optimize',
    '--batch-size',
    '300',
  ];
  const child = spawn(process.execPath, [...args, '--dir', station, ...files], { cwd: repo });
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => {
    stderr += d.toString();
    if (killAfterFirstBatch && stderr.includes('batch 1 committed')) child.kill('SIGKILL');
  });
  child.stdout.resume();
  return new Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }>((ok) =>
    child.on('close', (code, signal) => ok({ code, signal, stderr })),
  );
}

async function counts(stationDir: string): Promise<Record<string, number>> {
  const station = await openStation(stationDir);
  const store = await openStore(station.location, tablesOfViews(await platformViews()));
  try {
    const out: Record<string, number> = {};
    for (const t of [...store.tables.map((x) => x.name), 'resource_index']) {
      out[t] = Number((await store.query(`SELECT COUNT(*) AS n FROM ${t}`))[0]?.n);
    }
    return out;
  } finally {
    await store.close();
  }
}

describe.skipIf(!bulk)('an ingest killed with SIGKILL', () => {
  it('leaves the last committed batch, and a re-run ends with the counts of a clean run', {
    timeout: 240_000,
  }, async () => {
    const files = ['Patient', 'Encounter', 'Condition'].map((t) => join(bulk!, `${t}.000.ndjson`));
    const clean = await ingest(join(dir, 'clean'), files);
    expect(clean.code).toBe(0);
    const expected = await counts(join(dir, 'clean'));

    const killed = await ingest(join(dir, 'killed'), files, true);
    expect(killed.signal).toBe('SIGKILL');
    const partial = await counts(join(dir, 'killed'));
    // Whole batches only: the index holds a multiple of the batch size, and less than everything.
    expect(partial.resource_index! % 300).toBe(0);
    expect(partial.resource_index!).toBeGreaterThan(0);
    expect(partial.resource_index!).toBeLessThan(expected.resource_index!);

    const rerun = await ingest(join(dir, 'killed'), files);
    expect(rerun.code).toBe(0);
    expect(await counts(join(dir, 'killed'))).toEqual(expected);
  });
});
