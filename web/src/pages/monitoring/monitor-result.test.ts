import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { combineMonitor } from '../../../../src/monitoring/combine-monitor.ts';
import { parseMonitorDefinition } from '../../../../src/monitoring/monitor-definition.ts';
import { simulatedPartials } from '../../../../src/monitoring/null-series.ts';
import { COMBINED, effectRows, forestRows, type MonitorResult, seriesRows } from './monitor-result.ts';

const definition = parseMonitorDefinition({
  ...JSON.parse(
    readFileSync(new URL('../../../../examples/monitors/wijkkliniek.json', import.meta.url), 'utf8'),
  ),
  followUpMonths: 6,
});

/** Three simulated stations; the second withholds its third month (a small increment). */
function result(): MonitorResult {
  const partials = simulatedPartials(
    definition,
    { exposedPerStation: [150, 120, 90], ratio: 1, baseRate: 0.03, rateRatio: 0.7 },
    11,
  );
  const withheld = partials[1]!.output.months[2]!;
  for (const arm of [withheld.exposed, withheld.control]) {
    arm.indicators['ed-visits'] = { events: null, sum: null, sumSq: null, withheld: 'small' };
  }
  return combineMonitor(partials, definition) as unknown as MonitorResult;
}

describe('monitor dashboard rows', () => {
  it('sums the stations that released a month and rates them per 1,000 person-months', () => {
    const r = result();
    const rows = seriesRows(r, 'ed-visits', COMBINED).filter((x) => x.month === '2024-01');
    expect(rows.map((x) => x.arm)).toEqual(['exposed', 'control']);
    const cells = Object.values(r.series!['ed-visits']![0]!.stations).map((c) => c!.post.exposed);
    const events = cells.reduce((s, c) => s + c.events, 0);
    const pm = cells.reduce((s, c) => s + c.personMonths, 0);
    expect(rows[0]).toMatchObject({ status: 'released', events, personMonths: pm, withheldAt: 0 });
    expect(rows[0]!.rate).toBeCloseTo((1000 * events) / pm, 9);
  });

  it('shows a withheld month as suppressed at its station and as partial combined, never as 0', () => {
    const r = result();
    const station = r.stations![1]!;
    const own = seriesRows(r, 'ed-visits', station).filter((x) => x.month === '2024-03');
    expect(own).toHaveLength(2);
    for (const x of own) {
      expect(x.status).toBe('suppressed');
      expect(x.rate).toBeNull();
      expect(x.events).toBeNull();
    }
    const combined = seriesRows(r, 'ed-visits', COMBINED).filter((x) => x.month === '2024-03');
    for (const x of combined) expect(x).toMatchObject({ status: 'partial', withheldAt: 1 });
    expect(combined[0]!.rate).toBeGreaterThan(0);
    // The month after is released again at that station.
    expect(seriesRows(r, 'ed-visits', station).find((x) => x.month === '2024-04')?.status).toBe('released');
  });

  it('reads the pooled and per-station effects as the result holds them', () => {
    const r = result();
    const last = r.effects['ed-visits']!.at(-1)!;
    expect(effectRows(r, 'ed-visits', COMBINED).at(-1)).toMatchObject({
      estimate: last.pooled!.estimate,
      lower: last.pooled!.lower,
      upper: last.pooled!.upper,
      z: last.pooled!.z,
    });
    const names = Object.fromEntries(r.stations!.map((s, i) => [s, `Station ${i + 1}`]));
    const forest = forestRows(r, 'ed-visits', names, 'Pooled');
    expect(forest.map((f) => f.label)).toEqual(['Station 1', 'Station 2', 'Station 3', 'Pooled']);
    expect(forest.at(-1)!.estimate).toBe(last.pooled!.estimate);
    expect(forest[0]!.estimate).toBe(last.stations![r.stations![0]!]!.estimate);
  });
});
