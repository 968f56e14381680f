import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { central } from '../../src/analytics/algorithms/outcome-monitor/central.ts';
import { definition } from '../../src/analytics/algorithms/outcome-monitor/definition.ts';
import { local } from '../../src/analytics/algorithms/outcome-monitor/local.ts';
import { composeAlgorithm } from '../../src/analytics/local-runner.ts';
import { type MemoryStation, memoryStation } from '../../src/analytics/testing/memory-station.ts';
import type { MonitorDefinitionInput } from '../../src/monitoring/monitor-definition.ts';
import { type MonitorPartial, MonitorRunInputSchema } from '../../src/monitoring/monitor-partial.ts';
import { prepareMonitor } from '../../src/monitoring/monitor-station.ts';
import { Prng } from '../../src/synth/prng.ts';
import { exactN } from './attack-fixture.ts';
import { StationRows } from './station-rows.ts';

const alg = composeAlgorithm(definition, local, central);
const CODES = ['C1', 'C2', 'C3', 'C4'];

/**
 * The balance table of a monitor released exact means and proportions:
 * - a proportion is holders / n exactly, so the male proportion of the matched exposed group pins the
 *   exact group size behind the rounded count (`exactN`);
 * - the proportion of a condition before matching (all exposed) and after (the matched exposed) gives,
 *   with the group sizes, the number of *unmatched* exposed patients who have the condition: a count of
 *   a few patients, read from two means over groups that each pass every rule.
 */
describe('attack: exact covariate means in a monitor’s balance table', () => {
  let st: MemoryStation;
  beforeAll(async () => {
    st = await memoryStation('station-b');
    const rng = new Prng(11);
    const rows = new StationRows();
    // 63 exposed patients; a pool of 50 (1:1 matching leaves 13 exposed unmatched) or of 150.
    const person = (id: string, town: string) => {
      rows.patient({
        id,
        birth: `194${rng.int(6)}-0${1 + rng.int(9)}-01`,
        sex: rng.chance(0.5) ? 'male' : 'female',
        region: 'Gelderland',
        municipality: town,
      });
      for (const [k, code] of CODES.entries())
        if (rng.chance(0.25 + 0.1 * k)) rows.condition(id, code, '2020-01-01');
    };
    for (let i = 0; i < 63; i++) person(`n${i}`, 'Nijmegen');
    for (let i = 0; i < 50; i++) person(`a${i}`, 'Arnhem');
    for (let i = 0; i < 100; i++) person(`e${i}`, 'Ede');
    await rows.write(st);
  });
  afterAll(() => st.close());

  /** Ede in the pool (every exposed patient matched) or left out of it (13 unmatched). */
  const monitor = (name: string, withEde: boolean): MonitorDefinitionInput => ({
    name,
    owner: 'attacker',
    population: { ageAtStart: { min: 75 }, regions: ['Gelderland'] },
    exposure: { kind: 'municipality', municipalities: ['Nijmegen'] },
    start: '2024-01-01',
    comparison: { excludeMunicipalities: withEde ? [] : ['Ede'] },
    matching: { covariates: ['age', 'male'], conditions: CODES, ratio: 1, caliperSd: 2 },
    indicators: ['ed-visits'],
    baselineMonths: 12,
    followUpMonths: 2,
  });

  it('does not pin the exact matched group size behind the rounded count', async () => {
    const ctx = st.context({ purpose: 'public-health', disclosure: { threshold: 10, rounding: 5 } });
    const input = { monitor: monitor('exact n', true) };
    const truth = await prepareMonitor(ctx, MonitorRunInputSchema.parse(input));
    const n = truth.matchedExposed.ids.length;
    expect(n % 5, 'a group size that rounding changes').not.toBe(0);
    const part = (await alg.local(ctx, input, 0)) as MonitorPartial;
    const rounded = part.groups.matchedExposed.value!;
    for (const row of part.balance) {
      const p = row.after.exposed;
      if (p === null) continue;
      expect(exactN(rounded, p), `${row.covariate}: the exact n read from its mean`).not.toEqual([n]);
    }
  });

  it('does not reveal how many unmatched patients have a condition', async () => {
    const ctx = st.context({ purpose: 'public-health', disclosure: { threshold: 10, rounding: 1 } });
    const input = { monitor: monitor('before and after', false) };
    const truth = await prepareMonitor(ctx, MonitorRunInputSchema.parse(input));
    const matched = new Set(truth.matchedExposed.ids);
    expect(truth.exposedAll.ids.length - matched.size).toBeGreaterThanOrEqual(10);
    const part = (await alg.local(ctx, input, 0)) as MonitorPartial;
    const nAll = part.groups.exposed.value;
    const nMatched = part.groups.matchedExposed.value!;
    let small = 0;
    for (const [k, code] of CODES.entries()) {
      const col = truth.columns.findIndex((c) => c.name === `condition:${code}`);
      const unmatchedHolders = truth.exposedAll.rows.filter(
        (r, i) => r[col] === 1 && !matched.has(truth.exposedAll.ids[i]!),
      ).length;
      if (unmatchedHolders < 1 || unmatchedHolders >= 10) continue;
      small++;
      const row = part.balance.find((b) => b.covariate === `condition:${code}`)!;
      const before = row.before?.exposed ?? null;
      const after = row.after.exposed;
      if (nAll === null || before === null || after === null) continue;
      const revealed = Math.round(before * nAll - after * nMatched);
      expect(revealed, `unmatched exposed patients with ${CODES[k]}`).not.toBe(unmatchedHolders);
    }
    expect(small, 'a condition that 1..9 unmatched patients have').toBeGreaterThan(0);
  });
});
