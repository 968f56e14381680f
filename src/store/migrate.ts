import type { PreparedBatch } from './batch-builder.ts';
import type { DialectName } from './dialect/dialect.ts';
import type { WriteResult } from './station-store.ts';
import { createTableSql, indexSql } from './store-sql.ts';
import { sqlType, type TableSpec } from './table-spec.ts';

type Exec = (sql: string, params?: unknown[]) => Promise<Record<string, unknown>[]>;

/**
 * Brings the view tables in line with the views: creates missing tables, adds missing columns (a view
 * that gains a column is a migration too). Columns are never dropped: data would be lost silently.
 */
export async function syncViewTables(
  tables: readonly TableSpec[],
  d: DialectName,
  exec: Exec,
): Promise<void> {
  const existing = await exec(
    `SELECT table_name, column_name FROM information_schema.columns WHERE table_schema = current_schema() AND table_catalog = current_database()`,
  );
  const have = new Map<string, Set<string>>();
  for (const r of existing) {
    const t = String(r.table_name);
    if (!have.has(t)) have.set(t, new Set());
    have.get(t)!.add(String(r.column_name));
  }
  for (const spec of tables) {
    const cols = have.get(spec.name);
    if (!cols) {
      await exec(createTableSql(spec, d));
    } else {
      for (const c of spec.columns) {
        if (!cols.has(c.name))
          await exec(`ALTER TABLE ${spec.name} ADD COLUMN ${c.name} ${sqlType(c.type, d)}`);
      }
    }
    for (const s of indexSql(spec, d)) await exec(s);
  }
}

interface TypeTotals {
  staged: number;
  written: number;
  newer: number;
}

/** Folds the per-type decision counts of a batch into the batch result. */
export function decisionTotals(
  counts: readonly { resourceType: string; decision: string; n: number }[],
  prepared: PreparedBatch,
): { byType: Map<string, TypeTotals>; newer: number; result: WriteResult } {
  const byType = new Map<string, TypeTotals>();
  let written = 0;
  let unchanged = prepared.duplicates;
  let ignored = 0;
  let newer = 0;
  for (const c of counts) {
    const t = byType.get(c.resourceType) ?? {
      staged: prepared.staged.get(c.resourceType) ?? 0,
      written: 0,
      newer: 0,
    };
    byType.set(c.resourceType, t);
    if (c.decision === 'new' || c.decision === 'newer') {
      t.written += c.n;
      written += c.n;
    }
    if (c.decision === 'newer') {
      t.newer += c.n;
      newer += c.n;
    }
    if (c.decision === 'same') unchanged += c.n;
    if (c.decision === 'older') ignored += c.n;
  }
  return { byType, newer, result: { written, unchanged, ignored } };
}
