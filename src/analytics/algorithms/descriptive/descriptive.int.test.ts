import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { patientScale } from '../../../privacy/disclosure/noised-moments.ts';
import { runFederated } from '../../federated-driver.ts';
import { composeAlgorithm } from '../../local-runner.ts';
import { MemoryEpsilonLedger } from '../../privacy/epsilon-ledger.ts';
import { type MemoryStation, memoryStation, withPrivacy } from '../../testing/memory-station.ts';
import { SIM_INDEX_DATE, simulateStation, simulationSpec } from '../../testing/simulate-station.ts';
import { central } from './central.ts';
import { type DescriptiveInput, definition } from './definition.ts';
import { local } from './local.ts';

const descriptive = composeAlgorithm(definition, local, central);
const spec = simulationSpec();
let stations: MemoryStation[] = [];

beforeAll(async () => {
  stations = await Promise.all(['a', 'b'].map((id) => memoryStation(id)));
  for (const [k, s] of stations.entries()) {
    await simulateStation(s.connection, {
      patients: 3000 + 1000 * k,
      seed: 40 + k,
      prefix: `d${k}-`,
      beta: [-3, 0.2, 0, 0.5, 0, 0.1],
    });
  }
});
afterAll(() => {
  for (const s of stations) s.close();
});

const input: DescriptiveInput = {
  population: spec.population,
  variables: spec.features,
  outcome: spec.outcome,
  summaries: [{ variable: 'age_decades', bins: [2, 3, 4, 5, 6, 7, 8, 9] }],
  tables: [{ rows: 'sex', columns: 'diabetes' }],
  rates: [{ by: 'sex' }],
};

/** The same statistics straight from SQL on both stations' tables together (a direct, pooled computation). */
async function direct(): Promise<{
  n: number;
  mean: number;
  sd: number;
  femaleDiabetes: number;
  meanNoise: number;
}> {
  let n = 0;
  // The most the noise on the stations' sums can move the pooled mean (noised-moments.ts), in decades.
  let noiseInSum = 0;
  let sum = 0;
  let sumSq = 0;
  let femaleDiabetes = 0;
  for (const s of stations) {
    const r = await s
      .context()
      .query(
        `SELECT COUNT(*) AS n, SUM(a) AS s, SUM(a * a) AS ss FROM (SELECT CAST(DATE '${SIM_INDEX_DATE}' - birth_date AS DOUBLE) / 365.25 / 10 AS a FROM patient)`,
      );
    const years = await s
      .context()
      .query(`SELECT CAST(DATE '${SIM_INDEX_DATE}' - birth_date AS DOUBLE) / 365.25 AS y FROM patient`);
    noiseInSum += (5 / 2) * (patientScale(years.map((y) => Number(y.y))) / 10);
    n += Number(r[0]!.n);
    sum += Number(r[0]!.s);
    sumSq += Number(r[0]!.ss);
    const fd = await s
      .context()
      .query(
        "SELECT COUNT(*) AS n FROM patient p WHERE sex = 'female' AND EXISTS (SELECT 1 FROM condition c WHERE c.patient_id = p.id AND c.code = '44054006')",
      );
    femaleDiabetes += Number(fd[0]!.n);
  }
  return {
    n,
    mean: sum / n,
    sd: Math.sqrt((sumSq - (sum * sum) / n) / (n - 1)),
    femaleDiabetes,
    meanNoise: noiseInSum / n,
  };
}

