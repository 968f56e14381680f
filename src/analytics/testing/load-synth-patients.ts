import type { DuckDBConnection } from '@duckdb/node-api';
import { platformViews } from '../../station/ingest/default-ingest-deps.ts';
import { normaliseDate, normaliseDateTime } from '../../store/fhir-values.ts';
import type { GeneratedPatient } from '../../synth/patient-generator.ts';

const TABLES = ['patient', 'encounter', 'condition', 'cost', 'consent', 'procedure'] as const;

/**
 * Writes generated patients into a memory station's tables through the platform's own ViewDefinitions
 * (views/), the rows an ingest would store (without pseudonymisation: tests and benches only). Much
 * faster than writing FHIR files and ingesting them, so tests can use populations large enough to
 * recover planted effects.
 */
export async function loadSynthPatients(
  connection: DuckDBConnection,
  patients: Iterable<GeneratedPatient>,
): Promise<number> {
  const views = await platformViews();
  const plans = [];
  for (const table of TABLES) {
    const view = views.find((v) => v.name === table);
    if (!view) throw new Error(`no view for table ${table}`);
    const info = (await connection.runAndReadAll(`PRAGMA table_info('${table}')`)).getRowObjectsJS();
    const names = info.map((r) => String(r.name));
    const index = names.map((n) => view.columns.findIndex((c) => c.name === n));
    const kinds = index.map((i) => (i >= 0 ? (view.columns[i]!.type ?? 'string') : 'string'));
    plans.push({ table, view, index, kinds, appender: await connection.createAppender(table) });
  }
  let count = 0;
  for (const p of patients) {
    count++;
    for (const plan of plans) {
      const resources =
        (p.resources as unknown as Record<string, Record<string, unknown>[]>)[plan.view.resourceType] ?? [];
      for (const r of resources) {
        const rows = plan.view.rows
          ? plan.view.rows(r)
          : plan.view.compiled(r).map((o) => plan.view.columns.map((c) => o[c.name]));
        for (const row of rows) {
          plan.index.forEach((i, c) => {
            const v = i >= 0 ? row[i] : null;
            const kind = plan.kinds[c]!;
            if (v === null || v === undefined) plan.appender.appendNull();
            else if (kind === 'date') {
              const d = normaliseDate(String(v));
              if (d === undefined) plan.appender.appendNull();
              else plan.appender.appendVarchar(d);
            } else if (kind === 'dateTime' || kind === 'instant') {
              const d = normaliseDateTime(String(v));
              if (d === undefined) plan.appender.appendNull();
              else plan.appender.appendVarchar(d);
            } else if (typeof v === 'number') plan.appender.appendDouble(v);
            else plan.appender.appendVarchar(String(v));
          });
          plan.appender.endRow();
        }
      }
    }
  }
  for (const plan of plans) {
    plan.appender.flushSync();
    plan.appender.closeSync();
  }
  return count;
}
