import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunView } from '../../src/api/run-schemas.ts';
import { FEASIBILITY, NETWORK_START_TIMEOUT_MS, type Network, startNetwork } from './network-fixture.ts';

const CHARACTERISATION = { name: 'cohort-characterisation', version: '1.0.0' } as const;

/**
 * Every count in a released result: `value` of a disclosed or combined count, and characterisation
 * totals. Means are not counts and are skipped.
 */
function releasedCounts(json: unknown, path = '$', out: { path: string; n: number }[] = []) {
  if (Array.isArray(json)) {
    json.forEach((x, i) => {
      releasedCounts(x, `${path}[${i}]`, out);
    });
  } else if (json && typeof json === 'object') {
    for (const [k, v] of Object.entries(json)) {
      const here = `${path}.${k}`;
      if (typeof v === 'number' && (k === 'value' || path.endsWith('.totals')))
        out.push({ path: here, n: v });
      else releasedCounts(v, here, out);
    }
  }
  return out;
}

describe('privacy as a property of the whole network', () => {
  let network: Network;
  let codes: { conditions: string[]; observations: string[] };
  beforeAll(async () => {
    network = await startNetwork();
    const store = network.stations[0]!.node!.store;
    const top = async (table: string) =>
      (await store.query(`SELECT code FROM ${table} GROUP BY code ORDER BY count(*) DESC LIMIT 12`)).map(
        (r) => String(r.code),
      );
    codes = { conditions: await top('condition'), observations: await top('observation') };
  }, NETWORK_START_TIMEOUT_MS);
  afterAll(async () => {
    await network?.close();
  });

  const event = () =>
    fc.oneof(
      fc.record({
        domain: fc.constant('condition'),
        codes: fc.subarray(codes.conditions, { minLength: 1, maxLength: 3 }),
      }),
      fc.record({
        domain: fc.constant('observation'),
        codes: fc.subarray(codes.observations, { minLength: 1, maxLength: 2 }),
      }),
      fc.record({
        domain: fc.constant('encounter'),
        settings: fc.subarray(['gp', 'outpatient', 'ed', 'inpatient', 'virtual'] as const, {
          minLength: 1,
          maxLength: 2,
        }),
      }),
    );

  const cohort = () =>
    fc.record({
      name: fc.constant('random cohort'),
      entry: fc.record(
        {
          event: event(),
          occurrence: fc.constantFrom('first', 'all'),
          dateRange: fc
            .integer({ min: 2021, max: 2025 })
            .map((y) => ({ from: `${y}-01-01`, to: `${y + 1}-06-30` })),
        },
        { requiredKeys: ['event', 'occurrence'] },
      ),
      demographics: fc
        .tuple(fc.integer({ min: 0, max: 80 }), fc.integer({ min: 0, max: 40 }))
        .map(([min, span]) => ({ age: { min, max: min + 10 + span } })),
      inclusion: fc.array(
        fc.record({
          event: event(),
          window: fc.record({
            direction: fc.constantFrom('before', 'after', 'around'),
            days: fc.integer({ min: 0, max: 730 }),
          }),
          occurrence: fc.oneof(
            fc.record({ type: fc.constant('atLeast'), count: fc.integer({ min: 1, max: 3 }) }),
            fc.record({ type: fc.constant('atMost'), count: fc.integer({ min: 0, max: 2 }) }),
          ),
        }),
        { maxLength: 2 },
      ),
    });

  it('no released number at a station or in the combined result is between 1 and 9', async () => {
    let stationsAnswered = 0;
    let positive = 0;
    await fc.assert(
      fc.asyncProperty(cohort(), fc.boolean(), async (definition, characterise) => {
        const algorithm = characterise ? CHARACTERISATION : FEASIBILITY;
        const permitId = await network.permit({ algorithms: [algorithm] });
        const run: RunView = await network.run(permitId, algorithm, { cohort: definition });
        // Station partials are in the combined result (`stations[].result`); a refusal releases nothing.
        const counts = releasedCounts(run.result ?? null);
        const small = counts.filter(({ n }) => n >= 1 && n <= 9);
        expect(small, JSON.stringify(definition)).toEqual([]);
        stationsAnswered += run.provenance.answered.length;
        positive += counts.filter(({ n }) => n > 0).length;
      }),
      { numRuns: 8, seed: 20261124, endOnFailure: true },
    );
    // The property means little if no station ever answered.
    expect(stationsAnswered).toBeGreaterThan(0);
    expect(positive).toBeGreaterThan(0);
  });
});
