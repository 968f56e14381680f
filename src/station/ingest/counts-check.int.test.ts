import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openStore } from '../../store/open-store.ts';
import type { StationStore } from '../../store/station-store.ts';
import { generatePopulation } from '../../synth/index.ts';
import { defaultIngestDeps, tablesOfViews } from './default-ingest-deps.ts';
import { ingestFiles } from './ingest-files.ts';

const dir = await mkdtemp(join(tmpdir(), 'ai4h-counts-'));
afterAll(() => rm(dir, { recursive: true, force: true }));

/** Every table's rows as sorted JSON text: equal for two stores that hold the same data. */
async function contents(store: StationStore, tables: readonly string[]): Promise<Record<string, string[]>> {
  const out: Record<string, string[]> = {};
  for (const t of tables) {
    const rows = await store.query(`SELECT to_json(t)::VARCHAR AS j FROM ${t} t`);
    out[t] = rows.map((r) => String(r.j)).sort();
  }
  return out;
}

describe('counts check', () => {
  it('stores exactly what the generator wrote (truth.json), table by table', {
    timeout: 240_000,
  }, async () => {
    const out = join(dir, 'synth');
    const gen = await generatePopulation({ patients: 1000, seed: 11, outDir: out });
    const truth = JSON.parse(await readFile(join(out, 'truth.json'), 'utf8')) as {
      counts: Record<string, number>;
    };
    const deps = await defaultIngestDeps({
      secret: Buffer.alloc(32, 1),
      config: { name: 't', backend: 'duckdb', birthDatePolicy: 'month' },
    });
    const store = await openStore(
      { backend: 'duckdb', path: join(dir, 'c.duckdb') },
      tablesOfViews(deps.views),
    );
    try {
      const files = Object.keys(gen.counts).map((t) => join(out, `${t}.ndjson`));
      const s = await ingestFiles(store, deps, { paths: files });
      expect(s.errors).toEqual([]);
      expect(s.warnings).toEqual([]);
      for (const view of deps.views) {
        const n = (await store.query(`SELECT COUNT(*) AS n FROM ${view.name}`))[0]?.n;
        expect({ table: view.name, n }).toEqual({
          table: view.name,
          n: truth.counts[view.resourceType] ?? 0,
        });
      }
      expect(s.unsupported).toEqual({ Organization: truth.counts.Organization });

      // The same files on two reader threads, large files split into many parts: the same store.
      const parallel = await openStore(
        { backend: 'duckdb', path: join(dir, 'p.duckdb') },
        tablesOfViews(deps.views),
      );
      try {
        const p = await ingestFiles(parallel, deps, {
          paths: files,
          readers: 2,
          parallelFromBytes: 0,
          partBytes: 256 * 1024,
          batchSize: 2000,
        });
        expect(p.errors).toEqual([]);
        expect(p.resources).toEqual(s.resources);
        expect(p.unsupported).toEqual(s.unsupported);
        const tables = [...deps.views.map((v) => v.name), 'resource_index'];
        const strip = (c: Record<string, string[]>) => {
          // batch_no differs with the batch size; everything else must be equal.
          c.resource_index = c.resource_index!.map((j) => j.replace(/"batch_no":\d+/, ''));
          return c;
        };
        expect(strip(await contents(parallel, tables))).toEqual(strip(await contents(store, tables)));
      } finally {
        await parallel.close();
      }
    } finally {
      await store.close();
    }
  });

  it('reports missing files and bad lines with the same file:line on reader threads as in one thread', {
    timeout: 120_000,
  }, async () => {
    const out = join(dir, 'synth-errors');
    await generatePopulation({ patients: 300, seed: 12, outDir: out });
    const lines = (await readFile(join(out, 'Encounter.ndjson'), 'utf8')).split('\n');
    const bad = [5, 777, 2000, lines.length - 3];
    for (const at of bad) lines.splice(at - 1, 0, at % 2 ? '{"resourceType": "Encounter", "id": ' : '[1, 2]');
    const file = join(out, 'Encounter-with-errors.ndjson');
    await writeFile(file, lines.join('\n'));
    const deps = await defaultIngestDeps({
      secret: Buffer.alloc(32, 1),
      config: { name: 't', backend: 'duckdb', birthDatePolicy: 'month' },
    });
    const missing = join(out, 'not-there.ndjson');
    const run = async (name: string, readers: number) => {
      const store = await openStore(
        { backend: 'duckdb', path: join(dir, `${name}.duckdb`) },
        tablesOfViews(deps.views),
      );
      try {
        return await ingestFiles(store, deps, {
          paths: [missing, file],
          readers,
          parallelFromBytes: 0,
          partBytes: 64 * 1024,
        });
      } finally {
        await store.close();
      }
    };
    const one = await run('errors-serial', 0);
    const two = await run('errors-parallel', 2);
    expect(one.errors[0]).toBe(`${missing}: not found or not readable`);
    expect(one.errors.slice(1).map((e) => e.slice(0, e.indexOf(': ')))).toEqual(
      bad.map((at) => `${file}:${at}`),
    );
    expect(one.rejected).toBe(bad.length + 1);
    expect(two.errors).toEqual(one.errors);
    expect(two.resources).toEqual(one.resources);
  });
});
