import { DuckDBInstance } from '@duckdb/node-api';
import type { DialectName } from '../../store/dialect/dialect.ts';
import { dialectOf } from '../../store/dialect/dialects.ts';
import { openStore } from '../../store/open-store.ts';
import type { TableSpec } from '../../store/table-spec.ts';
import { TEST_PG_URL } from '../../test-support/postgres.ts';

/**
 * A small random station for cohort tests: the tables of views/README.md filled from a seeded
 * generator, loaded into in-memory DuckDB or a PostgreSQL schema, with a `query` function of the shape
 * the store offers.
 */
export type Row = Record<string, string | number | null>;
export type QueryFn = (sql: string, params?: readonly unknown[]) => Promise<Record<string, unknown>[]>;

export interface StationTables {
  patient: Row[];
  encounter: Row[];
  condition: Row[];
  observation: Row[];
  medication: Row[];
  procedure: Row[];
  consent: Row[];
}

/** Column name → storage type, per views/README.md (text, date, timestamp, double). */
export const TABLE_COLUMNS: Record<
  keyof StationTables,
  Record<string, 'text' | 'date' | 'timestamp' | 'double'>
> = {
  patient: {
    id: 'text',
    birth_date: 'date',
    sex: 'text',
    pc4: 'text',
    region: 'text',
    municipality: 'text',
    deceased_date: 'date',
  },
  encounter: {
    id: 'text',
    patient_id: 'text',
    class_code: 'text',
    setting: 'text',
    virtual_kind: 'text',
    type_code: 'text',
    priority: 'text',
    start_time: 'timestamp',
    end_time: 'timestamp',
    organization_id: 'text',
  },
  condition: {
    id: 'text',
    patient_id: 'text',
    encounter_id: 'text',
    code: 'text',
    system: 'text',
    icd10: 'text',
    onset_date: 'timestamp',
    abatement_date: 'timestamp',
    clinical_status: 'text',
  },
  observation: {
    id: 'text',
    patient_id: 'text',
    encounter_id: 'text',
    code: 'text',
    system: 'text',
    value: 'double',
    unit: 'text',
    value_code: 'text',
    effective_time: 'timestamp',
    status: 'text',
  },
  medication: {
    id: 'text',
    patient_id: 'text',
    encounter_id: 'text',
    code: 'text',
    system: 'text',
    authored_on: 'timestamp',
    status: 'text',
  },
  procedure: {
    id: 'text',
    patient_id: 'text',
    encounter_id: 'text',
    code: 'text',
    system: 'text',
    performed_time: 'timestamp',
  },
  consent: {
    id: 'text',
    patient_id: 'text',
    status: 'text',
    decision: 'text',
    purpose: 'text',
    date_time: 'timestamp',
  },
};

