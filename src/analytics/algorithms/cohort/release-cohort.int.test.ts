import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../common/app-error.ts';
import { areNeighbours, MemoryLedger } from '../privacy/disclosure/disclosure-ledger.ts';
import { dropSchema, freshSchema, postgresAvailable } from '../test-support/postgres.ts';
import { type CohortDefinitionInput, parseCohort } from './cohort-definition.ts';
import type { CohortResult } from './cohort-result.ts';
import { combineCohortResults } from './combine-cohort-results.ts';
import { compileCohort } from './compile-cohort.ts';
import { runCohort } from './run-cohort.ts';
import {
  CONDITIONS,
  postgresStation,
  type QueryFn,
  REGIONS,
  randomStation,
  storeStation,
} from './test-support/random-station.ts';

const PURPOSE = 'research';
const stations: { id: string; query: QueryFn; close: () => Promise<void> }[] = [];

beforeAll(async () => {
  for (const seed of [11, 12]) {
    const s = await storeStation(randomStation(seed, 500));
    stations.push({ id: `station-${seed}`, ...s });
  }
});
afterAll(async () => {
  for (const s of stations) await s.close();
});

async function exactAttrition(query: QueryFn, def: CohortDefinitionInput): Promise<number[]> {
  const c = compileCohort(parseCohort(def), { dialect: 'duckdb', purpose: PURPOSE });
  return (await query(c.attrition.sql, c.attrition.params)).map((r) => Number(r.n));
}

const t2d = (maxAge: number): CohortDefinitionInput => ({
  name: 't2d',
  entry: { event: { domain: 'condition', codes: ['44054006', '38341003', '84114007'] } },
  demographics: { age: { min: 20, max: maxAge } },
});

