import type { DuckDBConnection, DuckDBValue } from '@duckdb/node-api';
import { DuckDBInstance, listValue } from '@duckdb/node-api';
import { ReleaseLedger } from '../../privacy/disclosure/release-ledger.ts';
import type { DisclosurePolicy, EpsilonLedger, StationContext } from '../algorithm.ts';

/** The station tables of views/README.md, as DuckDB DDL (tests and benches only; the store owns the real ones). */
const STATION_DDL = [
  'CREATE TABLE patient (id VARCHAR, birth_date DATE, sex VARCHAR, pc4 VARCHAR, region VARCHAR, municipality VARCHAR, deceased_date DATE)',
  'CREATE TABLE encounter (id VARCHAR, patient_id VARCHAR, class_code VARCHAR, setting VARCHAR, virtual_kind VARCHAR, type_code VARCHAR, priority VARCHAR, start_time TIMESTAMP, end_time TIMESTAMP, organization_id VARCHAR)',
  'CREATE TABLE condition (id VARCHAR, patient_id VARCHAR, encounter_id VARCHAR, code VARCHAR, system VARCHAR, icd10 VARCHAR, onset_date TIMESTAMP, abatement_date TIMESTAMP, clinical_status VARCHAR)',
  'CREATE TABLE observation (id VARCHAR, patient_id VARCHAR, encounter_id VARCHAR, code VARCHAR, system VARCHAR, value DOUBLE, unit VARCHAR, value_code VARCHAR, effective_time TIMESTAMP, status VARCHAR)',
  'CREATE TABLE medication (id VARCHAR, patient_id VARCHAR, encounter_id VARCHAR, code VARCHAR, system VARCHAR, authored_on TIMESTAMP, status VARCHAR)',
  'CREATE TABLE procedure (id VARCHAR, patient_id VARCHAR, encounter_id VARCHAR, code VARCHAR, system VARCHAR, performed_time TIMESTAMP)',
  'CREATE TABLE cost (id VARCHAR, patient_id VARCHAR, encounter_id VARCHAR, billable_start TIMESTAMP, total DOUBLE, currency VARCHAR)',
  'CREATE TABLE consent (id VARCHAR, patient_id VARCHAR, status VARCHAR, decision VARCHAR, purpose VARCHAR, date_time TIMESTAMP)',
  'CREATE TABLE note (id VARCHAR, patient_id VARCHAR, encounter_id VARCHAR, date TIMESTAMP, type_code VARCHAR, text VARCHAR)',
];

function normalise(v: unknown): unknown {
  if (typeof v === 'bigint') return Number(v);
  if (v instanceof Date) return v.toISOString();
  return v;
}

/** An in-memory DuckDB "station" with the station tables, for tests and benches. */
export interface MemoryStation {
  connection: DuckDBConnection;
  /** A StationContext on this station (its release ledger shared by every context unless one is given). */
  context(options?: Partial<Omit<StationContext, 'query' | 'dialect' | 'stationId'>>): StationContext;
  /** The station's release ledger (in memory). */
  ledger: ReleaseLedger;
  close(): void;
}

export const TEST_POLICY: DisclosurePolicy = { threshold: 10, rounding: 1, maxParamsPerN: 0.33 };

/**
 * @param location `:memory:` (default) or a database file (benches with more data than memory holds)
 */
export async function memoryStation(stationId: string, location = ':memory:'): Promise<MemoryStation> {
  return openStation(stationId, location, true);
}

/** A station on a database file an earlier {@link memoryStation} filled (benches reusing their data). */
export function fileStation(stationId: string, location: string): Promise<MemoryStation> {
  return openStation(stationId, location, false);
}

async function openStation(stationId: string, location: string, create: boolean): Promise<MemoryStation> {
  const instance = await DuckDBInstance.create(location);
  const connection = await instance.connect();
  if (create) for (const ddl of STATION_DDL) await connection.run(ddl);
  const query = async (sql: string, params?: readonly unknown[]) => {
    const values = params?.map((p) =>
      Array.isArray(p) ? listValue(p as DuckDBValue[]) : p,
    ) as DuckDBValue[];
    const reader = await connection.runAndReadAll(sql, params ? values : undefined);
    const rows = reader.getRowObjectsJS();
    for (const row of rows) for (const k of Object.keys(row)) row[k] = normalise(row[k]) as never;
    return rows as Record<string, unknown>[];
  };
  const ledger = ReleaseLedger.open();
  return {
    connection,
    ledger,
    context: (options = {}) => ({
      stationId,
      dialect: 'duckdb',
      query,
      purpose: options.purpose ?? 'research',
      permitId: options.permitId ?? 'permit-test',
      disclosure: options.disclosure ?? TEST_POLICY,
      privacy: options.privacy,
      ledger: options.ledger ?? ledger,
      ...(options.noise ? { noise: options.noise } : {}),
      runState: options.runState ?? new Map(),
    }),
    close: () => {
      connection.closeSync();
      instance.closeSync();
    },
  };
}

/** A StationContext with a ledger, for DP tests. */
export function withPrivacy(
  ctx: StationContext,
  ledger: EpsilonLedger,
  epsilonPerPermit: number,
): StationContext {
  return { ...ctx, privacy: { ledger, epsilonPerPermit } };
}
