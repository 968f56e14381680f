import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listFhirFiles, readFhirFiles } from '../../fhir/read-fhir-files.ts';
import { createPseudonymiser } from '../../privacy/pseudonymise/pseudonymiser.ts';
import { openStore } from '../../store/open-store.ts';
import type { StationStore } from '../../store/station-store.ts';
import type { IngestDeps } from './ingest-deps.ts';
import { ingestFiles } from './ingest-files.ts';
import { TEST_TABLES, TEST_VIEWS } from './test-views.ts';

const KNOWN = new Set(['Patient', 'Encounter', 'Observation', 'Location']);
const deps: IngestDeps = {
  list: (paths, onSkipped) => listFhirFiles(paths, onSkipped),
  read: (paths, options) => readFhirFiles(paths, options),
  // Stands in for the FHIR validator: only the resource type is checked here.
  validate: (r) =>
    KNOWN.has(String(r.resourceType))
      ? { ok: true, issues: [] }
      : { ok: false, issues: ['unknown resourceType'] },
  pseudonymiser: createPseudonymiser({ secret: 'x'.repeat(32) }),
  views: TEST_VIEWS,
};

const pat = (id: string, extra: object = {}) => ({
  resourceType: 'Patient',
  id,
  gender: 'female',
  birthDate: '1950-03-14',
  ...extra,
});
const enc = (id: string, p: string) => ({
  resourceType: 'Encounter',
  id,
  subject: { reference: `Patient/${p}` },
  period: { start: '2020-01-01T10:00:00Z' },
});
const obs = (id: string, p: string, e: string) => ({
  resourceType: 'Observation',
  id,
  subject: { reference: `Patient/${p}` },
  encounter: { reference: `Encounter/${e}` },
  code: { coding: [{ system: 'http://loinc.org', code: '8480-6' }] },
  valueQuantity: { value: 120 },
  effectiveDateTime: '2020-01-01T10:00:00+01:00',
});
const nd = (...xs: unknown[]) =>
  `${xs.map((x) => (typeof x === 'string' ? x : JSON.stringify(x))).join('\n')}\n`;

let dir: string;
let store: StationStore;
const counts = async () =>
  Object.fromEntries(
    await Promise.all(
      ['patient', 'encounter', 'observation', 'resource_index'].map(async (t) => [
        t,
        Number((await store.query(`SELECT COUNT(*) AS n FROM ${t}`))[0]?.n),
      ]),
    ),
  );

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'ai4h-ingest-'));
  store = await openStore({ backend: 'duckdb', path: join(dir, 'store.duckdb') }, TEST_TABLES);
});
afterAll(async () => {
  await store?.close();
  await rm(dir, { recursive: true, force: true });
});

