import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  checkPolicy,
  DEFAULT_DISCLOSURE,
  discloseCount,
  formatDisclosed,
  roundTo,
  suppressed,
} from './disclosure-policy.ts';
import { releaseCount } from './release-count.ts';
import { ReleaseLedger } from './release-ledger.ts';
import { releasePartition } from './release-partition.ts';

const policy = DEFAULT_DISCLOSURE;
const small = (n: number, t: number) => n > 0 && n < t;
const ids = (prefix: string, n: number) => Array.from({ length: n }, (_, i) => `${prefix}${i}`);

describe('discloseCount', () => {
  it('suppresses below the threshold and rounds the rest', () => {
    expect(discloseCount(0, policy)).toEqual({ value: null, suppressed: true, reason: 'small' });
    expect(discloseCount(9, policy).suppressed).toBe(true);
    expect(discloseCount(10, policy)).toEqual({ value: 10, suppressed: false });
    expect(discloseCount(12, policy).value).toBe(10);
    expect(discloseCount(13, policy).value).toBe(15);
    expect(roundTo(17.5, 5)).toBe(20);
    expect(formatDisclosed(discloseCount(3, policy), policy)).toBe('<10');
    expect(formatDisclosed(discloseCount(123, policy), policy)).toBe('125');
    expect(formatDisclosed(suppressed('differencing'), policy)).toBe('withheld');
  });
  it('rejects a policy that is not positive integers', () => {
    expect(() => checkPolicy({ threshold: 0, rounding: 5 })).toThrow('disclosure.threshold');
    expect(() => checkPolicy({ threshold: 10, rounding: 2.5 })).toThrow('disclosure.rounding');
  });
});

describe('releaseCount', () => {
  it('withholds small sets and sets the ledger refuses, rounds the rest', async () => {
    const guard = await ReleaseLedger.open().begin('t', 10);
    expect(releaseCount(guard, 'a', ids('p', 123), policy)).toEqual({ value: 125, suppressed: false });
    expect(releaseCount(guard, 'b', ids('p', 120), policy)).toEqual({
      value: null,
      suppressed: true,
      reason: 'differencing',
    });
    expect(releaseCount(guard, 'c', ids('q', 4), policy)).toMatchObject({ reason: 'small' });
    expect(guard.considered).toBe(3);
    guard.commit();
  });
});

describe('releasePartition', () => {
  it('withholds a second cell when one small cell could be derived from the total', async () => {
    const guard = await ReleaseLedger.open().begin('t', 10);
    const r = releasePartition(
      guard,
      (k) => k,
      [
        { key: 'a', patients: ids('a', 3) },
        { key: 'b', patients: ids('b', 40) },
        { key: 'c', patients: ids('c', 100) },
      ],
      policy,
    );
    expect(r.cells.map((c) => c.count.reason ?? c.count.value)).toEqual(['small', 'secondary', 100]);
    expect(r.total).toBe(100);
  });

  it('counts hidden mass (patients of the released total that are in no cell)', async () => {
    const guard = await ReleaseLedger.open().begin('t', 10);
    const r = releasePartition(
      guard,
      (k) => k,
      [
        { key: 'a', patients: ids('a', 50) },
        { key: 'b', patients: ids('b', 60) },
      ],
      policy,
      4,
    );
    expect(r.cells[0]?.count.reason).toBe('secondary');
  });

  it('withholds a cell the ledger refuses, and then enough others that it cannot be derived', async () => {
    const ledger = ReleaseLedger.open();
    const earlier = await ledger.begin('t1', 10);
    earlier.admit('earlier', ids('b', 45));
    earlier.commit();
    const guard = await ledger.begin('t2', 10);
    const r = releasePartition(
      guard,
      (k) => k,
      [
        { key: 'a', patients: ids('a', 30) },
        { key: 'b', patients: ids('b', 48) },
        { key: 'c', patients: ids('c', 100) },
      ],
      policy,
    );
    // b is 3 patients away from an earlier release; withholding it alone is fine (48 ≥ 10 withheld).
    expect(r.cells.map((c) => c.count.reason ?? c.count.value)).toEqual([30, 'differencing', 100]);
    expect(r.total).toBe(130);
  });

  it('answers alike whether a withheld cell is empty or small (neither "secondary" tells which)', async () => {
    // A fixed table (e.g. age band × sex) with one cell of 0 and, on other data, of 3 patients: were
    // secondary suppression only for a withheld mass of 1..threshold−1, a withheld second cell would
    // say that the small cell holds at least one patient.
    const release = async (first: number) =>
      releasePartition(
        await ReleaseLedger.open().begin('t', 10),
        (k) => k,
        [
          { key: 'a', patients: ids('a', first) },
          { key: 'b', patients: ids('b', 40) },
          { key: 'c', patients: ids('c', 100) },
        ],
        policy,
      ).cells.map((c) => c.count);
    const empty = await release(0);
    expect(empty.map((c) => c.reason ?? c.value)).toEqual(['small', 'secondary', 100]);
    for (const n of [1, 3, 9]) expect(await release(n)).toEqual(empty);
  });

  it('property: the withheld mass is 0 or at least the threshold, totals are sums of released cells', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.nat(60), { maxLength: 8 }),
        fc.integer({ min: 0, max: 9 }),
        fc.integer({ min: 2, max: 12 }),
        fc.integer({ min: 1, max: 5 }),
        async (sizes, hidden, threshold, rounding) => {
          const p = { threshold, rounding };
          const h = Math.min(hidden, threshold - 1);
          const guard = await ReleaseLedger.open().begin('t', threshold);
          const cells = sizes.map((n, key) => ({ key, patients: ids(`c${key}-`, n) }));
          const r = releasePartition(guard, String, cells, p, h);
          const withheld =
            h +
            r.cells.filter((c) => c.count.suppressed).reduce((s, c) => s + cells[c.key]!.patients.length, 0);
          const allSuppressed = r.cells.every((c) => c.count.suppressed);
          expect(small(withheld, threshold) && !allSuppressed).toBe(false);
          for (const c of r.cells)
            if (!c.count.suppressed) expect(cells[c.key]!.patients.length).toBeGreaterThanOrEqual(threshold);
          expect(r.total).toBe(r.cells.reduce((s, c) => s + (c.count.value ?? 0), 0));
          guard.commit();
        },
      ),
    );
  });
});