describe('runCohort', () => {
  it('releases the disclosed count, attrition and characterisation', async () => {
    const s = stations[0]!;
    const exact = await exactAttrition(s.query, t2d(90));
    const r = await runCohort(s.query, 'duckdb', parseCohort(t2d(90)), {
      purpose: PURPOSE,
      disclosure: { threshold: 10, rounding: 5 },
      ledger: new MemoryLedger(),
      permitId: 'p',
    });
    expect(exact.at(-1)).toBeGreaterThan(50);
    expect(r.count.value).toBe(Math.floor(exact.at(-1)! / 5 + 0.5) * 5);
    expect(r.attrition.map((a) => a.label)).toEqual(['entry: first condition event', 'age 20–90 at entry']);
    const ch = r.characterisation!;
    expect(ch.totals.regions).toBe(ch.regions.reduce((s, c) => s + (c.count.value ?? 0), 0));
    expect(ch.regions.map((c) => c.region)).toEqual(expect.arrayContaining(['Utrecht', 'Zeeland']));
    expect(ch.conditions.map((c) => c.code)).toEqual(expect.arrayContaining(['44054006']));
    for (const cell of [...ch.ageSex, ...ch.regions, ...ch.conditions, ...ch.observations]) {
      if (cell.count.value !== null) expect(cell.count.value % 5).toBe(0);
      if (cell.count.value !== null) expect(cell.count.value).toBeGreaterThanOrEqual(10);
    }
    const hba1c = ch.observations.find((o) => o.code === '4548-4' && o.unit === 'mmol/mol');
    expect(hba1c?.mean).toBeGreaterThan(30);
    expect(hba1c?.mean).toBeLessThan(90);
  });

  it('refuses a cohort that differs in one criterion by a small group, allows repeats and big differences', async () => {
    const s = stations[0]!;
    // Find two age limits whose exact counts differ by 1..9 and two that differ by 0 or >= 10.
    const finals = new Map<number, number>();
    for (let max = 40; max <= 95; max++) finals.set(max, (await exactAttrition(s.query, t2d(max))).at(-1)!);
    let risky: [number, number] | undefined;
    for (let max = 41; max <= 95 && !risky; max++) {
      const d = finals.get(max)! - finals.get(max - 1)!;
      if (d > 0 && d < 10 && finals.get(max - 1)! >= 10) risky = [max - 1, max];
    }
    expect(risky).toBeDefined();
    const opts = {
      purpose: PURPOSE,
      disclosure: { threshold: 10, rounding: 5 },
      ledger: new MemoryLedger(),
      permitId: 'p1',
    };
    await runCohort(s.query, 'duckdb', parseCohort(t2d(risky![0])), opts);
    await runCohort(s.query, 'duckdb', parseCohort(t2d(risky![0])), opts);
    const attempt = runCohort(s.query, 'duckdb', parseCohort(t2d(risky![1])), opts);
    await expect(attempt).rejects.toBeInstanceOf(AppError);
    await expect(attempt).rejects.toMatchObject({ details: { reason: 'disclosure-risk' } });
    // Under another permit the same question is a first question.
    await runCohort(s.query, 'duckdb', parseCohort(t2d(risky![1])), { ...opts, permitId: 'p2' });

    // Adding a criterion as the last step: the answer repeats the count of the step before (adjusted),
    // so it equals the earlier answer and reveals nothing; the ledger lets it pass.
    const base = t2d(95);
    const baseExact = finals.get(95)!;
    let atEnd: CohortDefinitionInput | undefined;
    for (const code of ['80146002', '232717009', '71651007', 'A10', 'C03', 'R03', 'N02']) {
      const event = /^\d/.test(code)
        ? { domain: 'procedure' as const, codes: [code] }
        : { domain: 'medication' as const, atcPrefixes: [code] };
      const candidate = {
        ...base,
        exclusion: [{ event, window: { direction: 'after' as const, days: 30 } }],
      };
      const d = baseExact - (await exactAttrition(s.query, candidate)).at(-1)!;
      if (d > 0 && d < 10) atEnd = candidate;
    }
    expect(atEnd).toBeDefined();
    const ledger = new MemoryLedger();
    const first = await runCohort(s.query, 'duckdb', parseCohort(base), { ...opts, ledger });
    const second = await runCohort(s.query, 'duckdb', parseCohort(atEnd!), { ...opts, ledger });
    expect(second.attrition.at(-1)?.adjusted).toBe(true);
    expect(second.count).toEqual(first.count);

    // Adding a criterion before others (sex, which comes before the inclusion criteria) that removes a
    // small group from the final cohort: refused.
    const withLab: CohortDefinitionInput = {
      ...base,
      inclusion: [{ event: { domain: 'observation', codes: ['4548-4', '8480-6'] } }],
    };
    const withSex: CohortDefinitionInput = {
      ...withLab,
      demographics: { age: { min: 20, max: 95 }, sex: ['male', 'female'] },
    };
    const [a, b] = [
      (await exactAttrition(s.query, withLab)).at(-1)!,
      (await exactAttrition(s.query, withSex)).at(-1)!,
    ];
    expect(a - b).toBeGreaterThan(0);
    expect(a - b).toBeLessThan(10);
    const counts = { ...opts, ledger: new MemoryLedger(), characterise: false };
    await runCohort(s.query, 'duckdb', parseCohort(withLab), counts);
    await expect(runCohort(s.query, 'duckdb', parseCohort(withSex), counts)).rejects.toMatchObject({
      details: { reason: 'disclosure-risk' },
    });
  });

  it('combines stations from their released numbers only', async () => {
    const results: { stationId: string; result: CohortResult }[] = [];
    for (const s of stations) {
      results.push({
        stationId: s.id,
        result: await runCohort(s.query, 'duckdb', parseCohort(t2d(90)), {
          purpose: PURPOSE,
          disclosure: { threshold: 10, rounding: 5 },
          ledger: new MemoryLedger(),
          permitId: 'p',
        }),
      });
    }
    const combined = combineCohortResults(results);
    expect(combined.count.value).toBe(results.reduce((s, r) => s + (r.result.count.value ?? 0), 0));
    const utrecht = combined.characterisation.regions.find((r) => r.region === 'Utrecht');
    expect(utrecht?.count.value).toBe(
      results.reduce(
        (s, r) =>
          s + (r.result.characterisation?.regions.find((c) => c.region === 'Utrecht')?.count.value ?? 0),
        0,
      ),
    );
    expect(() => combineCohortResults([])).toThrow('no station results');
  });

  it('gives the same released result on DuckDB and PostgreSQL', async (ctx) => {
    if (!(await postgresAvailable())) return ctx.skip();
    const schema = await freshSchema('cohort_run');
    const pgStation = await postgresStation(randomStation(11, 500), schema);
    try {
      const def = parseCohort({
        ...t2d(85),
        inclusion: [
          {
            event: { domain: 'observation', codes: ['4548-4'] },
            window: { direction: 'around', days: 3000 },
          },
        ],
      });
      const opts = () => ({
        purpose: PURPOSE,
        disclosure: { threshold: 5, rounding: 1 },
        ledger: new MemoryLedger(),
        permitId: 'p',
      });
      const onPg = await runCohort(pgStation.query, 'postgres', def, opts());
      const onDuck = await runCohort(stations[0]!.query, 'duckdb', def, opts());
      expect(onPg).toEqual(onDuck);
      expect(onPg.characterisation?.ageSex.length).toBeGreaterThan(3);
    } finally {
      await pgStation.close();
      await dropSchema(schema);
    }
  });
});

// --- property: nothing released ever reveals a small group --------------------------------------------

const entryPool: CohortDefinitionInput['entry'][] = [
  { event: { domain: 'condition', codes: CONDITIONS.map((c) => c.code) } },
  { event: { domain: 'condition', icd10: ['E11', 'I50'] } },
  { event: { domain: 'encounter', classCodes: ['AMB', 'EMER'] }, occurrence: 'all' },
];
const criterionPool: NonNullable<CohortDefinitionInput['inclusion']> = [
  { event: { domain: 'observation', codes: ['4548-4'], value: { gt: 53 } } },
  { event: { domain: 'encounter', settings: ['ed'] }, window: { direction: 'before', days: 730 } },
  { event: { domain: 'medication', atcPrefixes: ['A10'] }, window: { direction: 'around', days: 1000 } },
  { event: { domain: 'procedure', codes: ['80146002'] } },
  { event: { domain: 'condition', codes: ['38341003'] }, occurrence: { type: 'atMost', count: 0 } },
  { event: { domain: 'encounter', classCodes: ['AMB'] }, occurrence: { type: 'atLeast', count: 2 } },
];

