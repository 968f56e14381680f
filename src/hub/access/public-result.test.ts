import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { publicResult } from './public-result.ts';

const stations = new Set(['stn_a', 'stn_b', 'noord', 'zuid']);

describe('publicResult', () => {
  it('keeps the combined figures of a cohort result and drops each station’s', () => {
    const result = {
      cohort: 'dm',
      count: { value: 1250, suppressedAt: 1 },
      attrition: [{ label: 'entry', count: { value: 1400, suppressedAt: 0 } }],
      stations: [
        { stationId: 'stn_a', result: { count: { value: 700, suppressed: false } } },
        { stationId: 'stn_b', result: { count: { value: 550, suppressed: false } } },
      ],
    };
    expect(publicResult(result, stations)).toEqual({
      cohort: 'dm',
      count: { value: 1250, suppressedAt: 1 },
      attrition: [{ label: 'entry', count: { value: 1400, suppressedAt: 0 } }],
    });
  });

  it('drops per-station blocks of descriptive, GLM, validation and representativeness results', () => {
    const result = {
      pooled: { n: 1250, summaries: [{ variable: 'age', n: 1250, mean: 61.2, withheldAt: ['stn_b'] }] },
      perStation: { stn_a: { n: 700 }, stn_b: { n: 550 } },
      nPerStation: { stn_a: 700, stn_b: 550 },
      n: 1250,
      subgroups: [{ key: 'sex', group: 'female', stations: ['stn_a'], metrics: { n: 600 } }],
      suppressed: [{ stationId: 'stn_b', key: 'region', group: 'Limburg', reason: 'small' }],
      byName: { noord: { n: 700 } },
      owner: 'zuid',
      gaps: [{ key: 'sex', worst: 'female', best: 'male' }],
    };
    expect(publicResult(result, stations)).toEqual({
      pooled: { n: 1250, summaries: [{ variable: 'age', n: 1250, mean: 61.2 }] },
      n: 1250,
      subgroups: [{ key: 'sex', group: 'female', metrics: { n: 600 } }],
      suppressed: [],
      byName: {},
      gaps: [{ key: 'sex', worst: 'female', best: 'male' }],
    });
  });

  it('never lets a station id, a station name or a per-station field through, whatever the shape', () => {
    const names = [...stations];
    const key = fc.oneof(
      fc.constantFrom(...names, 'stations', 'perStation', 'stationId', 'n', 'pooled'),
      fc.string(),
    );
    const leaf = fc.oneof(fc.constantFrom(...names), fc.string(), fc.integer(), fc.constant(null));
    const tree = fc.letrec<{ v: unknown }>((tie) => ({
      v: fc.oneof(
        { depthSize: 'small' },
        leaf,
        fc.array(tie('v'), { maxLength: 4 }),
        fc.dictionary(key, tie('v'), { maxKeys: 5 }),
      ),
    })).v;
    fc.assert(
      fc.property(tree, (result) => {
        const text = JSON.stringify(publicResult(result, stations)) ?? '';
        for (const name of names) expect(text).not.toContain(`"${name}"`);
        for (const k of ['stations', 'perStation', 'stationId']) expect(text).not.toContain(`"${k}":`);
      }),
      { numRuns: 300 },
    );
  });
});
