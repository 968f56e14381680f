import { describe, expect, it } from 'vitest';
import { ReleaseLedger } from '../../privacy/disclosure/release-ledger.ts';
import type { LocalContext } from '../algorithm.ts';
import { requireCrossCells } from './cross-cells.ts';
import type { FeatureMatrix } from './feature-matrix.ts';

/** A design of these feature columns (one array per feature) and outcome. */
function design(columns: number[][], y: number[], idOffset = 0): FeatureMatrix {
  const n = y.length;
  const p = columns.length + 1;
  const x = new Float64Array(n * p);
  for (let i = 0; i < n; i++) {
    x[i * p] = 1;
    columns.forEach((c, k) => {
      x[i * p + k + 1] = c[i]!;
    });
  }
  return {
    n,
    p,
    names: ['(intercept)', ...columns.map((_, k) => `f${k}`)],
    x,
    y: Float64Array.from(y),
    ids: y.map((_, i) => `p${i + idOffset}`),
    sex: y.map(() => 'female'),
    region: y.map(() => 'Utrecht'),
    age: new Float64Array(n).fill(50),
  };
}

/** 1 for the rows in [from, to), 0 elsewhere, over n rows. */
const ones = (n: number, from: number, to: number) =>
  Array.from({ length: n }, (_, i) => (i >= from && i < to ? 1 : 0));
/** An outcome with events at every other row: every cross cell of a large one holds both. */
const alternate = (n: number) => Array.from({ length: n }, (_, i) => i % 2);

/** A station context whose release guard records the sets it is asked to require. */
function station(): { ctx: LocalContext; required: { label: string; ids: string[] }[] } {
  const required: { label: string; ids: string[] }[] = [];
  const ctx = {
    disclosure: { threshold: 10, rounding: 5 },
    release: {
      numbersOf: (ids: readonly string[]) => Uint32Array.from(ids, (id) => Number(id.slice(1))),
      requireMembers: (label: string, members: Iterable<number>) =>
        required.push({ label, ids: [...members].map((k) => `p${k}`) }),
    },
  } as unknown as LocalContext;
  return { ctx, required };
}

describe('cross cells of few-valued features', () => {
  it('refuses two 0/1 features of many holders each that a few patients hold both of', () => {
    // A: rows 0–49, B: rows 47–99; both hold 3 (each level of each feature has ≥ 10).
    const m = design([ones(200, 0, 50), ones(200, 47, 100)], alternate(200));
    const refusal = (() => {
      try {
        requireCrossCells(station().ctx, m, 'glm', undefined);
      } catch (e) {
        return e as { message: string; where?: string; details?: { reason?: string } };
      }
    })();
    expect(refusal?.message).toMatch(/two features with few distinct values cross in a cell below/);
    expect(refusal?.where).toBe('features[0] × features[1]');
    expect(refusal?.details?.reason).toBe('disclosure-risk');
  });

  it('refuses the "neither" cell when a few patients hold neither feature', () => {
    // A: rows 0–99, B: rows 95–196; 3 patients (197–199) hold neither.
    const m = design([ones(200, 0, 100), ones(200, 95, 197)], alternate(200));
    expect(() => requireCrossCells(station().ctx, m, 'glm', undefined)).toThrow(/cross in a cell below/);
  });

  it('refuses a 0/1 feature a few of whose holders have the outcome, naming the outcome', () => {
    // 20 holders (rows 0–19), of whom rows 0–3 have the event; 40 events in all.
    const y = Array.from({ length: 200 }, (_, i) => (i < 4 || (i >= 100 && i < 136) ? 1 : 0));
    const m = design([ones(200, 0, 20)], y);
    expect(() => requireCrossCells(station().ctx, m, 'glm', 'binary')).toThrow(/and the outcome cross/);
    try {
      requireCrossCells(station().ctx, m, 'glm', 'binary');
    } catch (e) {
      expect((e as { where?: string }).where).toBe('features[0] × outcome');
    }
    // Without the outcome (nothing to cross it with) the one feature passes.
    expect(() => requireCrossCells(station().ctx, m, 'glm', undefined)).not.toThrow();
  });

  it('allows empty cells: two levels of one categorical never meet', () => {
    // Three one-hot regions of 60, 70 and 70 patients: every "both" cell is empty.
    const n = 200;
    const m = design([ones(n, 0, 60), ones(n, 60, 130), ones(n, 130, 200)], alternate(n));
    const { ctx, required } = station();
    expect(() => requireCrossCells(ctx, m, 'glm', 'binary')).not.toThrow();
    // Per pair the non-empty cells but the most frequent: 2 per pair of regions, 3 per region × outcome.
    expect(required).toHaveLength(3 * 2 + 3 * 3);
    expect(required[0]).toEqual({
      label: 'glm:features[0] × features[1] level 1 of 2 × level 2 of 2',
      ids: m.ids.slice(60, 130),
    });
    expect(required.every(({ ids }) => ids.length >= 10)).toBe(true);
  });

  it('crosses features of three values cell by cell, named by rank and never by value', () => {
    // ED visits 0, 1, 2 (100, 60, 40) × a condition held by every other patient: 6 cells of 20–50.
    const n = 200;
    const visits = Array.from({ length: n }, (_, i) => (i < 100 ? 0 : i < 160 ? 1 : 2));
    const condition = Array.from({ length: n }, (_, i) => (i % 2 === 0 ? 1 : 0));
    const { ctx, required } = station();
    requireCrossCells(ctx, design([visits, condition], ones(n, 0, 100)), 'validation', 'binary');
    const labels = required.map((r) => r.label);
    expect(labels.filter((l) => l.startsWith('validation:features[0] × features[1]'))).toHaveLength(5);
    expect(labels.every((l) => /^validation:features\[\d\] × (features\[\d\]|outcome) level/.test(l))).toBe(
      true,
    );
    // A feature of more than three values has no cells to cross.
    const many = Array.from({ length: n }, (_, i) => i % 4);
    const other = station();
    requireCrossCells(other.ctx, design([many, condition], alternate(n)), 'glm', undefined);
    expect(other.required).toEqual([]);
  });

  it('refuses a fit whose cross cell is a few patients from one an earlier fit released', async () => {
    const ledger = ReleaseLedger.open();
    // First fit: 200 patients, A rows 0–59, B rows 40–119: 20 hold both.
    const first = await ledger.begin('fit-1', 10);
    const ctx1 = { disclosure: { threshold: 10, rounding: 5 }, release: first } as unknown as LocalContext;
    requireCrossCells(ctx1, design([ones(200, 0, 60), ones(200, 40, 120)], alternate(200)), 'glm', undefined);
    first.commit();
    // Second fit: the same patients and 3 more holding both (rows 200–202): the cells of A and B alone
    // and of neither are the first fit's, "both" differs by those 3.
    const a = [...ones(200, 0, 60), 1, 1, 1];
    const b = [...ones(200, 40, 120), 1, 1, 1];
    const second = await ledger.begin('fit-2', 10);
    const ctx2 = { disclosure: { threshold: 10, rounding: 5 }, release: second } as unknown as LocalContext;
    expect(() => requireCrossCells(ctx2, design([a, b], alternate(203)), 'glm', undefined)).toThrow(
      /glm:features\[0\] × features\[1\] level 2 of 2 × level 2 of 2/,
    );
    second.abort();
  });
});
