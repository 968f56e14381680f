import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DialectName } from '../store/dialect/dialect.ts';
import { dropSchema, freshSchema, postgresAvailable } from '../test-support/postgres.ts';
import { parseCohort } from './cohort-definition.ts';
import { attritionMembers } from './cohort-members.ts';
import { compileCohort } from './compile-cohort.ts';
import {
  duckdbStation,
  postgresStation,
  type QueryFn,
  randomStation,
} from './test-support/random-station.ts';

/**
 * Each cohort's compiled count must equal an independent, hand-written query over the same tables,
 * on DuckDB and on PostgreSQL, and both engines must give the same numbers for the same compiled SQL.
 */
const PURPOSE = 'research';
const NOT_OBJECTED = `patient_id NOT IN (SELECT patient_id FROM consent WHERE decision = 'deny' AND purpose = '${PURPOSE}')`;

const cases: { name: string; cohort: unknown; handSql: string }[] = [
  {
    name: 'type 2 diabetes, age 40–80, HbA1c > 53 mmol/mol within 365 days after diagnosis',
    cohort: {
      name: 't2d',
      entry: { event: { domain: 'condition', codes: ['44054006'] } },
      demographics: { age: { min: 40, max: 80 } },
      inclusion: [
        {
          event: { domain: 'observation', codes: ['4548-4'], unit: 'mmol/mol', value: { gt: 53 } },
          window: { direction: 'after', days: 365 },
        },
      ],
    },
    handSql: `
      WITH f AS (SELECT patient_id, min(onset_date) AS d FROM condition WHERE code = '44054006' AND onset_date IS NOT NULL GROUP BY patient_id)
      SELECT count(*) AS n FROM f JOIN patient p ON p.id = f.patient_id
      WHERE f.${NOT_OBJECTED}
        AND p.birth_date + INTERVAL '40 years' <= f.d AND p.birth_date + INTERVAL '81 years' > f.d
        AND f.patient_id IN (SELECT o.patient_id FROM observation o JOIN f f2 ON f2.patient_id = o.patient_id
          WHERE o.code = '4548-4' AND o.unit = 'mmol/mol' AND o.value > 53
            AND o.effective_time >= f2.d AND o.effective_time <= f2.d + INTERVAL '365 days')`,
  },
  {
    name: 'elderly 75+ with at least 2 ED visits in the year before their first encounter of 2021–2023',
    cohort: {
      name: 'frail',
      entry: {
        event: { domain: 'encounter', classCodes: ['AMB', 'EMER', 'IMP', 'VR'] },
        dateRange: { from: '2021-01-01', to: '2023-12-31' },
      },
      demographics: { age: { min: 75 } },
      inclusion: [
        {
          event: { domain: 'encounter', settings: ['ed'] },
          window: { direction: 'before', days: 365 },
          occurrence: { type: 'atLeast', count: 2 },
        },
      ],
    },
    handSql: `
      WITH f AS (SELECT patient_id, min(start_time) AS d FROM encounter
                 WHERE start_time >= TIMESTAMP '2021-01-01' AND start_time < TIMESTAMP '2024-01-01' GROUP BY patient_id),
      ed AS (SELECT f.patient_id, count(*) AS k FROM f JOIN encounter e ON e.patient_id = f.patient_id
             WHERE e.setting = 'ed' AND e.start_time < f.d AND e.start_time >= f.d - INTERVAL '365 days' GROUP BY f.patient_id)
      SELECT count(*) AS n FROM f JOIN patient p ON p.id = f.patient_id JOIN ed ON ed.patient_id = f.patient_id
      WHERE f.${NOT_OBJECTED} AND p.birth_date + INTERVAL '75 years' <= f.d AND ed.k >= 2`,
  },
  {
    name: 'heart failure (ICD-10 I50) with an unplanned admission within a year, no procedure 80146002, not in Zeeland',
    cohort: {
      name: 'hf',
      entry: { event: { domain: 'condition', icd10: ['I50'] } },
      demographics: { regions: ['Utrecht', 'Groningen', 'Limburg'] },
      inclusion: [
        {
          event: { domain: 'encounter', classCodes: ['IMP'], priorities: ['EM'] },
          window: { direction: 'after', days: 365 },
        },
      ],
      exclusion: [{ event: { domain: 'procedure', codes: ['80146002'] } }],
    },
    handSql: `
      WITH f AS (SELECT patient_id, min(onset_date) AS d FROM condition WHERE icd10 LIKE 'I50%' AND onset_date IS NOT NULL GROUP BY patient_id)
      SELECT count(*) AS n FROM f JOIN patient p ON p.id = f.patient_id
      WHERE f.${NOT_OBJECTED} AND p.region IN ('Utrecht', 'Groningen', 'Limburg')
        AND EXISTS (SELECT 1 FROM encounter e WHERE e.patient_id = f.patient_id AND e.class_code = 'IMP' AND e.priority = 'EM'
                    AND e.start_time >= f.d AND e.start_time <= f.d + INTERVAL '365 days')
        AND f.patient_id NOT IN (SELECT patient_id FROM procedure WHERE code = '80146002')`,
  },
  {
    name: 'COPD (any diagnosis event), female, telemonitoring within 180 days around, at most 1 R03 prescription after',
    cohort: {
      name: 'copd',
      entry: { event: { domain: 'condition', codes: ['13645005'] }, occurrence: 'all' },
      demographics: { sex: ['female'] },
      inclusion: [
        {
          event: { domain: 'encounter', virtualKinds: ['telemonitoring'] },
          window: { direction: 'around', days: 180 },
        },
        {
          event: { domain: 'medication', atcPrefixes: ['R03'] },
          window: { direction: 'after', days: 365 },
          occurrence: { type: 'atMost', count: 1 },
        },
      ],
    },
    handSql: `
      WITH ent AS (SELECT DISTINCT patient_id, onset_date AS d FROM condition WHERE code = '13645005' AND onset_date IS NOT NULL),
      q AS (
        SELECT ent.patient_id, ent.d FROM ent JOIN patient p ON p.id = ent.patient_id
        WHERE ent.${NOT_OBJECTED} AND p.sex = 'female'
          AND EXISTS (SELECT 1 FROM encounter e WHERE e.patient_id = ent.patient_id AND e.virtual_kind = 'telemonitoring'
                      AND e.start_time >= ent.d - INTERVAL '180 days' AND e.start_time <= ent.d + INTERVAL '180 days')
          AND (SELECT count(*) FROM medication m WHERE m.patient_id = ent.patient_id AND m.code LIKE 'R03%'
               AND m.authored_on >= ent.d AND m.authored_on <= ent.d + INTERVAL '365 days') <= 1)
      SELECT count(DISTINCT patient_id) AS n FROM q`,
  },
  {
    name: 'diabetes medication (A10) and exactly 2 HbA1c tests ever, excluding hypertension',
    cohort: {
      name: 'a10',
      codeSets: { hba1c: { codes: ['4548-4'] } },
      entry: { event: { domain: 'medication', atcPrefixes: ['A10'] } },
      inclusion: [
        { event: { domain: 'observation', codeSet: 'hba1c' }, occurrence: { type: 'exactly', count: 2 } },
      ],
      exclusion: [{ event: { domain: 'condition', codes: ['38341003'] } }],
    },
    handSql: `
      WITH f AS (SELECT patient_id, min(authored_on) AS d FROM medication WHERE code LIKE 'A10%' AND authored_on IS NOT NULL GROUP BY patient_id)
      SELECT count(*) AS n FROM f JOIN patient p ON p.id = f.patient_id
      WHERE f.${NOT_OBJECTED}
        AND (SELECT count(*) FROM observation o WHERE o.patient_id = f.patient_id AND o.code = '4548-4') = 2
        AND f.patient_id NOT IN (SELECT patient_id FROM condition WHERE code = '38341003')`,
  },
];

