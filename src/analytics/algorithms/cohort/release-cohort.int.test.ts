import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CohortDefinitionInput, parseCohort } from '../../../cohort/cohort-definition.ts';
import { attritionMembers } from '../../../cohort/cohort-members.ts';
import { compileCohort } from '../../../cohort/compile-cohort.ts';
import {
  CONDITIONS,
  postgresStation,
  type QueryFn,
  REGIONS,
  randomStation,
  storeStation,
} from '../../../cohort/test-support/random-station.ts';
import {
  coversSmallGroup,
  revealsSmallGroup,
} from '../../../privacy/disclosure/differencing-oracle.fixture.ts';
import { roundTo } from '../../../privacy/disclosure/disclosure-policy.ts';
import { ReleaseLedger } from '../../../privacy/disclosure/release-ledger.ts';
import type { DialectName } from '../../../store/dialect/dialect.ts';
import { dropSchema, freshSchema, postgresAvailable } from '../../../test-support/postgres.ts';
import type { StationContext } from '../../algorithm.ts';
import { runLocalHalf } from '../../local-runner.ts';
import { definition } from './cohort-characterisation/definition.ts';
import { local } from './cohort-characterisation/local.ts';
import type { CohortResult } from './cohort-result.ts';
import { combineCohortResults } from './combine-cohort-results.ts';

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

/** One admit or require the cohort algorithm asked of the guard, with the exact set and the verdict. */
interface Asked {
  label: string;
  set: Set<string>;
  admitted: boolean;
  /** The question the ledger was told the set answers (the population it is about). */
  question: string;
}

/** A ledger that records what the algorithm asked it (the test's view of the exact sets). */
function recordingLedger(log: Asked[]): ReleaseLedger {
  const ledger = ReleaseLedger.open();
  const begin = ledger.begin.bind(ledger);
  ledger.begin = async (task, threshold, questionOf) => {
    const guard = await begin(task, threshold, questionOf);
    const asked = (label: string, list: string[], admitted: boolean) =>
      log.push({ label, set: new Set(list), admitted, question: guard.questionOf(label) });
    const admit = guard.admit.bind(guard);
    guard.admit = (label, patients) => {
      const list = [...patients];
      const admitted = admit(label, list);
      asked(label, list, admitted);
      return admitted;
    };
    const require = guard.require.bind(guard);
    guard.require = (label, patients) => {
      const list = [...patients];
      try {
        require(label, list);
        asked(label, list, true);
      } catch (e) {
        asked(label, list, false);
        throw e;
      }
    };
    return guard;
  };
  return ledger;
}

function station(
  s: { id: string; query: QueryFn },
  ledger: ReleaseLedger,
  disclosure = { threshold: 10, rounding: 5 },
  dialect: DialectName = 'duckdb',
): StationContext {
  return {
    stationId: s.id,
    query: s.query,
    dialect,
    purpose: PURPOSE,
    permitId: 'p',
    disclosure,
    ledger,
    runState: new Map(),
  };
}

const release = (ctx: StationContext, def: CohortDefinitionInput, topN = 10): Promise<CohortResult> =>
  runLocalHalf(definition, local, ctx, { cohort: def, topN }, 0);

async function exactAttrition(query: QueryFn, def: CohortDefinitionInput): Promise<number[]> {
  const c = compileCohort(parseCohort(def), { dialect: 'duckdb', purpose: PURPOSE });
  return (await attritionMembers(query, c)).map((s) => s.patients.length);
}

const t2d = (maxAge: number): CohortDefinitionInput => ({
  name: 't2d',
  entry: { event: { domain: 'condition', codes: ['44054006', '38341003', '84114007'] } },
  demographics: { age: { min: 20, max: maxAge } },
});

