import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { prepareBatch } from './batch-builder.ts';
import type { BatchResource, StationStore } from './station-store.ts';
import type { TableSpec } from './table-spec.ts';

/** Tables shaped like the platform views, small enough to reason about in tests. */
export const CONTRACT_TABLES: readonly TableSpec[] = [
  {
    name: 'patient',
    resourceType: 'Patient',
    columns: [
      { name: 'id', type: 'id' },
      { name: 'birth_date', type: 'date' },
      { name: 'sex', type: 'code' },
      { name: 'deceased_date', type: 'date' },
    ],
  },
  {
    name: 'observation',
    resourceType: 'Observation',
    columns: [
      { name: 'id', type: 'id' },
      { name: 'patient_id', type: 'string' },
      { name: 'code', type: 'code' },
      { name: 'value', type: 'decimal' },
      { name: 'effective_time', type: 'dateTime' },
      { name: 'rank', type: 'integer' },
      { name: 'final', type: 'boolean' },
    ],
  },
];

export const patient = (
  id: string,
  birth: string | null,
  extra: Partial<BatchResource> = {},
): BatchResource => ({
  resourceType: 'Patient',
  id,
  contentHash: `p:${id}:${birth}:${extra.lastUpdated ?? ''}`,
  rows: { patient: [[id, birth, 'female', null]] },
  ...extra,
});

export const observation = (
  id: string,
  patientId: string,
  value: number,
  extra: Partial<BatchResource> = {},
): BatchResource => ({
  resourceType: 'Observation',
  id,
  contentHash: `o:${id}:${value}`,
  rows: { observation: [[id, patientId, '8480-6', value, '2021-06-01T10:30:00+02:00', 3, true]] },
  ...extra,
});

const count = async (s: StationStore, table: string) =>
  Number((await s.query(`SELECT COUNT(*) AS n FROM ${table}`))[0]?.n);

/**
 * The behaviour every StationStore backend must show. Run by duckdb-store.int.test.ts and
 * postgres-store.int.test.ts; `open(tables, key)` returns a migrated store: the same database for the same
 * key (empty the first time it is opened), another one for another key.
 */
