import type { Dialect } from './dialect.ts';
import { SqlCompiler } from './sql-compiler.ts';

/** PostgreSQL: days as an interval from an integer with `make_interval`. */
export class PostgresCompiler extends SqlCompiler {
  override shiftDays(expr: string, sign: '+' | '-', days: number): string {
    return `(${expr} ${sign} make_interval(days => CAST(${this.param(days)} AS integer)))`;
  }

  override inTextArray(column: string, values: readonly string[]): string {
    return `${column} = ANY(CAST(${this.param([...values])} AS text[]))`;
  }
}

export const postgresDialect: Dialect = {
  name: 'postgres',
  createCompiler: () => new PostgresCompiler(),
  adapter: {
    columnTypes: {
      text: 'text',
      date: 'date',
      timestamp: 'timestamp',
      double: 'double precision',
      bigint: 'bigint',
      boolean: 'boolean',
    },
    layout: 'indexes',
  },
};
