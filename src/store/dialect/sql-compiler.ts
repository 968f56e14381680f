/** SQL text with its `$n` parameters; values are always bound, never written into the text. */
export interface CompiledQuery {
  readonly sql: string;
  readonly params: readonly unknown[];
}

/**
 * Builds the text of one query: binds values as `$n` parameters and writes the expressions whose syntax
 * differs between engines. Everything here is portable SQL except what a dialect overrides; one instance
 * numbers the parameters of one query, so queries built from parts (a cohort inside a feature query)
 * share one numbering.
 */
export abstract class SqlCompiler {
  private readonly values: unknown[] = [];

  /** Binds a value and returns its placeholder. */
  param(value: unknown): string {
    this.values.push(value);
    return `$${this.values.length}`;
  }

  /** The query text with the values bound so far. */
  compiled(sql: string): CompiledQuery {
    return { sql, params: [...this.values] };
  }

  /** `column IN ($a, $b, …)`. */
  inList(column: string, values: readonly unknown[]): string {
    return `${column} IN (${values.map((v) => this.param(v)).join(', ')})`;
  }

  /**
   * `column` is one of the text values, bound as ONE array parameter: for long lists (thousands of
   * patient ids), where one bound value per element would make a huge statement (PostgreSQL allows at
   * most 65,535 parameters).
   */
  abstract inTextArray(column: string, values: readonly string[]): string;

  /** `column` starts with one of the (bound) prefixes. */
  prefixes(column: string, values: readonly string[]): string {
    return values.map((v) => `starts_with(${column}, ${this.param(v)})`).join(' OR ');
  }

  /** The disjunction of the non-empty parts (`FALSE` when none). */
  anyOf(parts: readonly string[]): string {
    const kept = parts.filter((p) => p !== '');
    if (kept.length === 0) return 'FALSE';
    return kept.length === 1 ? kept[0]! : `(${kept.map((p) => `(${p})`).join(' OR ')})`;
  }

  /** A bound date as a timestamp at midnight. */
  timestamp(isoDate: string): string {
    return `CAST(${this.param(isoDate)} AS TIMESTAMP)`;
  }

  /** `expr` shifted by a (bound) number of days; the sign is `+` or `-`. */
  abstract shiftDays(expr: string, sign: '+' | '-', days: number): string;

  /** Whole years between a birth date and a moment; portable, no engine-specific age function. */
  ageYears(birth: string, at: string): string {
    return (
      `(extract(year from ${at}) - extract(year from ${birth}) - CASE WHEN ` +
      `extract(month from ${at}) * 100 + extract(day from ${at}) < ` +
      `extract(month from ${birth}) * 100 + extract(day from ${birth}) THEN 1 ELSE 0 END)`
    );
  }
}
