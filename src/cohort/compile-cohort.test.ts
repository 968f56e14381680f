import { describe, expect, it } from 'vitest';
import { parseCohort } from './cohort-definition.ts';
import { compileCohort } from './compile-cohort.ts';

const EVIL = "E11'); DROP TABLE patient; --";

const def = parseCohort({
  name: 'x',
  entry: {
    event: { domain: 'condition', codes: [EVIL, '44054006'], icd10: ['E11%'] },
    dateRange: { from: '2020-01-01' },
  },
  demographics: { age: { min: 40 }, regions: ["Zeeland' OR '1'='1"] },
  inclusion: [
    {
      event: { domain: 'observation', codes: ['4548-4'], value: { gt: 53 } },
      window: { direction: 'after', days: 365 },
    },
  ],
  exclusion: [
    { event: { domain: 'medication', atcPrefixes: ['A10'] }, occurrence: { type: 'atLeast', count: 3 } },
  ],
});

describe('compileCohort', () => {
  it('binds every value as a parameter, never as SQL text', () => {
    for (const dialect of ['duckdb', 'postgres'] as const) {
      const c = compileCohort(def, { dialect, purpose: "research'--" });
      for (const q of [c.count, c.patients, c.attritionMembers, c.characterisationMembers]) {
        expect(q.sql).not.toContain('DROP');
        expect(q.sql).not.toContain('Zeeland');
        expect(q.sql).not.toContain("research'");
        expect(q.params).toContain(EVIL);
        expect(q.params).toContain("research'--");
        // Every placeholder has a value and every value a placeholder.
        const used = new Set([...q.sql.matchAll(/\$(\d+)/g)].map((m) => Number(m[1])));
        expect(used.size).toBe(q.params.length);
        expect(Math.max(...used)).toBe(q.params.length);
      }
    }
  });

  it('shares the SQL between dialects except for date arithmetic', () => {
    const duck = compileCohort(def, { dialect: 'duckdb', purpose: 'research' });
    const pg = compileCohort(def, { dialect: 'postgres', purpose: 'research' });
    expect(duck.count.params).toEqual(pg.count.params);
    expect(duck.count.sql).toContain('to_days(CAST($');
    expect(pg.count.sql).toContain('make_interval(days => CAST($');
    const strip = (s: string) =>
      s
        .replace(/to_days\(CAST\((\$\d+) AS INTEGER\)\)/g, 'D($1)')
        .replace(/make_interval\(days => CAST\((\$\d+) AS integer\)\)/g, 'D($1)');
    expect(strip(duck.count.sql)).toBe(strip(pg.count.sql));
  });

  it('uses semi-joins for "at least one" and one grouped join for other counts', () => {
    const c = compileCohort(def, { dialect: 'duckdb', purpose: 'research' });
    const s3 = c.count.sql.split('\n').find((l) => l.startsWith('s3 AS'));
    expect(s3).toContain(
      'WHERE EXISTS (SELECT 1 FROM (SELECT patient_id, effective_time AS t FROM observation WHERE code IN',
    );
    const s4 = c.count.sql.split('\n').find((l) => l.startsWith('s4 AS'));
    expect(s4).toContain(
      'LEFT JOIN (SELECT patient_id, authored_on AS t FROM medication WHERE starts_with(code, $',
    );
    expect(s4).toContain('HAVING NOT (count(ev.patient_id) >= $');
    expect(c.plan.steps.map((s) => s.label)).toEqual([
      'entry: first condition event',
      'age 40–… at entry',
      "region: Zeeland' OR '1'='1",
      'include 1: at least 1 observation event(s) within 365 days after entry',
      'exclude 1: at least 3 medication event(s)',
    ]);
  });

  it('gives equal criteria equal keys whatever the order of codes', () => {
    const a = parseCohort({ name: 'a', entry: { event: { domain: 'condition', codes: ['2', '1'] } } });
    const b = parseCohort({
      name: 'b',
      codeSets: { s: { codes: ['1', '2'] } },
      entry: { event: { domain: 'condition', codeSet: 's' } },
    });
    const ka = compileCohort(a, { dialect: 'duckdb', purpose: 'research' }).plan.steps[0]?.key;
    const kb = compileCohort(b, { dialect: 'duckdb', purpose: 'research' }).plan.steps[0]?.key;
    expect(ka).toBe(kb);
  });
});
