import { describe, expect, it } from 'vitest';
import { radarPoint } from './radar.ts';

describe('radar chart geometry', () => {
  it('puts the first axis at the top and goes clockwise, value as the distance from the centre', () => {
    const top = radarPoint(0, 4, 100);
    expect(top.x).toBeCloseTo(0);
    expect(top.y).toBeCloseTo(100);
    const right = radarPoint(1, 4, 50);
    expect(right.x).toBeCloseTo(50);
    expect(right.y).toBeCloseTo(0);
    const p = radarPoint(3, 9, 62.5);
    expect(Math.hypot(p.x, p.y)).toBeCloseTo(62.5);
  });

  it('keeps values within the chart', () => {
    expect(Math.hypot(radarPoint(2, 5, 140).x, radarPoint(2, 5, 140).y)).toBeCloseTo(100);
    const below = radarPoint(2, 5, -3);
    expect(Math.hypot(below.x, below.y)).toBe(0);
  });
});
