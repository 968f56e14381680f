import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type MemoryStation, memoryStation } from '../../src/analytics/testing/memory-station.ts';
import { descriptive as alg, type DescriptivePartial } from './descriptive-algorithm.ts';
import { StationRows } from './station-rows.ts';

/**
 * A descriptive rate's numerator left in bands of six whatever its size (midpoint-6: 0 → 0, 1–7 → 4,
 * 8–13 → 10, …), with the group's size at the threshold the only rule. Two leaks followed:
 *
 * 1. **0 or a few.** A group of 20 men of whom nobody was admitted got numerator 0, one with one admitted
 *    man got 4: the rate told whether anyone in the group was admitted (the men of a ward, a village, an
 *    age band), a count of 1 … threshold−1 patients.
 * 2. **One patient's admissions.** With a count outcome the numerator is a sum of patient values without
 *    the dominance rule every other such sum has: 12 women admitted once and one admitted 30 times gave
 *    42 → 40, the 0/1 outcome 13 → 10, so that woman's admissions to within a band (30 read as 31).
 *
 * What must hold: a numerator of fewer than the threshold's patients (none included) is withheld, as is
 * a count outcome's numerator one patient makes up more than `maxShare` of.
 */
const INDEX = '2024-01-01';
const area = { region: 'Utrecht', municipality: 'Utrecht' };

/** 30 women (13 admitted, one of them 30 times) and 20 men, one of whom admitted when `manAdmitted`. */
async function station(id: string, manAdmitted: boolean): Promise<MemoryStation> {
  const st = await memoryStation(id);
  const rows = new StationRows();
  const women = rows.people(30, { birth: '1940-05-01', sex: 'female', ...area });
  const men = rows.people(20, { birth: '1941-05-01', sex: 'male', ...area });
  for (const w of women.slice(0, 12)) rows.admission(w, '2024-03-04');
  for (let k = 0; k < 30; k++)
    rows.admission(women[12]!, `2024-0${1 + (k % 9)}-${String(10 + (k % 17)).padStart(2, '0')}`);
  if (manAdmitted) rows.admission(men[0]!, '2024-06-01');
  await rows.write(st);
  return st;
}

const rates = async (st: MemoryStation, count: boolean) => {
  const ctx = st.context({ disclosure: { threshold: 10, rounding: 5 } });
  const out = (await alg.local(
    ctx,
    {
      population: { indexDate: INDEX },
      variables: [],
      outcome: { kind: 'unplanned-admission' as const, days: 365, ...(count ? { count: true } : {}) },
      rates: [{ by: 'sex' }],
    },
    0,
  )) as DescriptivePartial;
  const group = (g: string) => out.rates[0]!.groups.find((x) => x.group === g);
  return { female: group('female'), male: group('male') };
};

describe('attack: small and dominated rate numerators', () => {
  let none: MemoryStation;
  let one: MemoryStation;
  beforeAll(async () => {
    none = await station('station-r0', false);
    one = await station('station-r1', true);
  });
  afterAll(() => {
    none.close();
    one.close();
  });

  it('a group with nobody admitted answers like one with a few', async () => {
    const a = await rates(none, false);
    const b = await rates(one, false);
    expect(b.male, 'the men with one of them admitted').toEqual(a.male);
    // The women's 13 admitted are at the threshold: their rate is released.
    expect(a.female?.numerator).toBe(10);
  });

  it('a count outcome’s numerator one patient makes up most of is withheld', async () => {
    const counted = await rates(none, true);
    const binary = await rates(none, false);
    const n = counted.female?.numerator;
    const read =
      typeof n === 'number' && typeof binary.female?.numerator === 'number'
        ? n - binary.female.numerator + 1
        : undefined;
    if (read !== undefined) expect(Math.abs(read - 30), 'one woman’s 30 admissions').toBeGreaterThan(6);
    expect(n).toBeNull();
  });
});
