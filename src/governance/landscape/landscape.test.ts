import { describe, expect, it } from 'vitest';
import { LandscapeSchema } from '../../api/network-schemas.ts';
import { landscapeExamples, landscapeOverview } from './landscape.ts';

describe('landscape of initiatives', () => {
  it('ships a labelled, sourced example set', () => {
    expect(landscapeExamples.label).toMatch(/Voorbeeldset/);
    expect(landscapeExamples.initiatives.length).toBeGreaterThanOrEqual(8);
    for (const i of landscapeExamples.initiatives) {
      expect(i.example).toBe(true);
      expect(i.source).toMatch(/actieplan AI4Health/);
    }
  });
  it('shows coverage per domain × phase and the white spots', () => {
    const l = landscapeOverview(landscapeExamples.initiatives);
    expect(LandscapeSchema.parse(l)).toEqual(l);
    expect(l.coverage).toHaveLength(6 * 3);
    expect(l.coverage.find((c) => c.domain === 'cross-domain' && c.phase === 3)?.count).toBe(3);
    expect(l.whiteSpots).toContainEqual({ domain: 'mental-health', phase: 1 });
    expect(l.whiteSpots).not.toContainEqual({ domain: 'cross-domain', phase: 1 });
    expect(l.regions.find((r) => r.region === 'Groningen')?.count).toBe(1);
    expect(l.regions.filter((r) => r.count === 0)).toHaveLength(11);
  });
});
