import { describe, expect, it } from 'vitest';
import type { FeasibilityResult } from '../../src/analytics/algorithms/cohort/cohort-feasibility/definition.ts';
import { HubClient } from '../../src/hub-client/index.ts';
import { ALGORITHMS, cohortAt, FEASIBILITY, gp, withNetwork } from './attack-fixture.ts';

/**
 * Anyone, without signing in, reads the public transparency register. It once showed each station's
 * released figures next to the combined ones, so a per-station `n` (exact, before the stations rounded
 * it) was public. The register must show only figures combined over the stations, each a sum of
 * rounded, disclosure-controlled numbers: no station's id or name, no per-station part, no exact count.
 */
const INDEX = '2025-01-01';
const population = { indexDate: INDEX, maxAge: 130 };
const features = [
  { kind: 'age', name: 'ageDecades', centre: 60 },
  { kind: 'observation', name: 'systolic', code: '8480-6', impute: 130, centre: 130, scale: 20 },
] as const;
const outcome = { kind: 'unplanned-admission', days: 365 } as const;
const REPRESENTATIVENESS = { name: 'representativeness', version: '1.1.0' } as const;

const inputs: [{ name: string; version: string }, unknown][] = [
  [ALGORITHMS[0], { cohort: gp({ min: 18 }) }],
  [ALGORITHMS[1], { cohort: gp({ min: 18 }) }],
  [
    ALGORITHMS[2],
    {
      population,
      variables: features,
      outcome,
      summaries: [{ variable: 'ageDecades', bins: [-10, 0, 10] }],
      tables: [{ rows: 'sex', columns: 'y' }],
    },
  ],
  [ALGORITHMS[3], { spec: { population, features, outcome }, family: 'logistic' }],
  [ALGORITHMS[4], { spec: { population, features, outcome }, coefficients: [-2, 0.3, 0.1] }],
  [REPRESENTATIVENESS, { population }],
];

/**
 * Keys whose numbers count patients (or events): each must be a sum of counts rounded to 5. `value`
 * only in a combined count (`{ value, suppressedAt }`); elsewhere it is e.g. a quantile.
 */
const COUNT_KEYS = new Set(['n', 'events', 'count', 'counts']);
const PER_STATION_KEYS = [
  'stations',
  'perStation',
  'nPerStation',
  'stationSlopes',
  'withheldAt',
  'stationId',
];

function walk(v: unknown, visit: (key: string, value: unknown, parent?: object) => void, key = ''): void {
  if (Array.isArray(v)) for (const x of v) walk(x, visit, key);
  else if (v !== null && typeof v === 'object')
    for (const [k, x] of Object.entries(v)) {
      visit(k, x, v);
      if (x !== null && typeof x === 'object') walk(x, visit, k);
    }
  else visit(key, v);
}

describe('attack: reading per-station figures from the public transparency register', () => {
  const network = withNetwork();

  it('shows only combined, rounded figures for every algorithm, never a station’s', async () => {
    const permit = await network().permit({ algorithms: [...ALGORITHMS, REPRESENTATIVENESS] });
    const runs = [];
    for (const [algorithm, input] of inputs) {
      const run = await network().run(permit, algorithm, input);
      expect(run.status, `${algorithm.name}: ${run.error ?? ''}`).toBe('done');
      runs.push(run);
    }
    // The requester sees each station's released figures …
    const feasibility = runs[0]!.result as FeasibilityResult;
    expect(feasibility.stations.length).toBe(network().stations.length);

    // … the public sees only what is combined over the stations.
    const register = await new HubClient(network().url).transparency();
    const entry = register.find((e) => e.permitId === permit)!;
    expect(entry.runs.map((r) => r.algorithm.name).sort()).toEqual(inputs.map(([a]) => a.name).sort());
    const named = network().stations.flatMap((s) => [s.stationId, s.spec.name]);
    for (const run of entry.runs) {
      const label = run.algorithm.name;
      expect(run.result, label).toBeDefined();
      const text = JSON.stringify(run.result);
      for (const name of named) expect(text, `${label} names ${name}`).not.toContain(`"${name}"`);
      walk(run.result, (key, value, parent) => {
        expect(PER_STATION_KEYS, `${label}: ${key}`).not.toContain(key);
        const combined = key === 'value' && parent !== undefined && 'suppressedAt' in parent;
        if ((COUNT_KEYS.has(key) || combined) && typeof value === 'number')
          expect(value % 5, `${label}: ${key} = ${value} is not a sum of rounded counts`).toBe(0);
      });
    }

    // The exact number of patients, at any station or in total, is not shown (unless rounding kept it).
    const exact = await Promise.all(
      network().stations.map(async (s) => (await cohortAt(s, gp({ min: 18 }))).size),
    );
    const shown = entry.runs.find((r) => r.algorithm.name === FEASIBILITY.name)!.result as {
      count: { value: number };
      stations?: unknown;
    };
    expect(shown.stations).toBeUndefined();
    expect(shown.count.value).toBe(feasibility.count.value);
    const numbers: number[] = [];
    walk(shown, (_k, v) => typeof v === 'number' && numbers.push(v));
    for (const n of [...exact, exact.reduce((a, b) => a + b, 0)])
      if (n % 5 !== 0) expect(numbers, `exact ${n}`).not.toContain(n);
  });
});
