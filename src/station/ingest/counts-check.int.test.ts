import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openStore } from '../../store/open-store.ts';
import { generatePopulation } from '../../synth/index.ts';
import { defaultIngestDeps, tablesOfViews } from './default-ingest-deps.ts';
import { ingestFiles } from './ingest-files.ts';

const dir = await mkdtemp(join(tmpdir(), 'ai4h-counts-'));
afterAll(() => rm(dir, { recursive: true, force: true }));

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
    } finally {
      await store.close();
    }
  });
});
