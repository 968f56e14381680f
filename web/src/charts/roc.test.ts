import { describe, expect, it } from 'vitest';
import { rocFromBins } from './charts.tsx';

describe('ROC curve from calibration bins', () => {
  it('runs from (0,0) to (1,1) through the bins from the highest risk down', () => {
    const bins = [
      { from: 0, to: 0.1, n: 100, observed: 0.05, expected: 0.05 },
      { from: 0.1, to: 0.3, n: 50, observed: 0.2, expected: 0.2 },
      { from: 0.3, to: 1, n: 10, observed: 0.6, expected: 0.5 },
    ];
    const roc = rocFromBins(bins);
    expect(roc[0]).toEqual({ threshold: 1, fpr: 0, tpr: 0 });
    const last = roc.at(-1)!;
    expect(last.fpr).toBeCloseTo(1);
    expect(last.tpr).toBeCloseTo(1);
    // events 5 + 10 + 6 = 21; the top bin holds 6 of them and 4 of the 139 non-events
    expect(roc[1]!.tpr).toBeCloseTo(6 / 21);
    expect(roc[1]!.fpr).toBeCloseTo(4 / 139);
    for (let i = 1; i < roc.length; i++) expect(roc[i]!.tpr).toBeGreaterThanOrEqual(roc[i - 1]!.tpr);
  });

  it('skips bins no station released', () => {
    expect(rocFromBins([{ from: 0, to: 1, n: 0, observed: null, expected: null }])).toHaveLength(1);
  });
});