describe('releaseCohort', () => {
  it('releases the true count rounded, the attrition and the characterisation', async () => {
    const s = stations[0]!;
    const exact = await exactAttrition(s.query, t2d(90));
    const r = await release(station(s, ReleaseLedger.open()), t2d(90));
    expect(exact.at(-1)).toBeGreaterThan(50);
    expect(r.count.value).toBe(roundTo(exact.at(-1)!, 5));
    expect(r.attrition.map((a) => a.label)).toEqual(['entry: first condition event', 'age 20–90 at entry']);
    const ch = r.characterisation!;
    expect(ch.totals.regions).toBe(ch.regions.reduce((sum, c) => sum + (c.count.value ?? 0), 0));
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

  it('withholds a neighbouring cohort whose count differs by a small group — under any permit — and the same patients asked another way; repeats the same question', async () => {
    const s = stations[0]!;
    const finals = new Map<number, number>();
    for (let max = 40; max <= 95; max++) finals.set(max, (await exactAttrition(s.query, t2d(max))).at(-1)!);
    let risky: [number, number] | undefined;
    for (let max = 41; max <= 95 && !risky; max++) {
      const d = finals.get(max)! - finals.get(max - 1)!;
      if (d > 0 && d < 10 && finals.get(max - 1)! >= 10) risky = [max - 1, max];
    }
    expect(risky).toBeDefined();
    const ledger = ReleaseLedger.open();
    const first = await release(station(s, ledger), t2d(risky![0]));
    expect(first.count.suppressed).toBe(false);
    // The same question again (under another name, another permit): the same answer.
    expect(
      (await release({ ...station(s, ledger), permitId: 'p3' }, { ...t2d(risky![0]), name: 'again' })).count,
    ).toEqual(first.count);
    // The same patients asked another way (a code nobody has): withheld like a neighbour a few patients
    // away, so that whether it is answered does not tell that nobody has the code.
    const dummy = t2d(risky![0]);
    dummy.entry = {
      event: { domain: 'condition', codes: ['44054006', '38341003', '84114007', '999999999'] },
    };
    expect((await release(station(s, ledger), dummy)).count).toMatchObject({
      value: null,
      suppressed: true,
      reason: 'differencing',
    });
    // One year more adds 1..9 patients: withheld, also when another permit asks.
    const neighbour = await release({ ...station(s, ledger), permitId: 'p2' }, t2d(risky![1]));
    expect(neighbour.count).toMatchObject({ value: null, suppressed: true, reason: 'differencing' });
    expect(neighbour.characterisation).toBeUndefined();
  });

  it('never repeats a step: a step whose removal is a small group is withheld, the headline stays true', async () => {
    const s = stations[0]!;
    const base = t2d(95);
    let atEnd: CohortDefinitionInput | undefined;
    const baseExact = (await exactAttrition(s.query, base)).at(-1)!;
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
    const exact = await exactAttrition(s.query, atEnd!);
    const r = await release(station(s, ReleaseLedger.open()), atEnd!);
    expect(r.count.value).toBe(roundTo(exact.at(-1)!, 5));
    // The step before the exclusion removed a small group from it: withheld, not repeated.
    expect(r.attrition.at(-2)?.count).toMatchObject({ value: null, reason: 'differencing' });
  });

  it('combines stations from their released numbers only', async () => {
    const results: { stationId: string; result: CohortResult }[] = [];
    for (const s of stations) {
      results.push({ stationId: s.id, result: await release(station(s, ReleaseLedger.open()), t2d(90)) });
    }
    const combined = combineCohortResults(results);
    expect(combined.count.value).toBe(results.reduce((sum, r) => sum + (r.result.count.value ?? 0), 0));
    const utrecht = combined.characterisation.regions.find((r) => r.region === 'Utrecht');
    expect(utrecht?.count.value).toBe(
      results.reduce(
        (sum, r) =>
          sum + (r.result.characterisation?.regions.find((c) => c.region === 'Utrecht')?.count.value ?? 0),
        0,
      ),
    );
    expect(() => combineCohortResults([])).toThrow('no station results');
  });

  it('gives the same released result on DuckDB and PostgreSQL', async (ctx) => {
    if (!(await postgresAvailable())) return ctx.skip();
    const schema = await freshSchema('cohort_run');
    const pg = await postgresStation(randomStation(11, 500), schema);
    try {
      const def: CohortDefinitionInput = {
        ...t2d(85),
        inclusion: [
          {
            event: { domain: 'observation', codes: ['4548-4'] },
            window: { direction: 'around', days: 3000 },
          },
        ],
      };
      const policy = { threshold: 5, rounding: 1 };
      const onPg = await release(station({ id: 'x', ...pg }, ReleaseLedger.open(), policy, 'postgres'), def);
      const onDuck = await release(station({ ...stations[0]!, id: 'x' }, ReleaseLedger.open(), policy), def);
      expect(onPg).toEqual(onDuck);
      expect(onPg.characterisation?.ageSex.length).toBeGreaterThan(3);
    } finally {
      await pg.close();
      await dropSchema(schema);
    }
  });
});

// --- property: releases are true, and none reveals a small group with another ------------------------

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
  minAge: fc.constantFrom(undefined, 30, 45, 60),
  maxAge: fc.constantFrom(undefined, 70, 71, 80, 81),
  sex: fc.constantFrom(undefined, ['female'] as const, ['male', 'unknown'] as const),
  regions: fc.constantFrom(undefined, [REGIONS[0]], [REGIONS[1], REGIONS[2]]),
  inclusion: fc.uniqueArray(fc.nat(criterionPool.length - 1), { maxLength: 2 }),
  exclusion: fc.uniqueArray(fc.nat(criterionPool.length - 1), { maxLength: 1 }),
});

