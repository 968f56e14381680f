import type { Dialect } from './dialect.ts';
import { SqlCompiler } from './sql-compiler.ts';

/** DuckDB: days as an interval from an integer with `to_days`. */
export class DuckDbCompiler extends SqlCompiler {
  override shiftDays(expr: string, sign: '+' | '-', days: number): string {
    return `(${expr} ${sign} to_days(CAST(${this.param(days)} AS INTEGER)))`;
  }

  override inTextArray(column: string, values: readonly string[]): string {
    return `${column} IN (SELECT UNNEST(CAST(${this.param([...values])} AS VARCHAR[])))`;
  }
}

export const duckdbDialect: Dialect = {
  name: 'duckdb',
  createCompiler: () => new DuckDbCompiler(),
  adapter: {
    columnTypes: {
      text: 'VARCHAR',
      date: 'DATE',
      timestamp: 'TIMESTAMP',
      double: 'DOUBLE',
      bigint: 'BIGINT',
      boolean: 'BOOLEAN',
    },
    layout: 'zone-maps',
  },
};
