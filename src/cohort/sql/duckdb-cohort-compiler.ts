import { CohortSqlCompiler } from './cohort-sql-compiler.ts';

/** DuckDB: days as an interval from an integer with `to_days`. */
export class DuckDbCohortCompiler extends CohortSqlCompiler {
  protected override shiftDays(expr: string, sign: '+' | '-', days: number): string {
    return `(${expr} ${sign} to_days(CAST(${this.param(days)} AS INTEGER)))`;
  }
}
