import { describe, expect, it } from 'vitest';
import type { DescriptiveResult } from '../../src/analytics/algorithms/descriptive/definition.ts';
import { broadPermit, DESCRIPTIVE, statusAt, withNetwork } from './attack-fixture.ts';

/**
 * Differential privacy attacked by repetition: ask the same noisy question many times and average the
 * noise away. The station answers the same question on the same data with the same noise (so the
 * average is the first answer), and charges every different question to the permit until its budget
 * (epsilon 1 per permit at the demo stations) is spent.
 */
const question = (epsilon: number, bins = [-10, 10]) => ({
  population: { indexDate: '2025-01-01', minAge: 18 },
  variables: [{ kind: 'age', name: 'ageDecades', centre: 60 }],
  summaries: [{ variable: 'ageDecades', bins }],
  dp: { epsilon },
});

describe('attack: averaging differential-privacy noise by asking again', () => {
  const network = withNetwork();

  it('the same question again gets the same noise, not fresh noise, and costs nothing more', async () => {
    const permit = await broadPermit(network());
    const answers: DescriptiveResult[] = [];
    for (let k = 0; k < 5; k++) {
      const run = await network().run(permit, DESCRIPTIVE, question(0.3));
      expect(run.status).toBe('done');
      answers.push(run.result as DescriptiveResult);
    }
    for (const a of answers.slice(1)) expect(a.perStation).toEqual(answers[0]!.perStation);
    // Five asks of 0.3 would be 1.5 > 1 if each were charged: the first was the only charge.
    const another = await network().run(permit, DESCRIPTIVE, question(0.3));
    expect(another.status).toBe('done');
  });

  it('variants of the question get fresh noise, each charged, until the permit budget refuses', async () => {
    const permit = await broadPermit(network());
    const seen = new Set<string>();
    let refusedAt = -1;
    for (let k = 0; k < 8 && refusedAt < 0; k++) {
      // A slightly different histogram edge: another question, so other noise.
      const run = await network().run(permit, DESCRIPTIVE, question(0.3, [-10 - k / 100, 10]));
      const station = network().stations[0]!;
      const status = statusAt(run, station);
      if (status.status === 'refused') {
        expect(status.reason).toBe('budget-exhausted');
        refusedAt = k;
      } else {
        const n = (run.result as DescriptiveResult).perStation[station.stationId]!.n;
        seen.add(String(n));
      }
    }
    // 0.3 three times fits a budget of 1, the fourth does not.
    expect(refusedAt).toBe(3);
    expect(seen.size).toBeGreaterThan(1);
  });
});
