import { CohortSqlCompiler } from './cohort-sql-compiler.ts';

/** PostgreSQL: days as an interval from an integer with `make_interval`. */
export class PostgresCohortCompiler extends CohortSqlCompiler {
  protected override shiftDays(expr: string, sign: '+' | '-', days: number): string {
    return `(${expr} ${sign} make_interval(days => CAST(${this.param(days)} AS integer)))`;
  }
}
