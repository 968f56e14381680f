import { describe, expect, it } from 'vitest';
import { parseCohort } from '../../cohort/cohort-definition.ts';
import type { ModelSpec } from './feature-spec.ts';
import { featureSql, populationSql } from './feature-sql.ts';

const spec: ModelSpec = {
  population: {
    indexDate: '2024-01-01',
    minAge: 18,
    regions: ["Utrecht' OR '1'='1"],
    cohort: parseCohort({
      name: 'T2D',
      entry: { event: { domain: 'condition', codes: ["44054006'); DROP TABLE patient; --"] } },
      inclusion: [
        {
          event: { domain: 'observation', codes: ['4548-4'], value: { gt: 53 } },
          window: { direction: 'after', days: 365 },
        },
      ],
    }),
  },
  features: [
    { kind: 'age', name: 'age' },
    { kind: 'condition', name: 'diabetes', codes: ['44054006'] },
    { kind: 'encounters', name: 'gp', setting: 'gp', days: 365 },
  ],
  outcome: { kind: 'unplanned-admission', days: 365 },
};

/** Placeholders used in the text, in order of first use. */
const placeholders = (sql: string) => [...new Set([...sql.matchAll(/\$(\d+)/g)].map((m) => Number(m[1])))];

describe('featureSql', () => {
  it('is one query with one numbering of its parameters, the cohort compiled inside it', () => {
    const q = featureSql(spec, "research' OR '1'='1", 'postgres');
    const used = placeholders(q.sql).sort((a, b) => a - b);
    expect(used).toEqual(q.params.map((_, i) => i + 1));
    expect(q.params[0]).toBe('2024-01-01');
    // Values travel as parameters, never as text.
    for (const evil of ["OR '1'='1", 'DROP TABLE', "Utrecht'"]) expect(q.sql).not.toContain(evil);
    expect(q.params).toEqual(
      expect.arrayContaining([
        "research' OR '1'='1",
        "Utrecht' OR '1'='1",
        "44054006'); DROP TABLE patient; --",
      ]),
    );
  });

  it('differs between dialects only in date arithmetic', () => {
    const duck = featureSql(spec, 'research', 'duckdb');
    const pg = featureSql(spec, 'research', 'postgres');
    expect(duck.params).toEqual(pg.params);
    const strip = (s: string) =>
      s
        .replace(/to_days\(CAST\((\$\d+) AS INTEGER\)\)/g, 'D($1)')
        .replace(/make_interval\(days => CAST\((\$\d+) AS integer\)\)/g, 'D($1)');
    expect(duck.sql).toContain('to_days(');
    expect(pg.sql).toContain('make_interval(');
    expect(strip(duck.sql)).toBe(strip(pg.sql));
  });

  it('removes objectors with the cohort layer’s one rule, in the population and in its cohort', () => {
    const q = populationSql(spec.population, 'research');
    const rule =
      /NOT EXISTS \(SELECT 1 FROM consent c WHERE c\.patient_id = (\S+) AND c\.decision = 'deny' AND c\.purpose = \$\d+\)/g;
    expect([...q.sql.matchAll(rule)].map((m) => m[1])).toEqual(['p.id', 'x.patient_id']);
  });
});