describe('ingestFiles', () => {
  it('stores good lines, reports bad ones as file:line, and warns about dangling references', async () => {
    const file = join(dir, 'mixed.ndjson');
    await writeFile(
      file,
      nd(
        pat('p1'),
        '{"resourceType": "Patient", "id": "p2", "birthDate": "19', // truncated line
        { resourceType: 'Patiënt', id: 'x1' }, // wrong resourceType
        pat('p3', { birthDate: '1950-13-45' }), // invalid date
        enc('e1', 'p1'),
        obs('o1', 'p1', 'e1'),
        obs('o2', 'p-missing', 'e1'), // dangling patient reference
        { resourceType: 'Location', id: 'l1', name: 'Utrecht' }, // no view: recorded, reported apart
        pat('p1', { gender: 'male', meta: { lastUpdated: '2024-01-02T00:00:00Z' } }), // duplicate id, newer
        '{"resourceType": "Observation"}', // no id
      ),
    );
    const s = await ingestFiles(store, deps, { paths: [file], batchSize: 3 });
    expect(s.resources).toEqual({ Patient: 2, Encounter: 1, Observation: 2 });
    expect(s.unsupported).toEqual({ Location: 1 });
    expect(s.rejected).toBe(4);
    expect(s.errors[0]).toMatch(/mixed\.ndjson:2: malformed JSON/);
    expect(s.errors[1]).toMatch(/mixed\.ndjson:3: resourceType/);
    expect(s.errors[2]).toMatch(/mixed\.ndjson:4: patient\.birth_date: not a valid FHIR date/);
    expect(s.errors[3]).toMatch(/mixed\.ndjson:10: Observation has no id/);
    expect(s.errors.join()).not.toContain('1950-13-45');
    expect(s.warnings).toEqual(['observation.patient_id: 1 row(s) reference a patient not in the store']);
    expect(await counts()).toEqual({ patient: 1, encounter: 1, observation: 2, resource_index: 5 });
    const p = await store.query('SELECT sex, birth_date FROM patient');
    expect(p).toEqual([{ sex: 'male', birth_date: '1950-03-01' }]);
    // Ids are pseudonyms, references were rewritten to the same pseudonyms.
    const joined = await store.query(
      'SELECT COUNT(*) AS n FROM observation o JOIN encounter e ON e.id = o.encounter_id JOIN patient p ON p.id = o.patient_id',
    );
    expect(joined[0]?.n).toBe(1);
    expect((await store.query("SELECT COUNT(*) AS n FROM patient WHERE id = 'p1'"))[0]?.n).toBe(0);
  });

  it('re-running the same input changes nothing', async () => {
    const before = await counts();
    const s = await ingestFiles(store, deps, { paths: [join(dir, 'mixed.ndjson')] });
    expect(s.written).toBe(0);
    expect(await counts()).toEqual(before);
  });

  it('rejects non-UTF-8 bytes by line and caps the error list', async () => {
    const file = join(dir, 'latin1.ndjson');
    const lines = [
      Buffer.from(nd(pat('q1'))),
      Buffer.from('{"resourceType":"Patient","id":"q2","x":"'),
      Buffer.from([0xe9, 0xff]),
      Buffer.from('"}\n'),
    ];
    for (let i = 0; i < 5; i++) lines.push(Buffer.from('{broken\n'));
    await writeFile(file, Buffer.concat(lines));
    const s = await ingestFiles(store, deps, { paths: [file], maxErrors: 3 });
    expect(s.resources).toEqual({ Patient: 1 });
    expect(s.errors[0]).toMatch(/latin1\.ndjson:2: .*UTF-8/);
    expect(s.rejected).toBe(6);
    expect(s.errors).toHaveLength(3);
    expect(s.moreErrors).toBe(3);
  });

  it('resolves urn:uuid references inside a Bundle to the entries pseudonyms', async () => {
    const file = join(dir, 'bundle.json');
    const u = (x: string) => `urn:uuid:${x}`;
    const entry = (r: Record<string, unknown>) => ({ fullUrl: u(String(r.id)), resource: r });
    const bundle = {
      resourceType: 'Bundle',
      type: 'transaction',
      entry: [
        entry({
          resourceType: 'Observation',
          id: 'bo1',
          subject: { reference: u('bp1') },
          encounter: { reference: u('be1') },
          code: { coding: [{ code: 'x' }] },
        }),
        entry(pat('bp1')),
        entry({ resourceType: 'Encounter', id: 'be1', subject: { reference: u('bp1') } }),
      ],
    };
    await writeFile(file, JSON.stringify(bundle, null, 2));
    const s = await ingestFiles(store, deps, { paths: [file] });
    expect(s.rejected).toBe(0);
    expect(s.warnings).toEqual([]);
  });

  it('stores a resource on a 50 MB line without choking the rest', async () => {
    const file = join(dir, 'big.ndjson');
    const big = JSON.stringify(
      pat('big', { text: { status: 'generated', div: `<div>${'a'.repeat(50 * 1024 * 1024)}</div>` } }),
    );
    await writeFile(file, nd(big, pat('after-big')));
    const s = await ingestFiles(store, deps, { paths: [file] });
    expect(s.rejected).toBe(0);
    expect(s.resources).toEqual({ Patient: 2 });
  });
});
