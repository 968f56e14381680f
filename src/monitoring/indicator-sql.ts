import type { SqlCompiler } from '../store/dialect/sql-compiler.ts';
import type { IndicatorKey } from './indicators.ts';

/**
 * The events of one indicator as rows `(patient_id, t, v)`: the patient, the moment that places the
 * event in a month, and its value (1 for a count). Portable SQL; the one engine-specific expression
 * (shifting by days) comes from the dialect's compiler.
 */
export function indicatorEventsSql(key: IndicatorKey, q: SqlCompiler): string {
  switch (key) {
    case 'ed-visits':
      return "SELECT patient_id, start_time AS t, 1.0 AS v FROM encounter WHERE class_code = 'EMER'";
    case 'unplanned-admissions':
      return "SELECT patient_id, start_time AS t, 1.0 AS v FROM encounter WHERE class_code = 'IMP' AND priority = 'EM'";
    case 'readmission-30d':
      return (
        "SELECT r.patient_id, r.start_time AS t, 1.0 AS v FROM encounter r WHERE r.class_code = 'IMP' AND r.priority = 'EM' " +
        "AND EXISTS (SELECT 1 FROM encounter a WHERE a.patient_id = r.patient_id AND a.class_code = 'IMP' " +
        `AND a.id <> r.id AND a.end_time IS NOT NULL AND a.end_time <= r.start_time AND r.start_time < ${q.shiftDays('a.end_time', '+', 30)})`
      );
    case 'length-of-stay':
      return (
        'SELECT patient_id, start_time AS t, CAST(CAST(end_time AS DATE) - CAST(start_time AS DATE) AS FLOAT8) AS v ' +
        "FROM encounter WHERE class_code = 'IMP' AND end_time IS NOT NULL"
      );
    case 'cost':
      return 'SELECT patient_id, billable_start AS t, CAST(total AS FLOAT8) AS v FROM cost WHERE total IS NOT NULL';
    case 'gp-virtual-contacts':
      return "SELECT patient_id, start_time AS t, 1.0 AS v FROM encounter WHERE setting IN ('gp', 'virtual')";
  }
}

/** Month number (year · 12 + month − 1) of a timestamp expression, portable. */
export function monthNumberSql(expr: string): string {
  return `CAST(EXTRACT(YEAR FROM ${expr}) * 12 + EXTRACT(MONTH FROM ${expr}) - 1 AS INTEGER)`;
}