export function stationStoreContract(
  name: string,
  open: (tables: readonly TableSpec[], key: string) => Promise<StationStore>,
  cleanup: () => Promise<void> = async () => {},
): void {
  describe(`StationStore contract: ${name}`, () => {
    let store: StationStore;
    beforeAll(async () => {
      store = await open(CONTRACT_TABLES, 'main');
    });
    afterAll(async () => {
      await store?.close();
      await cleanup();
    });

    it('migrates idempotently and records the schema version', async () => {
      await store.migrate();
      const v = await store.query('SELECT MAX(version) AS v FROM schema_version');
      expect(v[0]?.v).toBe(1);
      expect(await store.batchCount()).toBe(0);
    });

    it('stores a batch with normalised values: partial dates, UTC timestamps, numbers', async () => {
      const before = await store.dataVersion();
      const r = await store.writeBatch([
        patient('p1', '1950'),
        patient('p2', '1960-03'),
        observation('o1', 'p1', 120.5),
      ]);
      expect(r).toEqual({ written: 3, unchanged: 0, ignored: 0 });
      expect(await store.dataVersion()).not.toBe(before);
      const rows = await store.query('SELECT id, birth_date, deceased_date FROM patient ORDER BY id');
      expect(rows).toEqual([
        { id: 'p1', birth_date: '1950-01-01', deceased_date: null },
        { id: 'p2', birth_date: '1960-03-01', deceased_date: null },
      ]);
      const obs = await store.query('SELECT value, effective_time, rank, final FROM observation');
      expect(obs).toEqual([
        { value: 120.5, effective_time: '2021-06-01T08:30:00.000Z', rank: 3, final: true },
      ]);
    });

    it('binds $n parameters and returns counts, sums and averages as numbers on both engines', async () => {
      const rows = await store.query(
        'SELECT COUNT(*) AS n, SUM(rank) AS s, AVG(value) AS a FROM observation WHERE patient_id = $1 AND effective_time > $2',
        ['p1', '2021-01-01'],
      );
      expect(rows).toEqual([{ n: 1, s: 3, a: 120.5 }]);
      const born = await store.query('SELECT id FROM patient WHERE birth_date < $1', ['1955-01-01']);
      expect(born).toEqual([{ id: 'p1' }]);
    });

    it('treats a parameter as a value, never as SQL', async () => {
      const rows = await store.query('SELECT COUNT(*) AS n FROM patient WHERE id = $1', ["p1' OR '1'='1"]);
      expect(rows[0]?.n).toBe(0);
      expect(await count(store, 'patient')).toBe(2);
    });

    it('is idempotent: the same batch again changes nothing but the data version', async () => {
      const before = await store.dataVersion();
      const r = await store.writeBatch([
        patient('p1', '1950'),
        patient('p2', '1960-03'),
        observation('o1', 'p1', 120.5),
      ]);
      expect(r).toEqual({ written: 0, unchanged: 3, ignored: 0 });
      expect(await count(store, 'patient')).toBe(2);
      expect(await count(store, 'observation')).toBe(1);
      expect(await store.dataVersion()).not.toBe(before);
    });

    it('replaces a resource with a newer version and ignores an older one', async () => {
      const v2 = { lastUpdated: '2024-02-01T00:00:00Z', versionId: '2' };
      const v1 = { lastUpdated: '2024-01-01T00:00:00Z', versionId: '1' };
      expect(
        await store.writeBatch([observation('o2', 'p2', 1, { ...v2, contentHash: 'v2' })]),
      ).toMatchObject({
        written: 1,
      });
      expect(await store.writeBatch([observation('o2', 'p2', 0, { ...v1, contentHash: 'v1' })])).toEqual({
        written: 0,
        unchanged: 0,
        ignored: 1,
      });
      const v3 = { lastUpdated: '2024-03-01T00:00:00Z', versionId: '3', contentHash: 'v3' };
      expect(await store.writeBatch([observation('o2', 'p2', 3, v3)])).toMatchObject({ written: 1 });
      const rows = await store.query('SELECT value FROM observation WHERE id = $1', ['o2']);
      expect(rows).toEqual([{ value: 3 }]);
      const idx = await store.query(
        "SELECT last_updated, content_hash FROM resource_index WHERE resource_type = 'Observation' AND id = 'o2'",
      );
      expect(idx).toEqual([{ last_updated: '2024-03-01T00:00:00.000Z', content_hash: 'v3' }]);
    });

    it('keeps the newest copy when one batch holds the same resource twice', async () => {
      const r = await store.writeBatch([
        observation('o3', 'p1', 9, { lastUpdated: '2024-05-01T00:00:00Z', contentHash: 'new' }),
        observation('o3', 'p1', 5, { lastUpdated: '2024-04-01T00:00:00Z', contentHash: 'old' }),
      ]);
      expect(r).toEqual({ written: 1, unchanged: 1, ignored: 0 });
      expect(await store.query('SELECT value FROM observation WHERE id = $1', ['o3'])).toEqual([
        { value: 9 },
      ]);
    });

    it('decides a batch of stored and new resources alike after the store is reopened', async () => {
      const first = await open(CONTRACT_TABLES, 'reopened');
      const at = (day: number) => ({ lastUpdated: `2024-01-0${day}T00:00:00Z` });
      await first.writeBatch([
        patient('r1', '1950', { ...at(2), contentHash: 'r1' }),
        patient('r2', '1951', { ...at(2), contentHash: 'r2' }),
        patient('r3', '1952', { ...at(2), contentHash: 'r3' }),
      ]);
      await first.close();
      const again = await open(CONTRACT_TABLES, 'reopened');
      try {
        const r = await again.writeBatch([
          patient('r1', '1950', { ...at(2), contentHash: 'r1' }), // the same
          patient('r2', '1961', { ...at(3), contentHash: 'r2 newer' }),
          patient('r3', '1940', { ...at(1), contentHash: 'r3 older' }),
          patient('r4', '1970', { ...at(2), contentHash: 'r4' }), // new
        ]);
        expect(r).toEqual({ written: 2, unchanged: 1, ignored: 1 });
        // And once more in the same session, which decides against what this session wrote.
        expect(await again.writeBatch([patient('r4', '1970', { ...at(2), contentHash: 'r4' })])).toEqual({
          written: 0,
          unchanged: 1,
          ignored: 0,
        });
        const rows = await again.query('SELECT id, birth_date FROM patient ORDER BY id');
        expect(rows).toEqual([
          { id: 'r1', birth_date: '1950-01-01' },
          { id: 'r2', birth_date: '1961-01-01' },
          { id: 'r3', birth_date: '1952-01-01' },
          { id: 'r4', birth_date: '1970-01-01' },
        ]);
        const index = await again.query('SELECT COUNT(*) AS n FROM resource_index');
        expect(index[0]?.n).toBe(4);
      } finally {
        await again.close();
      }
    });

    it('records resources of types without a table in resource_index', async () => {
      await store.writeBatch([{ resourceType: 'Location', id: 'l1', contentHash: 'l1', rows: {} }]);
      const rows = await store.query(
        "SELECT COUNT(*) AS n FROM resource_index WHERE resource_type = 'Location'",
      );
      expect(rows[0]?.n).toBe(1);
    });

    it('rejects a batch with an invalid value as a whole, naming the column but not the value', async () => {
      const before = await store.dataVersion();
      const n = await count(store, 'patient');
      const bad = patient('p9', '1950-13-45');
      await expect(store.writeBatch([patient('p8', '1970'), bad])).rejects.toThrow(/patient\.birth_date/);
      const message = await store.writeBatch([bad]).then(
        () => '',
        (e: Error) => e.message,
      );
      expect(message).toContain('patient.birth_date');
      expect(message).not.toContain('1950-13');
      expect(await count(store, 'patient')).toBe(n);
      expect(await store.dataVersion()).toBe(before);
    });

    it('rolls back a batch the engine refuses, and the data version chains on from the last committed one', async () => {
      const a = [patient('c1', '1960'), observation('co1', 'c1', 120)];
      const b = [patient('c2', '1970'), observation('co2', 'c2', 130)];
      // Past the checks of the batch builder, so it is the engine that refuses it, mid-transaction.
      const refused = prepareBatch(CONTRACT_TABLES, [patient('c3', '1980'), observation('co3', 'c3', 1)]);
      refused.columns.get('observation')![3]![0] = 'not a number';
      const chain = await open(CONTRACT_TABLES, 'chain');
      const reference = await open(CONTRACT_TABLES, 'chain_reference');
      try {
        await chain.writeBatch(a);
        const committed = await chain.dataVersion();
        await expect(chain.writePrepared(refused)).rejects.toThrow();
        expect(await chain.dataVersion()).toBe(committed);
        expect(await count(chain, 'patient')).toBe(1);
        expect(await count(chain, 'observation')).toBe(1);
        await chain.writeBatch(b);
        await reference.writeBatch(a);
        await reference.writeBatch(b);
        expect(await chain.dataVersion()).toBe(await reference.dataVersion());
        expect(await count(chain, 'patient')).toBe(2);
      } finally {
        await chain.close();
        await reference.close();
      }
    });

    it('serialises concurrent batches and queries', async () => {
      const batches = Array.from({ length: 5 }, (_, b) =>
        Array.from({ length: 50 }, (_, i) => patient(`c${b}-${i}`, '2000-01-01')),
      );
      const before = await store.batchCount();
      await Promise.all([
        ...batches.map((x) => store.writeBatch(x)),
        store.query('SELECT COUNT(*) AS n FROM patient'),
      ]);
      expect(await store.batchCount()).toBe(before + 5);
      expect((await store.query("SELECT COUNT(*) AS n FROM patient WHERE id LIKE 'c%'"))[0]?.n).toBe(250);
    });

    it('keeps the counts through optimize (clustering by code, patient)', async () => {
      const n = await count(store, 'observation');
      await store.optimize();
      expect(await count(store, 'observation')).toBe(n);
    });

    it('ends with the newest version whatever the order of arrival (property)', async () => {
      let round = 0;
      await fc.assert(
        fc.asyncProperty(
          fc.shuffledSubarray([1, 2, 3, 4, 5], { minLength: 1 }),
          fc.integer({ min: 1, max: 3 }),
          async (versions, batchSize) => {
            round += 1;
            const id = `prop-${round}`;
            const items = versions.map((v) =>
              observation(id, 'p1', v, {
                versionId: String(v),
                lastUpdated: `2024-01-0${v}T00:00:00Z`,
                contentHash: `h${v}`,
              }),
            );
            for (let i = 0; i < items.length; i += batchSize)
              await store.writeBatch(items.slice(i, i + batchSize));
            const rows = await store.query('SELECT value FROM observation WHERE id = $1', [id]);
            expect(rows).toEqual([{ value: Math.max(...versions) }]);
          },
        ),
        { numRuns: 15 },
      );
    });

    it('adds a column when a view gains one (migration of the view tables)', async () => {
      const wider = CONTRACT_TABLES.map((t) =>
        t.name === 'patient' ? { ...t, columns: [...t.columns, { name: 'pc4', type: 'string' }] } : t,
      );
      const s1 = await open(CONTRACT_TABLES, 'migration');
      await s1.writeBatch([patient('w0', '1980')]);
      await s1.close();
      const s2 = await open(wider, 'migration');
      try {
        await s2.writeBatch([
          { ...patient('w1', '1990'), rows: { patient: [['w1', '1990', 'male', null, '1234']] } },
        ]);
        expect(await s2.query('SELECT id, pc4 FROM patient ORDER BY id')).toEqual([
          { id: 'w0', pc4: null },
          { id: 'w1', pc4: '1234' },
        ]);
      } finally {
        await s2.close();
      }
    });

    it('answers algorithm SQL read-only with the same values as query', async () => {
      await store.writeBatch([patient('ro1', '1950-04-01'), observation('ro-o1', 'ro1', 120.5)]);
      const sql =
        'SELECT p.id, p.birth_date, o.value, o.effective_time FROM patient p JOIN observation o ON o.patient_id = p.id WHERE p.id = $1';
      const rows = await store.readOnlyQuery(sql, ['ro1']);
      expect(rows).toEqual(await store.query(sql, ['ro1']));
      expect(rows).toEqual([
        { id: 'ro1', birth_date: '1950-04-01', value: 120.5, effective_time: '2021-06-01T08:30:00.000Z' },
      ]);
    });

    it('has the engine refuse every write in algorithm SQL, also what starts like a read', async () => {
      await store.writeBatch([patient('ro2', '1961-01-01')]);
      await store.query('CREATE SEQUENCE ro_seq');
      const dir = mkdtempSync(join(tmpdir(), 'ai4h-read-only-'));
      const target = join(dir, 'leak.csv');
      const before = { version: await store.dataVersion(), patients: await count(store, 'patient') };
      const attempts = [
        "INSERT INTO patient (id) VALUES ('x')",
        'DELETE FROM patient',
        'CREATE TABLE leak AS SELECT * FROM patient',
        'DROP TABLE observation',
        // Each of these starts with SELECT or WITH: a pattern on the text lets them through.
        "WITH x AS (SELECT 'x' AS id) INSERT INTO patient (id) SELECT id FROM x",
        'SELECT 1; DELETE FROM patient',
        'SELECT 1; COMMIT; DELETE FROM patient',
        "SELECT nextval('ro_seq')",
        `COPY (SELECT * FROM patient) TO '${target}'`,
      ];
      for (const sql of attempts) await expect(store.readOnlyQuery(sql), sql).rejects.toThrow();
      expect(await store.dataVersion()).toBe(before.version);
      expect(await count(store, 'patient')).toBe(before.patients);
      expect(await count(store, 'observation')).toBeGreaterThan(0);
      expect(existsSync(target)).toBe(false);
      // The refused nextval did not advance the sequence.
      expect(Number((await store.query("SELECT nextval('ro_seq') AS n"))[0]?.n)).toBe(1);
      await store.query('DROP SEQUENCE ro_seq');
      rmSync(dir, { recursive: true, force: true });
      // The store still reads and writes as before.
      expect(await store.readOnlyQuery('SELECT id FROM patient WHERE id = $1', ['ro2'])).toEqual([
        { id: 'ro2' },
      ]);
    });
  });
}
