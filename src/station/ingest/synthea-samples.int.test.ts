import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openStore } from '../../store/open-store.ts';
import { sharedData } from '../../test-support/shared-data.ts';
import { defaultIngestDeps, tablesOfViews } from './default-ingest-deps.ts';
import { ingestFiles } from './ingest-files.ts';

const bulk = sharedData('smart-sample-bulk-fhir-datasets');
const bundles = sharedData('smart-generated-sample-data-r4-synthea');
const dir = await mkdtemp(join(tmpdir(), 'ai4h-synthea-'));
afterAll(() => rm(dir, { recursive: true, force: true }));

/** The resource files of a bulk export folder: `<Type>.<n>.ndjson`, not the export's log.ndjson. */
async function exportFiles(root: string): Promise<string[]> {
  const out: string[] = [];
  for (const sub of await readdir(root, { withFileTypes: true })) {
    if (!sub.isDirectory()) continue;
    for (const f of await readdir(join(root, sub.name))) {
      if (/^[A-Z][A-Za-z]+\.\d+\.ndjson$/.test(f)) out.push(join(root, sub.name, f));
    }
  }
  return out.sort();
}

describe.skipIf(!bulk || !bundles)('ingest of the public Synthea samples', () => {
  it('stores every sample resource without an error or a dangling reference', {
    timeout: 180_000,
  }, async () => {
    const secret = Buffer.alloc(32, 7);
    const deps = await defaultIngestDeps({
      secret,
      config: { name: 't', backend: 'duckdb', birthDatePolicy: 'month' },
    });
    const store = await openStore(
      { backend: 'duckdb', path: join(dir, 's.duckdb') },
      tablesOfViews(deps.views),
    );
    try {
      const files = [...(await exportFiles(bulk!)), join(bundles!, 'R4', 'SYNTHEA')];
      const s = await ingestFiles(store, deps, { paths: files });
      expect(s.errors).toEqual([]);
      expect(s.rejected).toBe(0);
      expect(s.warnings).toEqual([]);
      for (const t of [
        'Patient',
        'Encounter',
        'Condition',
        'Observation',
        'MedicationRequest',
        'Procedure',
      ]) {
        expect(s.resources[t]).toBeGreaterThan(0);
      }
      const indexed = await store.query('SELECT COUNT(*) AS n FROM resource_index');
      expect(indexed[0]?.n).toBe(s.written);
      // Every encounter of the bundles joins its patient through the pseudonymised reference.
      const orphans = await store.query(
        'SELECT COUNT(*) AS n FROM encounter e WHERE NOT EXISTS (SELECT 1 FROM patient p WHERE p.id = e.patient_id)',
      );
      expect(orphans[0]?.n).toBe(0);
    } finally {
      await store.close();
    }
  });
});
