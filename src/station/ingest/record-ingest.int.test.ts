import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AuditLog, FileAuditStorage } from '../../audit/index.ts';
import { listFhirFiles, readFhirFiles } from '../../fhir/read-fhir-files.ts';
import { createPseudonymiser } from '../../privacy/pseudonymise/pseudonymiser.ts';
import { openStore } from '../../store/open-store.ts';
import type { StationStore } from '../../store/station-store.ts';
import { AUDIT_FILE } from '../station-dir.ts';
import type { IngestDeps } from './ingest-deps.ts';
import { errorKind, ingestRecorded } from './record-ingest.ts';
import { TEST_TABLES, TEST_VIEWS } from './test-views.ts';

const deps: IngestDeps = {
  list: (paths, onSkipped) => listFhirFiles(paths, onSkipped),
  read: (paths, options) => readFhirFiles(paths, options),
  validate: () => ({ ok: true, issues: [] }),
  pseudonymiser: createPseudonymiser({ secret: 'x'.repeat(32) }),
  views: TEST_VIEWS,
};

/** A disk that fills up at the n-th batch; the error names a value, as a driver's error might. */
function failingAt(store: StationStore, n: number): StationStore {
  let calls = 0;
  return new Proxy(store, {
    get(target, prop, receiver) {
      const value = Reflect.get(target, prop, receiver);
      if (prop !== 'writePrepared') return typeof value === 'function' ? value.bind(target) : value;
      return (...args: Parameters<StationStore['writePrepared']>) => {
        if (++calls === n)
          return Promise.reject(Object.assign(new Error('no space left writing Jansen'), { code: 'ENOSPC' }));
        return target.writePrepared(...args);
      };
    },
  });
}

let dir: string;
let store: StationStore;
let file: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'ai4h-failed-ingest-'));
  store = await openStore({ backend: 'duckdb', path: join(dir, 'store.duckdb') }, TEST_TABLES);
  file = join(dir, 'patients-of-dr-jansen.ndjson');
  const lines = Array.from({ length: 6 }, (_, i) =>
    JSON.stringify({ resourceType: 'Patient', id: `p${i}`, gender: 'female', birthDate: '1950-03-14' }),
  );
  await writeFile(file, `${lines.join('\n')}\n`);
});
afterEach(async () => {
  await store.close();
  await rm(dir, { recursive: true, force: true });
});

async function entriesOf(stationDir: string) {
  const entries = [];
  for await (const e of new AuditLog(new FileAuditStorage(join(stationDir, AUDIT_FILE))).entries())
    entries.push(e);
  return entries;
}

describe('an ingest that ends', () => {
  it('is in the audit chain with its counts and the data version it ended at', async () => {
    const s = await ingestRecorded(store, deps, { paths: [file], batchSize: 2 }, { dir, name: 'a' });
    expect(await entriesOf(dir)).toMatchObject([
      {
        actor: 'station:a',
        action: 'data.ingested',
        subject: s.dataVersion,
        details: { resources: { Patient: 6 }, written: 6, rejected: 0, batches: 3 },
      },
    ]);
    expect(await readFile(join(dir, AUDIT_FILE), 'utf8')).not.toMatch(/jansen|p0/);
  });
});

describe('an ingest that stops with an error', () => {
  it('is in the audit chain with the batches it committed and the data version it left, not the message', async () => {
    const run = ingestRecorded(
      failingAt(store, 2),
      deps,
      { paths: [file], batchSize: 2 },
      { dir, name: 'a' },
    );
    await expect(run).rejects.toThrow('no space left writing Jansen');
    const entries = await entriesOf(dir);
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({
      actor: 'station:a',
      action: 'data.ingest_failed',
      subject: await store.dataVersion(),
      details: { batches: 1, error: 'Error:ENOSPC' },
    });
    expect(await store.batchCount()).toBe(1);
    const text = await readFile(join(dir, AUDIT_FILE), 'utf8');
    expect(text).not.toMatch(/Jansen|jansen|space/);
    expect((await new AuditLog(new FileAuditStorage(join(dir, AUDIT_FILE))).verify()).ok).toBe(true);
  });

  it('still throws its own error when the audit log cannot be written', async () => {
    const run = ingestRecorded(
      failingAt(store, 1),
      deps,
      { paths: [file], batchSize: 2 },
      { dir: join(dir, 'missing', 'station'), name: 'a' },
    );
    await expect(run).rejects.toThrow('no space left writing Jansen');
  });

  it('names errors by class and code only', () => {
    expect(errorKind(new TypeError('x of Jansen'))).toBe('TypeError');
    expect(errorKind(Object.assign(new Error('x'), { code: 'ENOSPC' }))).toBe('Error:ENOSPC');
    expect(errorKind(Object.assign(new Error('x'), { code: 'has spaces in it' }))).toBe('Error');
    expect(errorKind('a string')).toBe('string');
  });
});
