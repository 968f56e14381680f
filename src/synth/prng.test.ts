import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Prng } from './prng.ts';

describe('Prng', () => {
  it('repeats for the same seed and stream and differs otherwise', () => {
    const draw = (p: Prng) => Array.from({ length: 8 }, () => p.next32());
    expect(draw(new Prng(7, 3))).toEqual(draw(new Prng(7, 3)));
    expect(draw(new Prng(7, 3))).not.toEqual(draw(new Prng(7, 4)));
    expect(draw(new Prng(7, 3))).not.toEqual(draw(new Prng(8, 3)));
    expect(draw(new Prng(2 ** 40 + 7, 3))).not.toEqual(draw(new Prng(7, 3)));
  });

  it('draws floats in [0, 1) and integers in range', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 31 }), fc.integer({ min: 1, max: 1000 }), (seed, n) => {
        const p = new Prng(seed);
        for (let i = 0; i < 50; i++) {
          const f = p.float();
          expect(f >= 0 && f < 1).toBe(true);
          const k = p.int(n);
          expect(Number.isInteger(k) && k >= 0 && k < n).toBe(true);
        }
      }),
    );
  });

  it('has the Poisson mean it is asked for', () => {
    const p = new Prng(1);
    for (const mean of [0.02, 0.8, 4, 40]) {
      let sum = 0;
      const n = 20_000;
      for (let i = 0; i < n; i++) sum += p.poisson(mean);
      expect(Math.abs(sum / n - mean)).toBeLessThan(4 * Math.sqrt(mean / n) + 1e-3);
    }
  });

  it('makes UUID-shaped ids', () => {
    const p = new Prng(5);
    const ids = new Set<string>();
    for (let i = 0; i < 1000; i++) {
      const id = p.uuid();
      expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      ids.add(id);
    }
    expect(ids.size).toBe(1000);
  });
});
