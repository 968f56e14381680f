import type { DialectName } from './dialect/dialect.ts';
import { dialectOf } from './dialect/dialects.ts';
import { checkBatchNumber } from './store-meta.ts';
import { sqlType, type TableSpec } from './table-spec.ts';

/**
 * The SQL the stores run, per dialect, kept apart from the drivers. Both engines get the same statements
 * except for the few lines that differ (types, indexes, temp tables).
 */

/** Ordered core migrations; a store records the highest applied version in `schema_version`. */
export const CORE_MIGRATIONS: readonly {
  version: number;
  description: string;
  up: (d: DialectName) => string[];
}[] = [
  {
    version: 1,
    description: 'resource index and store metadata',
    up: (d) => [
      `CREATE TABLE resource_index (
        resource_type ${sqlType('string', d)} NOT NULL,
        id ${sqlType('string', d)} NOT NULL,
        last_updated ${sqlType('instant', d)},
        version_id ${sqlType('string', d)},
        version_num ${sqlType('integer', d)},
        content_hash ${sqlType('string', d)} NOT NULL,
        batch_no ${sqlType('integer', d)} NOT NULL
        ${dialectOf(d).adapter.layout === 'indexes' ? ', PRIMARY KEY (resource_type, id)' : ''}
      )`,
      `CREATE TABLE store_meta (batch_count ${sqlType('integer', d)} NOT NULL, digest ${sqlType('string', d)} NOT NULL)`,
      `INSERT INTO store_meta VALUES (0, '')`,
    ],
  },
];

export const SCHEMA_VERSION_DDL =
  'CREATE TABLE IF NOT EXISTS schema_version (version INTEGER PRIMARY KEY, description TEXT)';

export function createTableSql(spec: TableSpec, d: DialectName, name = spec.name, temp = false): string {
  const cols = spec.columns.map((c) => `${c.name} ${sqlType(c.type, d)}`).join(', ');
  return `CREATE ${temp ? 'TEMP ' : ''}TABLE ${name} (${cols})`;
}

/**
 * PostgreSQL indexes for the cohort queries: every table by id (replacing a resource), by patient, and
 * by its {@link clusterKey} when that has two columns ((code, patient_id), or (setting, patient_id) for
 * encounters). DuckDB uses none: it scans columnar data with zone maps, which {@link clusterSql} makes
 * selective by ordering rows on the same key.
 */
export function indexSql(spec: TableSpec, d: DialectName): string[] {
  if (dialectOf(d).adapter.layout !== 'indexes') return [];
  const has = (c: string) => spec.columns.some((x) => x.name === c);
  const out = [`CREATE INDEX IF NOT EXISTS ${spec.name}_id_idx ON ${spec.name} (id)`];
  if (has('patient_id'))
    out.push(`CREATE INDEX IF NOT EXISTS ${spec.name}_patient_idx ON ${spec.name} (patient_id)`);
  const key = clusterKey(spec);
  if (key && key.length === 2) {
    out.push(`CREATE INDEX IF NOT EXISTS ${clusterIndexName(spec, key)} ON ${spec.name} (${key.join(', ')})`);
  }
  return out;
}

function clusterIndexName(spec: TableSpec, key: readonly string[]): string {
  return key.length === 2 ? `${spec.name}_${key[0]}_patient_idx` : `${spec.name}_patient_idx`;
}

/**
 * Order in which {@link clusterSql} sorts a table, or undefined when ordering would not help. The first
 * column is what cohort criteria filter on (a code; an encounter's care setting), so the filtered rows
 * sit together and DuckDB's zone maps skip the rest; patient_id second keeps each patient's rows
 * adjacent for the joins.
 */
export function clusterKey(spec: TableSpec): string[] | undefined {
  const has = (c: string) => spec.columns.some((x) => x.name === c);
  if (has('code') && has('patient_id')) return ['code', 'patient_id'];
  if (has('setting') && has('patient_id')) return ['setting', 'patient_id'];
  if (has('patient_id')) return ['patient_id'];
  return undefined;
}

