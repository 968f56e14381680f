import { describe, expect, it } from 'vitest';
import { referencePopulation } from './reference-population.ts';

// CBS StatLine, population on 1 January 2024 (see reference-data/README.md for where each figure is read).
const NATIONAL_TOTAL = 17_942_942;

const ref = referencePopulation();
const sum = (xs: number[]) => xs.reduce((a, x) => a + x, 0);

describe('nl-population-2024 reference data', () => {
  it('records the published national total, and men and women add up to it', () => {
    expect(ref.date).toBe('2024-01-01');
    expect(ref.total.population).toBe(NATIONAL_TOTAL);
    expect(ref.total.male + ref.total.female).toBe(NATIONAL_TOTAL);
  });

  it('holds the published province figures, adding up to the total their table publishes', () => {
    const regions = ref.breakdowns.regions;
    expect(regions).toMatchObject({ published: true, unit: 'persons', table: '70072ned' });
    const byName = Object.fromEntries(ref.regions.map((r) => [r.region, r.population]));
    expect(byName['Noord-Holland']).toBe(2_980_494);
    expect(byName['Zuid-Holland']).toBe(3_840_662);
    expect(ref.regions).toHaveLength(12);
    expect(sum(ref.regions.map((r) => r.population))).toBe(regions.total);
    // 70072ned's own national row for 1 January 2024 is 17,947,684, 4,742 above the national total of
    // 85644NED; the provinces are kept as published, so shares are taken within the province table.
    expect(regions.total! - NATIONAL_TOTAL).toBe(4_742);
  });

  it('adds up every breakdown marked as published to the published national total or its own table total', () => {
    for (const [name, b] of Object.entries(ref.breakdowns)) {
      if (!b.published) continue;
      const rows =
        name === 'ageSex'
          ? sum(ref.ageSex.flatMap((c) => [c.male, c.female]))
          : sum(ref.regions.map((r) => r.population));
      expect(rows, name).toBe(b.total);
      expect(b.table, name).not.toBeNull();
    }
    if (ref.breakdowns.ageSex.published) {
      expect(sum(ref.ageSex.map((c) => c.male))).toBe(ref.total.male);
      expect(sum(ref.ageSex.map((c) => c.female))).toBe(ref.total.female);
      expect(ref.breakdowns.ageSex.total).toBe(NATIONAL_TOTAL);
    }
  });

  it('says so in its source when a breakdown is not a published table', () => {
    // The source travels with every representativeness result and model card, so a reader sees it.
    for (const [name, b] of Object.entries(ref.breakdowns)) {
      if (b.published) continue;
      expect(b.table, name).toBeNull();
      expect(ref.source, name).toMatch(/no published .* breakdown/i);
    }
  });
});
