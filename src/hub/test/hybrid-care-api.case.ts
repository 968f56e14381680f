import { expect, it } from 'vitest';
import { central } from '../../analytics/algorithms/hybrid-care/central.ts';
import { definition } from '../../analytics/algorithms/hybrid-care/definition.ts';
import { local } from '../../analytics/algorithms/hybrid-care/local.ts';
import { composeAlgorithm } from '../../analytics/local-runner.ts';
import { memoryStation } from '../../analytics/testing/memory-station.ts';
import { HybridCareResultSchema } from '../../hybrid-care/hybrid-care-schemas.ts';
import type { HubFixture } from './hub-fixture.ts';

const alg = composeAlgorithm(definition, local, central);

/** A station's patient-year rows (25 patients in PC4 areas of several quintiles), and their months. */
function stationRows(offset: number): Record<string, unknown>[] {
  const pc4s = ['9711', '3511', '1011', '5611', '6211'];
  return Array.from({ length: 25 }, (_, i) => ({
    id: `p${offset + i}`,
    region: 'Utrecht',
    sex: i % 2 ? 'male' : 'female',
    pc4: pc4s[i % pc4s.length],
    year: 2024,
    month: 1 + (i % 2),
    age: 70 + (i % 10),
    contacts: 3,
    virt: i % 3 === 0 ? 1 : 0,
    gp: 2,
    gp_virt: i % 3 === 0 ? 1 : 0,
    hosp: 1,
    hosp_virt: 0,
    pw0: 1,
  }));
}

/**
 * Hybrid care through the hub API: the input checked with the JSON path of a bad field, the stations'
 * released partials (their real local half) combined into the documented result with the breakdowns
 * by month, deprivation, age band and sex. Called inside the hub API suite, so its responses are
 * checked against the API document with the rest.
 */
export function hybridCareApiCases(fixture: () => HubFixture | undefined): void {
  it('runs hybrid care with its breakdowns by month and neighbourhood deprivation, and names bad input', async ({
    skip: skipTest,
  }) => {
    const f = fixture();
    if (!f) return skipTest();
    const a = await f.station('steward1', 'Hybrid A');
    const b = await f.station('steward2', 'Hybrid B');
    const permitId = await f.permit([a.id, b.id], 'hybrid-care@1.1.0');
    const bad = await f.run(permitId, 'hybrid-care@1.1.0', { years: [2024], byMonth: 'yes' });
    expect(bad.status).toBe(400);
    expect(bad.body.where).toBe('input.byMonth');
    const noYears = await f.run(permitId, 'hybrid-care@1.1.0', { years: [] });
    expect(noYears.status).toBe(400);
    expect(noYears.body.where).toBe('input.years');

    const input = { years: [2024], pathways: [{ name: 'COPD', codes: ['13645005'] }] };
    const started = await f.run(permitId, 'hybrid-care@1.1.0', input);
    expect(started.status).toBe(201);
    for (const [i, st] of [a, b].entries()) {
      const polled = await f.poll(st.token);
      const task = polled.tasks.find((t) => t.task.runId === started.body.id)!;
      const data = await memoryStation(st.id);
      try {
        const base = data.context({ purpose: 'policy', disclosure: { threshold: 5, rounding: 1 } });
        const ctx = { ...base, query: async () => stationRows(100 * i) };
        const output = await alg.local(ctx, task.task.input as never, 0);
        expect((await f.answer(st.token, f.done(task.task.id, st.id, output))).status).toBe(200);
      } finally {
        data.close();
      }
    }
    const run = await f.call('GET', `/api/runs/${started.body.id}`, await f.token('researcher'));
    expect(run.body.status).toBe('done');
    const result = HybridCareResultSchema.parse(run.body.result);
    const [y] = result.years;
    // Every month of the year is listed (a month without contacts withheld like one of a few patients).
    expect(y!.months.map((m) => m.month)).toEqual(
      Array.from({ length: 12 }, (_, k) => `2024-${String(k + 1).padStart(2, '0')}`),
    );
    expect(y!.byDeprivation.map((d) => d.group)).toEqual(['Q1', 'Q2', 'Q3', 'Q4', 'Q5', 'unknown']);
    expect(y!.pathways[0]!.byAgeBand.map((x) => x.ageBand)).toEqual(['0-17', '18-64', '65-74', '75+']);
    expect(y!.pathways[0]!.bySex.map((x) => x.sex)).toEqual(['female', 'male']);

    const doc = (await f.call('GET', '/openapi.json')).body;
    const schema = doc.components.schemas['AlgorithmResult.hybrid-care.1.1.0'];
    expect(JSON.stringify(schema)).toContain('deprivationGradient');
    expect(JSON.stringify(doc.components.schemas['AlgorithmInput.hybrid-care.1.1.0'])).toContain('byMonth');
  });
}