describe('descriptive', () => {
  it('pooled count and cross-table equal a direct computation on the union, mean and SD within their noise', async () => {
    const run = await runFederated(
      descriptive,
      stations.map((s) => s.context()),
      input,
    );
    const d = await direct();
    const pooled = run.result.pooled;
    expect(pooled.n).toBe(d.n);
    // Means and SDs leave from noised sums (bounded: a few patients' part of the sum at each station).
    expect(Math.abs(pooled.summaries[0]!.mean! - d.mean)).toBeLessThanOrEqual(d.meanNoise);
    expect(pooled.summaries[0]!.mean).not.toBe(d.mean);
    expect(pooled.summaries[0]!.sd).toBeCloseTo(d.sd, 3);
    const cell = pooled.tables[0]!.cells.find((c) => c.row === 'female' && c.column === '1');
    expect(cell?.count).toBe(d.femaleDiabetes);
    expect(Object.keys(run.result.perStation).sort()).toEqual(['a', 'b']);
    expect(run.result.perStation.a!.n + run.result.perStation.b!.n).toBe(d.n);
    // Quantiles lie on bin edges or between them, ordered.
    const qs = pooled.summaries[0]!.quantiles.map((q) => q.value);
    expect(qs[0]!).toBeLessThanOrEqual(qs[1]!);
    expect(qs[1]!).toBeLessThanOrEqual(qs[2]!);
    expect(qs[1]!).toBeGreaterThan(4);
    expect(qs[1]!).toBeLessThan(7);
  });

  it('rates use midpoint-6 rounded numerators and denominators', async () => {
    const out = await descriptive.local(stations[0]!.context(), input, 0);
    for (const g of out.rates[0]!.groups) {
      expect(g.numerator, `${g.group}: events at the threshold, released`).not.toBeNull();
      expect((g.numerator! + 2) % 6).toBe(0);
      expect((g.denominator! + 2) % 6).toBe(0);
    }
  });

  it('withholds a table’s small and empty cells (secondary suppression) instead of refusing the answer', async () => {
    const narrow = {
      ...input,
      population: { ...spec.population, minAge: 85 },
      tables: [{ rows: 'region', columns: 'diabetes' }],
    };
    const strict = stations[0]!.context({ disclosure: { threshold: 50, rounding: 1 } });
    const out = await descriptive.local(strict, narrow, 0);
    const cells = out.tables[0]!.cells;
    // Every province × both levels is listed, whether it holds anyone or not.
    expect(cells.length).toBe(2 * new Set(cells.map((c) => c.row)).size);
    expect(cells.some((c) => c.withheld === 'small')).toBe(true);
    for (const c of cells) {
      if (c.count === null) expect(c.withheld).toBeDefined();
      else expect(c.count).toBeGreaterThanOrEqual(50);
    }
  });

  it('with DP: noisy counts, charged to the permit, refused once the budget is spent', async () => {
    const ledger = new MemoryEpsilonLedger();
    const ctx = withPrivacy(stations[0]!.context({ permitId: 'p-dp' }), ledger, 1);
    const out = await descriptive.local(ctx, { ...input, dp: { epsilon: 0.6 } }, 0);
    expect(out.dp).toBe(true);
    expect(await ledger.spent('p-dp')).toBeCloseTo(0.6, 12);
    await expect(descriptive.local(ctx, { ...input, dp: { epsilon: 0.6 } }, 0)).rejects.toMatchObject({
      code: 'forbidden',
      details: { reason: 'budget-exhausted' },
    });
    // Another permit has its own budget.
    const other = withPrivacy(stations[0]!.context({ permitId: 'p-other' }), ledger, 1);
    await expect(descriptive.local(other, { ...input, dp: { epsilon: 0.6 } }, 0)).resolves.toBeDefined();
    // Rates of a count outcome under DP: one patient's part of the numerator has no bound, so the input
    // is refused as bad input naming the field, before any data is read or any epsilon charged.
    const countRates = {
      ...input,
      outcome: { ...input.outcome!, count: true },
      rates: [{ by: 'sex' }],
      dp: { epsilon: 0.1 },
    };
    // The hub parses a run's input with the same schema, so it answers 400 before any task is sent.
    const atHub = definition.inputSchema.safeParse(countRates);
    expect(atHub.success ? [] : atHub.error.issues.map((i) => i.path.join('.'))).toEqual(['rates']);
    await expect(descriptive.local(other, countRates, 0)).rejects.toMatchObject({
      code: 'badInput',
      where: expect.stringContaining('rates'),
    });
    expect(await ledger.spent('p-other')).toBeCloseTo(0.6, 12);
    // A station without a ledger does not offer DP.
    await expect(
      descriptive.local(stations[0]!.context(), { ...input, dp: { epsilon: 0.1 } }, 0),
    ).rejects.toMatchObject({
      code: 'forbidden',
    });
  });
});
