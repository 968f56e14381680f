import { describe, expect, it } from 'vitest';
import { DialectNames } from './dialect.ts';
import { dialectOf } from './dialects.ts';

describe('SqlCompiler of each dialect', () => {
  it('writes only date arithmetic differently, numbering one query’s parameters in order', () => {
    const shifted = DialectNames.map((name) => {
      const q = dialectOf(name).createCompiler();
      const where = [q.inList('code', ['a', "b' OR '1'='1"]), q.prefixes('icd10', ['E11'])];
      const sql = `SELECT * FROM t WHERE ${q.anyOf(where)} AND t < ${q.shiftDays(q.timestamp('2024-01-01'), '+', 1)}`;
      return { name, ...q.compiled(sql) };
    });
    expect(shifted.map((s) => s.sql)).toEqual([
      'SELECT * FROM t WHERE ((code IN ($1, $2)) OR (starts_with(icd10, $3))) AND t < (CAST($4 AS TIMESTAMP) + to_days(CAST($5 AS INTEGER)))',
      'SELECT * FROM t WHERE ((code IN ($1, $2)) OR (starts_with(icd10, $3))) AND t < (CAST($4 AS TIMESTAMP) + make_interval(days => CAST($5 AS integer)))',
    ]);
    for (const s of shifted) expect(s.params).toEqual(['a', "b' OR '1'='1", 'E11', '2024-01-01', 1]);
  });

  it('gives every storage kind a column type on every engine', () => {
    expect(dialectOf('duckdb').adapter.columnTypes.double).toBe('DOUBLE');
    expect(dialectOf('postgres').adapter.columnTypes.double).toBe('double precision');
    expect(DialectNames.map((n) => dialectOf(n).adapter.layout)).toEqual(['zone-maps', 'indexes']);
  });
});
