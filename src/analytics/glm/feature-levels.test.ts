import { describe, expect, it } from 'vitest';
import type { LocalContext } from '../algorithm.ts';
import type { FeatureSpec } from '../features/feature-spec.ts';
import { checkDesign, featureLevels } from './check-design.ts';
import { requireFeatureLevels } from './feature-columns.ts';
import type { FeatureMatrix } from './feature-matrix.ts';

/** A design of one feature with these values (and an outcome half events). */
function design(values: number[]): FeatureMatrix {
  const n = values.length;
  const x = new Float64Array(2 * n);
  values.forEach((v, i) => {
    x[2 * i] = 1;
    x[2 * i + 1] = v;
  });
  return {
    n,
    p: 2,
    names: ['(intercept)', 'f'],
    x,
    y: Float64Array.from(values, (_, i) => i % 2),
    ids: values.map((_, i) => `p${i}`),
    sex: values.map(() => 'female'),
    region: values.map(() => 'Utrecht'),
    age: new Float64Array(n).fill(50),
  };
}

const repeat = (v: number, k: number) => new Array<number>(k).fill(v);
const spec = (kind: 'condition' | 'encounters'): FeatureSpec => ({
  population: { indexDate: '2025-01-01' },
  features: [
    kind === 'condition'
      ? { kind, name: 'copd', codes: ['13645005'] }
      : { kind, name: 'edVisits', setting: 'ed', days: 365 },
  ],
});

/** A station context whose release guard records the sets it is asked to require. */
function station(): { ctx: LocalContext; required: { label: string; ids: string[] }[] } {
  const required: { label: string; ids: string[] }[] = [];
  const ctx = {
    disclosure: { threshold: 10, rounding: 5 },
    release: {
      require: (label: string, ids: Iterable<string>) => required.push({ label, ids: [...ids] }),
    },
  } as unknown as LocalContext;
  return { ctx, required };
}

describe('feature levels', () => {
  it('counts the levels of a feature of at most three values, most frequent first', () => {
    const m = design([...repeat(0, 30), ...repeat(2, 12), ...repeat(1, 15)]);
    expect(featureLevels(m, 1)?.map(([v, rows]) => [v, rows.length])).toEqual([
      [0, 30],
      [1, 15],
      [2, 12],
    ]);
    expect(featureLevels(design([...repeat(0, 30), 1, 2, 3]), 1)).toBeUndefined();
  });

  it('refuses a design where a level of a few-valued feature has fewer patients than the threshold', () => {
    const { ctx } = station();
    // 0, 1 and 2 ED visits with 3 patients at 2: n, Σx and Σx² give those 3.
    expect(() =>
      checkDesign(ctx, design([...repeat(0, 40), ...repeat(1, 20), ...repeat(2, 3)]), true),
    ).toThrow(/few distinct values has a level below/);
    expect(() => checkDesign(ctx, design([...repeat(0, 40), ...repeat(1, 5)]), true)).toThrow(
      /binary feature has a level below/,
    );
    expect(() =>
      checkDesign(ctx, design([...repeat(0, 40), ...repeat(1, 20), ...repeat(2, 10)]), true),
    ).not.toThrow();
  });

  it('passes a 0/1 feature’s holders, and every rarer level of a few-valued one, through the guard', () => {
    const binary = station();
    const m = design([...repeat(0, 30), ...repeat(1, 12)]);
    requireFeatureLevels(binary.ctx, m, spec('condition'), 'glm');
    expect(binary.required).toEqual([{ label: 'glm:copd=1', ids: m.ids.slice(30) }]);

    const counts = station();
    const c = design([...repeat(1, 12), ...repeat(0, 30), ...repeat(2, 11)]);
    requireFeatureLevels(counts.ctx, c, spec('encounters'), 'validation');
    // Named by rank, never by value; the most frequent level (0) is the population minus the others.
    expect(counts.required).toEqual([
      { label: 'validation:edVisits level 2 of 3', ids: c.ids.slice(0, 12) },
      { label: 'validation:edVisits level 3 of 3', ids: c.ids.slice(42) },
    ]);
  });

  it('refuses a count outcome with a rare level and passes its rarer levels through the guard', () => {
    // 0, 1 or 2 admissions: a Poisson fit's deviance + 2 × intercept gradient is 4·log 2 × (patients with 2).
    const m = design(repeat(0, 60));
    const y = (twos: number) =>
      Float64Array.from([...repeat(0, 40), ...repeat(1, 20 - twos), ...repeat(2, twos)]);
    const { ctx, required } = station();
    expect(() => checkDesign(ctx, { ...m, y: y(3) }, false)).toThrow(
      /count outcome with few distinct values/,
    );
    expect(() => checkDesign(ctx, { ...m, y: y(10) }, false)).not.toThrow();
    requireFeatureLevels(ctx, { ...m, y: y(10) }, { ...spec('condition'), features: [] }, 'glm', true);
    expect(required).toEqual([
      { label: 'glm:outcome level 2 of 3', ids: m.ids.slice(40, 50) },
      { label: 'glm:outcome level 3 of 3', ids: m.ids.slice(50) },
    ]);
  });
});