type CohortPick = typeof cohortArb extends fc.Arbitrary<infer T> ? T : never;

function toDefinition(c: CohortPick): CohortDefinitionInput {
  const age = {
    ...(c.minAge !== undefined ? { min: c.minAge } : {}),
    ...(c.maxAge !== undefined ? { max: c.maxAge } : {}),
  };
  return {
    name: 'random',
    entry: entryPool[c.entry]!,
    demographics: {
      ...(Object.keys(age).length ? { age } : {}),
      ...(c.sex ? { sex: [...c.sex] } : {}),
      ...(c.regions ? { regions: [...c.regions] } : {}),
    },
    inclusion: c.inclusion.map((i) => criterionPool[i]!),
    exclusion: c.exclusion.map((i) => criterionPool[i]!),
  };
}

const sameSet = (a: Set<string>, b: Set<string>) => a.size === b.size && [...a].every((x) => b.has(x));

describe('property: every release is true, and no two releases reveal a small group', () => {
  it('for random cohorts at random stations: counts within half a rounding step or withheld, sets never 1..threshold−1 apart, the same patients answered again only for the same question, withheld only for a reason', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.tuple(cohortArb, fc.nat(1)), { minLength: 2, maxLength: 5 }),
        fc.constantFrom(5, 10),
        fc.constantFrom(1, 5),
        async (questions, threshold, rounding) => {
          const logs = stations.map(() => [] as Asked[]);
          const ledgers = logs.map((log) => recordingLedger(log));
          for (const [c, at] of questions) {
            const def = toDefinition(c);
            const s = stations[at]!;
            const exact = await exactAttrition(s.query, def);
            const before = logs[at]!.length;
            const r = await release(station(s, ledgers[at]!, { threshold, rounding }), def, 3);
            // Every released count is the true count within half a rounding step; the headline is its own.
            r.attrition.forEach((step, k) => {
              if (step.count.value !== null)
                expect(Math.abs(step.count.value - exact[k]!)).toBeLessThanOrEqual(rounding / 2);
            });
            if (r.count.value !== null) expect(r.count.value).toBe(roundTo(exact.at(-1)!, rounding));
            // A count is withheld only when small or when the ledger had a reason: a set 1..threshold−1
            // from an earlier one (or from two together, or one without the other), the same patients
            // released for another question, or exactly two sets of another question combined.
            const asked = logs[at]!.slice(before);
            const earlier = logs[at]!.slice(0, before).filter((a) => a.admitted && a.set.size > 0);
            let within: Asked[] = [];
            for (const a of asked) {
              const released = [...earlier, ...within];
              const same = released.filter((e) => sameSet(e.set, a.set));
              if (a.set.size > 0 && same.length > 0)
                // The same patients: answered exactly when they were released for this very question.
                expect(a.admitted).toBe(same.some((e) => e.question === a.question));
              else if (!a.admitted && a.set.size >= threshold)
                expect(
                  revealsSmallGroup(
                    a.set,
                    released.map((e) => e.set),
                    threshold,
                    (i, j) => released[i]!.question !== a.question || released[j]!.question !== a.question,
                  ) ||
                    // or several disjoint earlier sets together, or one without several (`cover`)
                    coversSmallGroup(
                      a.set,
                      released.map((e) => e.set),
                      threshold,
                      (i) => released[i]!.question !== a.question,
                    ),
                ).toBe(true);
              if (a.admitted && a.set.size > 0) within = [...within, a];
            }
          }
          // No admitted set, with one or two others admitted before it, gives a small group.
          for (const log of logs) {
            const admitted = log.filter((a) => a.admitted && a.set.size > 0);
            const seen: Asked[] = [];
            for (const a of admitted) {
              expect(a.set.size).toBeGreaterThanOrEqual(threshold);
              const identical = seen.filter((s) => sameSet(s.set, a.set));
              // Released again only for the question it was first released for.
              if (identical.length > 0) expect(identical.map((s) => s.question)).toContain(a.question);
              else
                expect(
                  revealsSmallGroup(
                    a.set,
                    seen.map((s) => s.set),
                    threshold,
                    (i, j) => seen[i]!.question !== a.question || seen[j]!.question !== a.question,
                  ) ||
                    coversSmallGroup(
                      a.set,
                      seen.map((s) => s.set),
                      threshold,
                      (i) => seen[i]!.question !== a.question,
                    ),
                ).toBe(false);
              seen.push(a);
            }
          }
        },
      ),
      { numRuns: 12 },
    );
  }, 240_000);
});
