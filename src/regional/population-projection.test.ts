import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { RegionalArea } from './combine-regional-picture.ts';
import { loadPopulationProjection, type PopulationProjection, projectArea } from './population-projection.ts';

const area: RegionalArea = {
  area: 'Utrecht',
  year: 2025,
  persons: 10_000,
  share75plus: 0.08,
  perThousand: { 'ed-visits': 150, 'unplanned-admissions': 40, 'gp-contacts': 3000 },
  costPerInhabitant: 2500,
  withheldCells: 0,
  byAgeSex: [],
  byAgeBand: [
    { ageBand: '0-17', persons: 2000, edVisits: 200, edPersons: 2000 },
    { ageBand: '18-64', persons: 6000, edVisits: 600, edPersons: 6000 },
    { ageBand: '65-74', persons: 1200, edVisits: 240, edPersons: 1200 },
    // ED visits of half the 75+ persons released: the rate is taken where both were released.
    { ageBand: '75+', persons: 800, edVisits: 200, edPersons: 400 },
  ],
};

describe('projection of the regional picture to 2030 and 2035', () => {
  it('ships its figures with their source, date and what is published', () => {
    const p = loadPopulationProjection();
    expect(p.source).toMatch(/Kernprognose/);
    expect(p.source).toMatch(/Regionale bevolkings- en huishoudensprognose/);
    expect(p.date).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(Object.keys(p.factors).sort()).toEqual(['2030', '2035']);
    // No age-band factor was read from a published table: the file says so.
    for (const f of Object.values(p.factors)) expect(f.published).toBe(false);
    expect(p.anchors.every((a) => a.where.length > 0)).toBe(true);
  });

  it('multiplies each band’s persons by the shipped factor and keeps its ED rate', () => {
    const raw = JSON.parse(
      readFileSync(new URL('./population-projection.json', import.meta.url), 'utf8'),
    ) as PopulationProjection;
    for (const year of [2030, 2035]) {
      const f = raw.factors[String(year)] as unknown as Record<string, number>;
      const p = projectArea(area, year);
      expect(p.published).toBe(false);
      expect(p.byAgeBand.find((b) => b.ageBand === '75+')!.persons).toBeCloseTo(800 * f['75+']!, 9);
      expect(p.byAgeBand.find((b) => b.ageBand === '75+')!.edVisits).toBeCloseTo(0.5 * 800 * f['75+']!, 9);
      expect(p.persons).toBeCloseTo(
        2000 * f['0-17']! + 6000 * f['18-64']! + 1200 * f['65-74']! + 800 * f['75+']!,
        9,
      );
    }
    // Ageing: the 75+ grow faster than the whole.
    const p2035 = projectArea(area, 2035);
    expect(p2035.byAgeBand.find((b) => b.ageBand === '75+')!.persons / 800).toBeGreaterThan(
      p2035.persons / 10_000,
    );
  });

  it('follows the figures it is given, not figures of its own', () => {
    const p = loadPopulationProjection();
    const doubled = {
      ...p,
      factors: { ...p.factors, '2030': { ...p.factors['2030']!, '75+': 2 } },
    } as PopulationProjection;
    expect(projectArea(area, 2030, doubled).byAgeBand.find((b) => b.ageBand === '75+')!.persons).toBe(1600);
    expect(() => projectArea(area, 2040)).toThrow(/no projection factors for 2040/);
  });
});
