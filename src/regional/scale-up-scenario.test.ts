import { describe, expect, it } from 'vitest';
import type { RegionalArea } from './combine-regional-picture.ts';
import { scaleUpScenario } from './scale-up-scenario.ts';

const area: RegionalArea = {
  area: 'Utrecht',
  year: 2024,
  persons: 10_000,
  share75plus: 0.08,
  perThousand: { 'ed-visits': 80, 'unplanned-admissions': 20, 'gp-contacts': 4000 },
  costPerInhabitant: 2500,
  withheldCells: 0,
  byAgeSex: [],
  byAgeBand: [{ ageBand: '75+', persons: 800, edVisits: 240, edPersons: 800 }],
};

describe('scale-up scenario', () => {
  it('applies the rate ratio and its interval to the eligible group and its ED rate', () => {
    const s = scaleUpScenario(area, { estimate: 0.7, lower: 0.55, upper: 0.85 }, { eligibleShare: 0.5 })!;
    expect(s.eligible).toBe(400);
    expect(s.baselineEdVisits).toBeCloseTo(120, 10);
    expect(s.edVisitsAvoided.estimate).toBeCloseTo(36, 10);
    expect(s.edVisitsAvoided.lower).toBeCloseTo(18, 10);
    expect(s.edVisitsAvoided.upper).toBeCloseTo(54, 10);
    expect(s.costAvoided.estimate).toBeCloseTo(36 * 420, 8);
  });
  it('gives nothing for a band without released data', () => {
    expect(scaleUpScenario(area, { estimate: 0.7, lower: 0.5, upper: 0.9 }, { ageBand: '65-74' })).toBeNull();
  });
});
