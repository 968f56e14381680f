import { mkdtemp, rm, stat, truncate } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { canonicalColumn, featureTransform } from '../../analytics/features/canonical-column.ts';
import type { Feature } from '../../analytics/features/feature-spec.ts';
import { ColumnSketch, quantise } from './column-sketch.ts';
import { ReleaseLedger } from './release-ledger.ts';

const dirs: string[] = [];
afterAll(async () => {
  for (const d of dirs) await rm(d, { recursive: true, force: true });
});
async function tempFile(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'column-ledger-'));
  dirs.push(dir);
  return join(dir, 'station', 'release-ledger.bin');
}

const ids = (n: number) => Array.from({ length: n }, (_, i) => `p${i}`);
/** A spread column: patient i has i mod 13 (at least 14 patients off any one value). */
const spread = (n: number) => Float64Array.from({ length: n }, (_, i) => (i % 13) * 1.5);
const changed = (v: Float64Array, rows: number[], by = 1) => {
  const out = Float64Array.from(v);
  for (const r of rows) out[r] = out[r]! + by;
  return out;
};

describe('column ledger', () => {
  it('refuses a column whose values differ from an earlier one for 1 … threshold−1 patients', async () => {
    const ledger = ReleaseLedger.open();
    const g = await ledger.begin('t1', 10);
    const a = spread(200);
    expect(g.admitColumn('gp100', ids(200), a)).toBe(true);
    // GP encounters one day further back: five patients had one more.
    expect(g.admitColumn('gp101', ids(200), changed(a, [3, 17, 40, 41, 199]))).toBe(false);
    expect(g.admitColumn('gp101 again', ids(200), changed(a, [3, 17, 40, 41, 199]))).toBe(false);
    // Ten patients differ: the difference of the sums is about at least the threshold's patients.
    expect(g.admitColumn('gp110', ids(200), changed(a, [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]))).toBe(true);
    // The same column again is a repeat (nothing new).
    expect(g.admitColumn('gp100 again', ids(200), a)).toBe(true);
    g.commit();
    expect(ledger.columns.size).toBe(2);
  });

  it('decides the same when one list of patients is passed again (columns sketched from their changes)', async () => {
    const ledger = ReleaseLedger.open();
    const g = await ledger.begin('t1', 10);
    const pts = ids(200);
    const a = spread(200);
    expect(g.admitColumn('gp100', pts, a)).toBe(true);
    expect(g.admitColumn('gp101', pts, changed(a, [3, 17, 40, 41, 199]))).toBe(false);
    expect(g.admitColumn('gp110', pts, changed(a, [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]))).toBe(true);
    // Five patients off the last admitted column (sketched from it), and off the first.
    const b = changed(a, [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(g.admitColumn('gp111', pts, changed(b, [50, 60, 70]))).toBe(false);
    expect(g.admitColumn('gp100 again', pts, a)).toBe(true);
    // The list changed in place: its old numbers and sketches are not used.
    pts[0] = 'q0';
    expect(g.admitColumn('other patient', pts, a)).toBe(false);
    g.commit();
    expect(ledger.columns.size).toBe(2);
  });

  it('property: a sketch from the changes of a known column is the sketch of the new column, bit for bit', () => {
    const salt = [0x12345678, 0x9abcdef0, 0x0fedcba9, 0x87654321] as const;
    fc.assert(
      fc.property(
        fc.array(
          fc.tuple(fc.integer({ min: 0, max: 1000 }), fc.double({ noNaN: true }), fc.double({ noNaN: true })),
          {
            maxLength: 200,
          },
        ),
        fc.integer({ min: 0, max: 100 }),
        (rows, keep) => {
          const keys = Uint32Array.from(rows, ([k]) => k);
          const before = Float64Array.from(rows, ([, b]) => b);
          // Some rows keep their value (unchanged patients), the rest take the new one.
          const after = Float64Array.from(rows, ([, b, a], i) => (i % 101 < keep ? b : a));
          const direct = ColumnSketch.of(keys, after, salt).toBytes();
          const derived = ColumnSketch.changed(
            ColumnSketch.of(keys, before, salt),
            keys,
            before,
            after,
            salt,
          );
          expect(Buffer.compare(derived.toBytes(), direct)).toBe(0);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('refuses the same values on a set one patient larger, and a column a few patients make non-constant', async () => {
    const g = await ReleaseLedger.open().begin('t', 10);
    const a = spread(100);
    expect(g.admitColumn('a', ids(100), a)).toBe(true);
    expect(g.admitColumn('a plus one', ids(101), Float64Array.from([...a, 4]))).toBe(false);
    const rare = new Float64Array(100);
    rare[5] = 140;
    rare[6] = 150;
    expect(g.admitColumn('rare observation', ids(100), rare)).toBe(false);
    expect(() => g.requireColumn('rare observation', ids(100), rare)).toThrow(
      /fewer patients than the threshold/,
    );
  });

  it('compares canonical columns: a requester’s centre and scale do not make a column new', async () => {
    const g = await ReleaseLedger.open().begin('t', 10);
    const years = Float64Array.from({ length: 100 }, (_, i) => 20 + i * 0.37);
    const asked = (centre: number, values: Float64Array) => {
      const t = featureTransform({ kind: 'age', name: 'age', centre });
      // What the feature SQL returns: (years − centre) / 10; the guard gets it back in years.
      return canonicalColumn(
        values.map((y) => (y - centre) / 10),
        t,
      );
    };
    expect(g.admitColumn('age c50', ids(100), asked(50, years))).toBe(true);
    const older = changed(years, [7, 8], 0.5);
    expect(g.admitColumn('age c60, two patients older', ids(100), asked(60, older))).toBe(false);
    const m1 = g.moments('age c70', ids(100), asked(70, years), 5);
    const m2 = g.moments('age c40', ids(100), asked(40, years), 5);
    expect(m1).toEqual(m2);
  });

  it('noised moments: the same column gets the same answer, an indicator mean is no fraction of n', async () => {
    const ledger = ReleaseLedger.open();
    const g = await ledger.begin('t', 10);
    const n = 317;
    const female = Float64Array.from({ length: n }, (_, i) => (i % 3 === 0 ? 1 : 0));
    const m = g.moments('female', ids(n), female, 5)!;
    expect(g.moments('female again', ids(n), female, 5)).toEqual(m);
    const f = female.reduce((a, v) => a + v, 0);
    expect(Math.abs(m.mean * n - f)).toBeLessThanOrEqual(2.5);
    // Only the exact n made the exact mean a fraction; none of the five n a rounded 315 allows does now.
    const fractions = [313, 314, 315, 316, 317].filter(
      (k) => Math.abs(m.mean * k - Math.round(m.mean * k)) < 1e-6,
    );
    expect(fractions).not.toEqual([n]);
  });

  it('is on disk (appended, flushed) when the task commits, and survives a restart', async () => {
    const path = await tempFile();
    const a = spread(150);
    let ledger = ReleaseLedger.open(path);
    let g = await ledger.begin('t1', 10);
    const before = g.moments('gp100', ids(150), a, 5);
    g.abort();
    expect(ledger.columns.size).toBe(0);
    g = await ledger.begin('t1', 10);
    expect(g.moments('gp100', ids(150), a, 5)).toEqual(before);
    g.commit();
    const bytes = (await stat(`${path}.columns`)).size;
    expect(bytes).toBeGreaterThan(10_000);
    expect((await stat(`${path}.columns`)).mode & 0o777).toBe(0o600);
    ledger.close();

    ledger = ReleaseLedger.open(path);
    expect(ledger.columns.size).toBe(1);
    g = await ledger.begin('t2', 10);
    expect(g.admitColumn('gp101', ids(150), changed(a, [1, 2]))).toBe(false);
    // The salt came back with the file: the same column gets the same noise after the restart.
    expect(g.moments('gp100 again', ids(150), a, 5)).toEqual(before);
    g.commit();
    ledger.close();

    // A write a crash cut short is cut off; the records before it stay.
    await truncate(`${path}.columns`, bytes - 7);
    ledger = ReleaseLedger.open(path);
    expect(ledger.columns.size).toBe(0);
    g = await ledger.begin('t3', 10);
    expect(g.admitColumn('gp100', ids(150), a)).toBe(true);
    g.commit();
    ledger.close();
  });

  /**
   * Variable definitions drawn the way the feature language allows (encounter windows, imputed,
   * centred and scaled observations, indicators of a window), asked in random order by random
   * requesters: no two admitted columns differ on 1 … threshold−1 patients, and no admitted column is
   * constant but for a few.
   */
  it('property: no two released columns over one population differ on 1 … threshold−1 patients', async () => {
    const threshold = 10;
    const patient = fc.record({
      days: fc.array(fc.integer({ min: 1, max: 60 }), { maxLength: 6 }),
      value: fc.option(fc.double({ min: 50, max: 200, noNaN: true }), { nil: undefined }),
    });
    const variable = fc.oneof(
      fc.record({ kind: fc.constant('encounters' as const), days: fc.integer({ min: 1, max: 60 }) }),
      fc.record({ kind: fc.constant('any' as const), days: fc.integer({ min: 1, max: 60 }) }),
      fc.record({
        kind: fc.constant('observation' as const),
        impute: fc.constantFrom(0, 120, 1000),
        centre: fc.option(fc.constantFrom(100, 130), { nil: undefined }),
        scale: fc.option(fc.constantFrom(10, 20), { nil: undefined }),
      }),
    );
    const differing = (a: Float64Array, b: Float64Array) =>
      a.reduce((n, x, i) => n + (quantise(x) === quantise(b[i]!) ? 0 : 1), 0);
    const offMode = (a: Float64Array) => {
      const q = Array.from(a, quantise);
      return q.length - Math.max(...[...new Set(q)].map((x) => q.filter((y) => y === x).length));
    };
    await fc.assert(
      fc.asyncProperty(
        fc.array(patient, { minLength: 25, maxLength: 120 }),
        fc.array(variable, { minLength: 2, maxLength: 8 }),
        async (people, variables) => {
          const ledger = ReleaseLedger.open();
          const who = people.map((_, i) => `p${i}`);
          const released: Float64Array[] = [];
          for (const [k, v] of variables.entries()) {
            let values: Float64Array;
            let feature: Feature | undefined;
            if (v.kind === 'encounters')
              values = Float64Array.from(people, (p) => p.days.filter((d) => d <= v.days).length);
            else if (v.kind === 'any')
              values = Float64Array.from(people, (p) => (p.days.some((d) => d <= v.days) ? 1 : 0));
            else {
              feature = {
                kind: 'observation',
                name: 'o',
                code: 'x',
                impute: v.impute,
                centre: v.centre,
                scale: v.scale,
              };
              values = Float64Array.from(
                people,
                (p) => ((p.value ?? v.impute) - (v.centre ?? 0)) / (v.scale ?? 1),
              );
            }
            const canonical = canonicalColumn(values, featureTransform(feature));
            const g = await ledger.begin(`requester-${k}`, threshold);
            if (g.moments(`v${k}`, who, canonical, 5)) released.push(canonical);
            else {
              // A refusal has a reason: a small group off the column's mode, or off an earlier column.
              const small = (d: number) => d > 0 && d < threshold;
              expect(
                small(offMode(canonical)) || released.some((r) => small(differing(r, canonical))),
                'a column refused without a small difference',
              ).toBe(true);
            }
            g.commit();
          }
          for (const [i, a] of released.entries()) {
            const off = offMode(a);
            expect(off === 0 || off >= threshold).toBe(true);
            for (const b of released.slice(i + 1)) {
              const d = differing(a, b);
              expect(d === 0 || d >= threshold, `two released columns differ on ${d} patients`).toBe(true);
            }
          }
        },
      ),
      { numRuns: 150 },
    );
  });
});
