import type { StationStore } from '../../store/station-store.ts';

/** Reference columns by naming convention of the table contract (views/README.md). */
const REFERENCE_COLUMNS = { patient_id: 'patient', encounter_id: 'encounter' } as const;

/**
 * Rows written since `fromBatch` whose patient_id / encounter_id names no row of the patient /
 * encounter table, after the whole ingest (so the order of files does not matter). They are warnings,
 * not errors: bulk exports often reference resources outside the export, and the row is still useful;
 * the profile and cohort queries join on these ids and simply do not match them.
 */
export async function danglingReferences(store: StationStore, fromBatch: number): Promise<string[]> {
  const warnings: string[] = [];
  const names = new Set(store.tables.map((t) => t.name));
  for (const t of store.tables) {
    for (const [column, target] of Object.entries(REFERENCE_COLUMNS)) {
      if (!t.columns.some((c) => c.name === column) || !names.has(target) || t.name === target) continue;
      const rows = await store.query(
        `SELECT COUNT(*) AS n FROM ${t.name} t
         WHERE t.${column} IS NOT NULL
           AND EXISTS (SELECT 1 FROM resource_index r
                       WHERE r.resource_type = $1 AND r.id = t.id AND r.batch_no >= $2)
           AND NOT EXISTS (SELECT 1 FROM ${target} x WHERE x.id = t.${column})`,
        [t.resourceType, fromBatch],
      );
      const n = Number(rows[0]?.n ?? 0);
      if (n > 0) warnings.push(`${t.name}.${column}: ${n} row(s) reference a ${target} not in the store`);
    }
  }
  return warnings;
}