/** Deterministic PRNG (mulberry32) so a failing seed can be replayed. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const CONDITIONS = [
  { code: '44054006', icd10: 'E11.9' }, // type 2 diabetes
  { code: '84114007', icd10: 'I50.9' }, // heart failure
  { code: '13645005', icd10: 'J44.9' }, // COPD
  { code: '38341003', icd10: 'I10' }, // hypertension
  { code: '248279007', icd10: 'R54' }, // frailty
] as const;
export const REGIONS = ['Utrecht', 'Zeeland', 'Groningen', 'Limburg'] as const;
const MUNICIPALITIES: Record<string, string[]> = {
  Utrecht: ['Utrecht', 'Amersfoort'],
  Zeeland: ['Middelburg', 'Goes'],
  Groningen: ['Groningen', 'Delfzijl'],
  Limburg: ['Maastricht', 'Venlo'],
};
const ENCOUNTERS = [
  { class_code: 'AMB', setting: 'gp', priority: 'R', virtual_kind: null },
  { class_code: 'AMB', setting: 'outpatient', priority: 'R', virtual_kind: null },
  { class_code: 'EMER', setting: 'ed', priority: 'EM', virtual_kind: null },
  { class_code: 'IMP', setting: 'inpatient', priority: 'EM', virtual_kind: null },
  { class_code: 'IMP', setting: 'inpatient', priority: 'R', virtual_kind: null },
  { class_code: 'VR', setting: 'virtual', priority: 'R', virtual_kind: 'telemonitoring' },
  { class_code: 'VR', setting: 'virtual', priority: 'R', virtual_kind: 'video' },
] as const;
const MEDICATIONS = ['A10BA02', 'A10AE04', 'C03CA01', 'R03AC02', 'N02BE01'] as const;
const PROCEDURES = ['80146002', '232717009', '71651007'] as const;
const PURPOSES = ['research', 'ai-training', 'innovation'] as const;

const DAY = 86_400_000;
const BASE = Date.UTC(2018, 0, 1);
const iso = (ms: number) => new Date(ms).toISOString().slice(0, 19).replace('T', ' ');

/** Generates `patients` patients with a handful of events each, dates in 2018–2023. */
export function randomStation(seed: number, patients: number): StationTables {
  const r = seededRandom(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;
  const t: StationTables = {
    patient: [],
    encounter: [],
    condition: [],
    observation: [],
    medication: [],
    procedure: [],
    consent: [],
  };
  let id = 0;
  const next = (p: string) => `${p}${seed}-${id++}`;
  for (let i = 0; i < patients; i++) {
    const pid = `p${seed}-${i}`;
    const region = pick(REGIONS);
    const year = 1925 + Math.floor(r() * 80);
    const month = 1 + Math.floor(r() * 12);
    t.patient.push({
      id: pid,
      birth_date: r() < 0.03 ? null : `${year}-${String(month).padStart(2, '0')}-01`,
      sex: r() < 0.02 ? 'unknown' : pick(['male', 'female']),
      pc4: String(1000 + Math.floor(r() * 9000)),
      region: r() < 0.03 ? null : region,
      municipality: pick(MUNICIPALITIES[region]!),
      deceased_date: null,
    });
    const when = () => BASE + Math.floor(r() * 6 * 365) * DAY + Math.floor(r() * 86_400) * 1000;
    const nCond = Math.floor(r() * 3);
    for (let k = 0; k < nCond; k++) {
      const c = pick(CONDITIONS);
      t.condition.push({
        id: next('c'),
        patient_id: pid,
        encounter_id: null,
        code: c.code,
        system: 'http://snomed.info/sct',
        icd10: r() < 0.9 ? c.icd10 : null,
        onset_date: iso(when()),
        abatement_date: null,
        clinical_status: 'active',
      });
    }
    const nEnc = Math.floor(r() * 5);
    for (let k = 0; k < nEnc; k++) {
      const e = pick(ENCOUNTERS);
      const start = when();
      t.encounter.push({
        id: next('e'),
        patient_id: pid,
        ...e,
        type_code: null,
        start_time: iso(start),
        end_time: iso(start + DAY),
        organization_id: 'org1',
      });
    }
    if (year < 1950 && r() < 0.4) {
      // Frail elderly: a cluster of ED visits within one year.
      const start = when();
      const visits = 1 + Math.floor(r() * 3);
      for (let k = 0; k < visits; k++) {
        const at = start + Math.floor(r() * 300) * DAY;
        t.encounter.push({
          id: next('e'),
          patient_id: pid,
          ...ENCOUNTERS[2],
          type_code: null,
          start_time: iso(at),
          end_time: iso(at + DAY / 4),
          organization_id: 'org1',
        });
      }
    }
    const nObs = Math.floor(r() * 4);
    for (let k = 0; k < nObs; k++) {
      const hba1c = r() < 0.7;
      t.observation.push({
        id: next('o'),
        patient_id: pid,
        encounter_id: null,
        code: hba1c ? '4548-4' : '8480-6',
        system: 'http://loinc.org',
        value: hba1c ? Math.round((30 + r() * 60) * 10) / 10 : Math.round(100 + r() * 80),
        unit: hba1c ? (r() < 0.9 ? 'mmol/mol' : '%') : 'mm[Hg]',
        value_code: null,
        effective_time: iso(when()),
        status: 'final',
      });
    }
    const nMed = Math.floor(r() * 3);
    for (let k = 0; k < nMed; k++) {
      t.medication.push({
        id: next('m'),
        patient_id: pid,
        encounter_id: null,
        code: pick(MEDICATIONS),
        system: 'http://www.whocc.no/atc',
        authored_on: iso(when()),
        status: 'active',
      });
    }
    if (r() < 0.3) {
      t.procedure.push({
        id: next('x'),
        patient_id: pid,
        encounter_id: null,
        code: pick(PROCEDURES),
        system: 'http://snomed.info/sct',
        performed_time: iso(when()),
      });
    }
    if (r() < 0.08) {
      t.consent.push({
        id: next('k'),
        patient_id: pid,
        status: 'active',
        decision: r() < 0.8 ? 'deny' : 'permit',
        purpose: pick(PURPOSES),
        date_time: iso(when()),
      });
    }
  }
  return t;
}

function ddl(dialect: DialectName): string[] {
  const types = dialectOf(dialect).adapter.columnTypes;
  return Object.entries(TABLE_COLUMNS).map(
    ([table, cols]) =>
      `CREATE TABLE ${table} (${Object.entries(cols)
        .map(([c, type]) => `${c} ${types[type]}`)
        .join(', ')})`,
  );
}

/** A SQL literal for generated test values (loading only; cohort SQL always binds its values). */
function literal(v: string | number | null | undefined): string {
  if (v === null || v === undefined) return 'NULL';
  if (typeof v === 'number') return String(v);
  return `'${v.replaceAll("'", "''")}'`;
}

async function load(run: (sql: string) => Promise<void>, dialect: DialectName, t: StationTables) {
  for (const stmt of ddl(dialect)) await run(stmt);
  for (const [table, cols] of Object.entries(TABLE_COLUMNS) as [
    keyof StationTables,
    Record<string, string>,
  ][]) {
    const names = Object.keys(cols);
    const rows = t[table];
    for (let i = 0; i < rows.length; i += 2000) {
      const values = rows
        .slice(i, i + 2000)
        .map((row) => `(${names.map((n) => literal(row[n])).join(', ')})`);
      await run(`INSERT INTO ${table} (${names.join(', ')}) VALUES ${values.join(', ')}`);
    }
  }
}

/** Numbers as JS numbers (DuckDB returns BIGINT as bigint, pg returns bigint as string). */
function plain(row: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(row)) out[k] = typeof v === 'bigint' ? Number(v) : v;
  return out;
}