const cohortArb = fc.record({
  entry: fc.nat(entryPool.length - 1),
  minAge: fc.constantFrom(undefined, 30, 45, 60, 75),
  sex: fc.constantFrom(undefined, ['female'] as const, ['male', 'unknown'] as const),
  regions: fc.constantFrom(undefined, [REGIONS[0]], [REGIONS[1], REGIONS[2]]),
  inclusion: fc.uniqueArray(fc.nat(criterionPool.length - 1), { maxLength: 2 }),
  exclusion: fc.uniqueArray(fc.nat(criterionPool.length - 1), { maxLength: 1 }),
});

type CohortPick = typeof cohortArb extends fc.Arbitrary<infer T> ? T : never;

function toDefinition(c: CohortPick): CohortDefinitionInput {
  return {
    name: 'random',
    entry: entryPool[c.entry]!,
    demographics: {
      ...(c.minAge !== undefined ? { age: { min: c.minAge } } : {}),
      ...(c.sex ? { sex: [...c.sex] } : {}),
      ...(c.regions ? { regions: [...c.regions] } : {}),
    },
    inclusion: c.inclusion.map((i) => criterionPool[i]!),
    exclusion: c.exclusion.map((i) => criterionPool[i]!),
  };
}

const isSmall = (d: number, t: number) => d > 0 && d < t;

describe('property: no released number reveals a count between 1 and threshold−1', () => {
  it('at any station or combined, within an answer, against earlier answers and totals vs parts', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(cohortArb, { minLength: 2, maxLength: 4 }),
        fc.constantFrom(5, 10),
        async (cohorts, threshold) => {
          // Rounding 1 releases the exact numbers the station stands by: the strictest case.
          const policy = { threshold, rounding: 1 };
          const ledgers = stations.map(() => new MemoryLedger());
          const released: { station: string; keys: string[]; scope: string; value: number }[] = [];
          for (const c of cohorts) {
            const def = parseCohort(toDefinition(c));
            const keys = compileCohort(def, { dialect: 'duckdb', purpose: PURPOSE }).plan.steps.map(
              (s) => s.key,
            );
            const answers: { stationId: string; result: CohortResult }[] = [];
            for (const [i, s] of stations.entries()) {
              try {
                const result = await runCohort(s.query, 'duckdb', def, {
                  purpose: PURPOSE,
                  disclosure: policy,
                  ledger: ledgers[i]!,
                  permitId: 'p',
                });
                answers.push({ stationId: s.id, result });
              } catch (e) {
                if (!(e instanceof AppError) || e.details?.reason !== 'disclosure-risk') throw e;
              }
            }
            for (const { stationId, result } of answers) {
              result.attrition.forEach((a, k) => {
                if (a.count.value !== null)
                  released.push({
                    station: stationId,
                    keys: keys.slice(0, k + 1),
                    scope: 'count',
                    value: a.count.value,
                  });
              });
              const ch = result.characterisation;
              if (ch && result.count.value !== null) {
                const n = result.count.value;
                expect(isSmall(n - ch.totals.regions, threshold)).toBe(false);
                expect(isSmall(n - ch.totals.ageSex, threshold)).toBe(false);
                for (const cond of ch.conditions)
                  if (cond.count.value !== null) expect(isSmall(n - cond.count.value, threshold)).toBe(false);
                for (const r of ch.regions)
                  if (r.count.value !== null)
                    released.push({
                      station: stationId,
                      keys,
                      scope: `region:${r.region}`,
                      value: r.count.value,
                    });
              }
            }
            if (answers.length > 0) {
              const combined = combineCohortResults(answers);
              const steps = combined.attrition.map((a) => a.count.value);
              for (let k = 1; k < steps.length; k++)
                expect(isSmall(steps[k - 1]! - steps[k]!, threshold)).toBe(false);
              const regionSum = combined.characterisation.regions.reduce((s, r) => s + r.count.value, 0);
              const withCharacterisation = answers.filter((a) => a.result.characterisation);
              const countOfThose = withCharacterisation.reduce((s, a) => s + (a.result.count.value ?? 0), 0);
              expect(isSmall(countOfThose - regionSum, threshold)).toBe(false);
              expect(isSmall(combined.count.value, threshold)).toBe(false);
            }
          }
          for (const a of released) {
            expect(isSmall(a.value, threshold)).toBe(false);
            for (const b of released) {
              if (a.station === b.station && a.scope === b.scope && areNeighbours(a.keys, b.keys)) {
                expect(isSmall(Math.abs(a.value - b.value), threshold)).toBe(false);
              }
            }
          }
        },
      ),
      { numRuns: 8 },
    );
  }, 180_000);
});
