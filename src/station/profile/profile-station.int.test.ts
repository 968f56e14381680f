import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ReleaseLedger } from '../../privacy/disclosure/release-ledger.ts';
import { openStore } from '../../store/open-store.ts';
import type { BatchResource, StationStore } from '../../store/station-store.ts';
import { dropSchema, freshSchema, postgresAvailable, TEST_PG_URL } from '../../test-support/postgres.ts';
import { TEST_TABLES } from '../ingest/test-views.ts';
import { formatProfile } from './format-profile.ts';
import { profileStation, suppress } from './profile-station.ts';

const pgUp = await postgresAvailable();
const dir = await mkdtemp(join(tmpdir(), 'ai4h-profile-'));
const cleanups: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const c of cleanups) await c();
  await rm(dir, { recursive: true, force: true });
});

function population(): BatchResource[] {
  const out: BatchResource[] = [];
  const res = (resourceType: string, id: string, rows: BatchResource['rows']): BatchResource => ({
    resourceType,
    id,
    contentHash: id,
    rows,
  });
  for (let i = 0; i < 12; i++)
    out.push(res('Patient', `f${i}`, { patient: [[`f${i}`, '1950-06', 'female']] }));
  for (let i = 0; i < 3; i++)
    out.push(res('Patient', `m${i}`, { patient: [[`m${i}`, '2010-01-01', 'male']] }));
  for (let i = 0; i < 15; i++) {
    const code = i < 12 ? 'A' : 'B';
    out.push(
      res('Observation', `o${i}`, {
        observation: [
          [`o${i}`, `f${i % 12}`, null, code, 'http://loinc.org', i, `2020-0${1 + (i % 9)}-15T00:00:00Z`],
        ],
      }),
    );
  }
  out.push(res('Location', 'l1', {}));
  return out;
}

async function profileOn(store: StationStore) {
  await store.writeBatch(population());
  return profileStation(store, { threshold: 10, asOf: '2025-01-01' });
}