/** The tables in a fresh in-memory DuckDB. */
export async function duckdbStation(t: StationTables): Promise<{ query: QueryFn; close: () => void }> {
  const db = await DuckDBInstance.create(':memory:');
  const conn = await db.connect();
  // Tiny tables: one thread avoids scheduling overhead on a shared machine.
  await conn.run('SET threads = 1');
  const query: QueryFn = async (sql, params = []) => {
    const reader = await conn.runAndReadAll(sql, params as never);
    return reader.getRowObjectsJS().map(plain);
  };
  await load(async (sql) => void (await query(sql)), 'duckdb', t);
  return { query, close: () => conn.closeSync() };
}

/** The tables in a station store (src/store) on PostgreSQL, in a schema made by `freshSchema`. */
export async function postgresStation(
  t: StationTables,
  schema: string,
): Promise<{ query: QueryFn; close: () => Promise<void> }> {
  const store = await openStore({ backend: 'postgres', url: TEST_PG_URL, schema }, STATION_TABLE_SPECS);
  await fill((sql) => store.query(sql), t);
  return { query: (sql, params) => store.query(sql, params), close: () => store.close() };
}

async function fill(run: (sql: string) => Promise<unknown>, t: StationTables): Promise<void> {
  for (const [table, cols] of Object.entries(TABLE_COLUMNS) as [
    keyof StationTables,
    Record<string, string>,
  ][]) {
    const names = Object.keys(cols);
    const rows = t[table];
    for (let i = 0; i < rows.length; i += 2000) {
      const values = rows
        .slice(i, i + 2000)
        .map((row) => `(${names.map((n) => literal(row[n])).join(', ')})`);
      await run(`INSERT INTO ${table} (${names.join(', ')}) VALUES ${values.join(', ')}`);
    }
  }
}

const RESOURCE_TYPE: Record<keyof StationTables, string> = {
  patient: 'Patient',
  encounter: 'Encounter',
  condition: 'Condition',
  observation: 'Observation',
  medication: 'MedicationRequest',
  procedure: 'Procedure',
  consent: 'Consent',
};

const FHIR_TYPE = { text: 'string', date: 'date', timestamp: 'dateTime', double: 'decimal' } as const;

/** The station tables as table specs, for opening a real store. */
export const STATION_TABLE_SPECS: readonly TableSpec[] = Object.entries(TABLE_COLUMNS).map(
  ([name, cols]) => ({
    name,
    resourceType: RESOURCE_TYPE[name as keyof StationTables],
    columns: Object.entries(cols).map(([c, type]) => ({
      name: c,
      type: c === 'id' ? 'id' : FHIR_TYPE[type],
    })),
  }),
);

/**
 * The tables in a real station store (src/store) on in-memory DuckDB, filled by plain INSERTs: the
 * cohort SQL then runs through the store's own `query` and value normalisation.
 */
export async function storeStation(
  t: StationTables,
): Promise<{ query: QueryFn; close: () => Promise<void> }> {
  const store = await openStore({ backend: 'duckdb', path: ':memory:', threads: 1 }, STATION_TABLE_SPECS);
  await fill((sql) => store.query(sql), t);
  return { query: (sql, params) => store.query(sql, params), close: () => store.close() };
}