const tables = randomStation(7, 1500);

const EVIL = parseCohort({
  name: 'injection',
  entry: {
    event: {
      domain: 'condition',
      codes: ["44054006') OR 1=1; DROP TABLE patient; --"],
      icd10: ["E11' OR '1'='1"],
    },
  },
  demographics: { regions: ["Utrecht' OR 'x'='x"], municipalities: ['"; DELETE FROM consent; --'] },
});

async function compiledCounts(query: QueryFn, dialect: DialectName) {
  const out: Record<string, { compiled: number; hand: number; attrition: number[] }> = {};
  for (const c of cases) {
    const compiled = compileCohort(parseCohort(c.cohort), { dialect, purpose: PURPOSE });
    const [row] = await query(compiled.count.sql, compiled.count.params);
    const [hand] = await query(c.handSql);
    const attrition = await attritionMembers(query, compiled);
    out[c.name] = {
      compiled: Number(row?.n),
      hand: Number(hand?.n),
      attrition: attrition.map((s) => s.patients.length),
    };
  }
  // Injection attempts are values: they match nothing and leave the tables intact.
  const evil = compileCohort(EVIL, { dialect, purpose: "research' OR '1'='1" });
  const [injected] = await query(evil.count.sql, evil.count.params);
  const [patients] = await query('SELECT count(*) AS n FROM patient');
  const [consents] = await query('SELECT count(*) AS n FROM consent');
  out.injection = {
    compiled: Number(injected?.n),
    hand: 0,
    attrition: [Number(patients?.n), Number(consents?.n)],
  };
  return out;
}

describe('compiled cohort counts', () => {
  let duck: Awaited<ReturnType<typeof compiledCounts>>;
  let pgCounts: Awaited<ReturnType<typeof compiledCounts>> | undefined;
  let schema: string | undefined;

  beforeAll(async () => {
    const d = await duckdbStation(tables);
    duck = await compiledCounts(d.query, 'duckdb');
    d.close();
    if (await postgresAvailable()) {
      schema = await freshSchema('cohort');
      const p = await postgresStation(tables, schema);
      try {
        pgCounts = await compiledCounts(p.query, 'postgres');
      } finally {
        await p.close();
      }
    }
  });
  afterAll(async () => {
    if (schema) await dropSchema(schema);
  });

  it('treats injection attempts in codes, strings and the purpose as plain values on both engines', () => {
    expect(duck.injection).toEqual({
      compiled: 0,
      hand: 0,
      attrition: [tables.patient.length, tables.consent.length],
    });
    if (pgCounts) expect(pgCounts.injection).toEqual(duck.injection);
  });

  for (const c of cases) {
    it(`DuckDB: ${c.name}`, () => {
      const r = duck[c.name]!;
      expect(r.compiled).toBe(r.hand);
      expect(r.compiled).toBeGreaterThan(0);
      expect(r.attrition.at(-1)).toBe(r.compiled);
      for (let i = 1; i < r.attrition.length; i++)
        expect(r.attrition[i]!).toBeLessThanOrEqual(r.attrition[i - 1]!);
    });
    it(`PostgreSQL: ${c.name}`, (ctx) => {
      if (!pgCounts) return ctx.skip();
      const r = pgCounts[c.name]!;
      expect(r.compiled).toBe(r.hand);
      expect(r).toEqual(duck[c.name]);
    });
  }
});