export function clusterSql(spec: TableSpec, d: DialectName): string[] {
  const key = clusterKey(spec);
  if (dialectOf(d).adapter.layout === 'indexes') {
    if (!key) return [`ANALYZE ${spec.name}`];
    return [`CLUSTER ${spec.name} USING ${clusterIndexName(spec, key)}`, `ANALYZE ${spec.name}`];
  }
  if (!key) return [];
  // DuckDB has no CLUSTER; rewriting the table sorted makes its zone maps skip most row groups.
  const cols = spec.columns.map((c) => c.name).join(', ');
  // A persistent copy (not a temp table) so a large table can spill to disk instead of memory.
  return [
    `DROP TABLE IF EXISTS ${spec.name}__sorted`,
    `CREATE TABLE ${spec.name}__sorted AS SELECT ${cols} FROM ${spec.name} ORDER BY ${key.join(', ')}`,
    `DROP TABLE ${spec.name}`,
    `ALTER TABLE ${spec.name}__sorted RENAME TO ${spec.name}`,
  ];
}

/** Columns of the staging table for the batch's index entries. */
export const STAGE_INDEX_COLUMNS = [
  { name: 'resource_type', type: 'string' },
  { name: 'id', type: 'string' },
  { name: 'last_updated', type: 'instant' },
  { name: 'version_id', type: 'string' },
  { name: 'version_num', type: 'integer' },
  { name: 'content_hash', type: 'string' },
] as const;

export const STAGE_INDEX: TableSpec = { name: 'stage_index', resourceType: '', columns: STAGE_INDEX_COLUMNS };

export const stageName = (table: string) => `stage_${table}`;

/**
 * Decides each staged resource against the index: new, same (identical), older (ignored) or newer.
 * A version is older when its lastUpdated is earlier, or, with equal or absent lastUpdated, its integer
 * versionId is lower. Anything else with a different content hash replaces the stored one.
 */
export const DECIDE_SQL = `CREATE TEMP TABLE decided AS
SELECT s.*, CASE
  WHEN r.id IS NULL THEN 'new'
  WHEN s.content_hash = r.content_hash THEN 'same'
  WHEN COALESCE(s.last_updated < r.last_updated, false)
    OR (COALESCE(s.last_updated = r.last_updated, s.last_updated IS NULL AND r.last_updated IS NULL)
        AND COALESCE(s.version_num < r.version_num, false)) THEN 'older'
  ELSE 'newer' END AS decision
FROM stage_index s LEFT JOIN resource_index r ON r.resource_type = s.resource_type AND r.id = s.id`;

export const DECISION_COUNTS_SQL = `SELECT resource_type, decision, COUNT(*) AS n FROM decided GROUP BY resource_type, decision`;

/** Statements that replace the rows of one table for the written resources of its type. */
export function mergeTableSql(spec: TableSpec, rt: string, anyNewer: boolean, allWritten: boolean): string[] {
  const cols = spec.columns.map((c) => c.name).join(', ');
  const out: string[] = [];
  if (anyNewer) {
    out.push(
      `DELETE FROM ${spec.name} WHERE id IN (SELECT id FROM decided WHERE resource_type = '${rt}' AND decision = 'newer')`,
    );
  }
  out.push(
    allWritten
      ? `INSERT INTO ${spec.name} (${cols}) SELECT ${cols} FROM ${stageName(spec.name)}`
      : `INSERT INTO ${spec.name} (${cols}) SELECT ${cols} FROM ${stageName(spec.name)} WHERE id IN (SELECT id FROM decided WHERE resource_type = '${rt}' AND decision IN ('new', 'newer'))`,
  );
  return out;
}

/** Statements that record the batch's new and newer resources in resource_index under batch `batchNo`. */
export function mergeIndexSql(anyNewer: boolean, batchNo: number): string[] {
  const out: string[] = [];
  if (anyNewer) {
    out.push(`DELETE FROM resource_index WHERE EXISTS (SELECT 1 FROM decided d WHERE d.decision = 'newer'
      AND d.resource_type = resource_index.resource_type AND d.id = resource_index.id)`);
  }
  out.push(`INSERT INTO resource_index (resource_type, id, last_updated, version_id, version_num, content_hash, batch_no)
    SELECT resource_type, id, last_updated, version_id, version_num, content_hash, ${checkBatchNumber(batchNo)} FROM decided
    WHERE decision IN ('new', 'newer')`);
  return out;
}

const RT = /^[A-Za-z][A-Za-z0-9]*$/;
/** Resource types are interpolated into merge SQL, so they must be plain FHIR type names. */
export const isResourceTypeName = (s: string) => RT.test(s);