describe('profileStation', () => {
  it('suppresses counts 1..threshold-1, keeps 0 and rounds larger counts (nothing exact is published)', () => {
    expect([0, 1, 9, 10, 12, 13].map((n) => suppress(n, 10, 5))).toEqual([0, '<10', '<10', 10, 10, 15]);
  });

  it('profiles counts, age × sex, top codes, date ranges and completeness with small cells suppressed', async () => {
    const store = await openStore({ backend: 'duckdb', path: join(dir, 'p.duckdb') }, TEST_TABLES);
    cleanups.push(() => store.close());
    const p = await profileOn(store);
    expect(p.patients).toBe(15);
    expect(p.resources).toEqual({ Location: '<10', Observation: 15, Patient: 15 });
    expect(p.tables).toEqual({ patient: 15, encounter: 0, observation: 15 });
    // 12 women aged 65-74: published rounded to 5.
    expect(p.ageSex).toEqual([
      { ageBand: '0-17', sex: 'male', count: '<10' },
      { ageBand: '65-74', sex: 'female', count: 10 },
    ]);
    // Code B (3 times) is below the threshold and left out; code A (12 times) is rounded.
    expect(p.topCodes).toEqual([{ table: 'observation', system: 'http://loinc.org', code: 'A', count: 10 }]);
    expect(p.dateRanges).toContainEqual({
      table: 'observation',
      column: 'effective_time',
      from: '2020-01',
      to: '2020-09',
    });
    expect(p.completeness).toContainEqual({ table: 'observation', column: 'encounter_id', filled: 0 });
    expect(p.completeness).toContainEqual({ table: 'observation', column: 'code', filled: 1 });
    expect(p.completeness.some((c) => c.table === 'encounter')).toBe(false);
    const text = formatProfile(p);
    expect(text).toContain('Patients: 15');
    expect(text).toMatch(/65-74\s+10/);
  });

  it('as a release: counts codes by patients, and withholds what the station ledger refuses', async () => {
    const store = await openStore({ backend: 'duckdb', path: join(dir, 'release.duckdb') }, TEST_TABLES);
    cleanups.push(() => store.close());
    await store.writeBatch([
      ...population(),
      // Code C on 14 records of one patient: 14 records, but one patient — never listed.
      ...Array.from(
        { length: 14 },
        (_, i): BatchResource => ({
          resourceType: 'Observation',
          id: `c${i}`,
          contentHash: `c${i}`,
          rows: { observation: [[`c${i}`, 'f0', null, 'C', 'http://loinc.org', i, '2021-01-01T00:00:00Z']] },
        }),
      ),
    ]);
    const ledger = ReleaseLedger.open();
    // An earlier answer: the 11 women f0..f10, one away from the 12 women aged 65-74.
    const earlier = await ledger.begin('earlier', 10);
    expect(
      earlier.admit(
        'earlier',
        Array.from({ length: 11 }, (_, i) => `f${i}`),
      ),
    ).toBe(true);
    earlier.commit();
    const release = await ledger.begin('publish', 10);
    const p = await profileStation(store, { threshold: 10, asOf: '2025-01-01', release });
    release.commit();
    expect(p.ageSex).toEqual([
      { ageBand: '0-17', sex: 'male', count: '<10' },
      { ageBand: '65-74', sex: 'female', count: 'withheld' },
    ]);
    expect(p.topCodes.map((c) => c.code)).not.toContain('C');
    // Code A: 12 records of 12 women, the same set as the withheld cell: withheld as well.
    expect(p.topCodes.map((c) => c.code)).not.toContain('A');
    expect(formatProfile(p)).toMatch(/65-74\s+withheld/);
  });

  it('as a release: a withheld patient count is not published as the patient table’s rows either', async () => {
    const store = await openStore({ backend: 'duckdb', path: join(dir, 'rows.duckdb') }, TEST_TABLES);
    cleanups.push(() => store.close());
    await store.writeBatch(population());
    const ledger = ReleaseLedger.open();
    // An earlier answer on 12 of the 15 patients: the profile's 15 would be 3 away from it.
    const earlier = await ledger.begin('earlier', 10);
    expect(
      earlier.admit(
        'earlier',
        Array.from({ length: 12 }, (_, i) => `f${i}`),
      ),
    ).toBe(true);
    earlier.commit();
    const release = await ledger.begin('publish', 10);
    const p = await profileStation(store, { threshold: 10, asOf: '2025-01-01', release });
    release.commit();
    expect(p.patients).toBe('withheld');
    // The rows of the patient table (and Patient resources) are the same count: withheld with it.
    expect(p.tables.patient).toBe('withheld');
    expect(p.resources.Patient).toBe('withheld');
    expect(p.tables.observation).toBe(15);
  });

  it.each(['duckdb', ...(pgUp ? ['postgres'] : [])])(
    'lists the ICD-10 codes of the condition table beside its SNOMED CT codes, above the threshold (%s)',
    async (backend) => {
      const condition = {
        name: 'condition',
        resourceType: 'Condition',
        columns: ['id', 'patient_id', 'code', 'system', 'icd10'].map((name) => ({ name, type: 'string' })),
      };
      const schema = backend === 'postgres' ? await freshSchema('profile_icd') : '';
      if (schema) cleanups.push(() => dropSchema(schema));
      const store = await openStore(
        schema
          ? { backend: 'postgres', url: TEST_PG_URL, schema }
          : { backend: 'duckdb', path: join(dir, 'icd.duckdb') },
        [condition],
      );
      cleanups.unshift(() => store.close());
      const rows = (n: number, snomed: string, icd10: string | null, from: number) =>
        Array.from({ length: n }, (_, k): BatchResource => {
          const id = `c${from + k}`;
          return {
            resourceType: 'Condition',
            id,
            contentHash: id,
            rows: { condition: [[id, `p${from + k}`, snomed, 'http://snomed.info/sct', icd10]] },
          };
        });
      await store.writeBatch([
        ...rows(8, '44054006', 'E11.9', 0),
        ...rows(4, '44054006', 'E11.65', 8),
        ...rows(3, '38341003', null, 12),
      ]);
      const p = await profileStation(store, { threshold: 5, rounding: 1 });
      expect(p.topCodes).toEqual([
        { table: 'condition', system: 'http://snomed.info/sct', code: '44054006', count: 12 },
        // E11.65 (4 records) is below the threshold and left out.
        { table: 'condition', system: 'http://hl7.org/fhir/sid/icd-10', code: 'E11.9', count: 8 },
      ]);
    },
  );

  it.skipIf(!pgUp)('gives the same profile on PostgreSQL', async () => {
    const schema = await freshSchema('profile');
    cleanups.push(() => dropSchema(schema));
    const pg = await openStore({ backend: 'postgres', url: TEST_PG_URL, schema }, TEST_TABLES);
    cleanups.unshift(() => pg.close());
    const duck = await openStore({ backend: 'duckdb', path: join(dir, 'q.duckdb') }, TEST_TABLES);
    cleanups.unshift(() => duck.close());
    const a = await profileOn(pg);
    const b = await profileOn(duck);
    expect({ ...a, dataVersion: '' }).toEqual({ ...b, dataVersion: '' });
  });
});
