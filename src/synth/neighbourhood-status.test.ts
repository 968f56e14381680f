import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { deprivationGroup, loadStatusScores } from '../regional/neighbourhood-status.ts';
import { DIGITAL_RETENTION, quintileOf, statusScore, statusScoreTable } from './neighbourhood-status.ts';
import { simulatePatient } from './patient-generator.ts';
import { synthContext } from './synth-context.ts';

describe('neighbourhood status score', () => {
  it('is the table the stations ship (regenerate with src/synth/write-status-scores.ts)', () => {
    const shipped = JSON.parse(
      readFileSync(new URL('../regional/pc4-status-score.json', import.meta.url), 'utf8'),
    );
    expect(shipped).toEqual(statusScoreTable());
    expect(loadStatusScores().source).toMatch(/synthetic/);
  });

  it('is deterministic, on the statusscore scale, and splits the PC4 areas into fifths', () => {
    expect(statusScore(3511, 'Utrecht')).toBe(statusScore(3511, 'Utrecht'));
    const t = statusScoreTable();
    const scores = Object.values(t.scores);
    expect(scores.length).toBeGreaterThan(1000);
    for (const s of scores) expect(s >= -1 && s <= 0.8).toBe(true);
    const counts = [0, 0, 0, 0, 0];
    for (const s of scores) counts[quintileOf(s, t.quintileBounds) - 1]!++;
    for (const c of counts) expect(Math.abs(c / scores.length - 0.2)).toBeLessThan(0.02);
    expect(deprivationGroup('0000')).toBe('unknown');
    expect(deprivationGroup(null)).toBe('unknown');
  });
});

describe('planted digital-care gradient', () => {
  const ctx = synthContext({ patients: 4000, seed: 23 });
  const records = Array.from({ length: ctx.patients }, (_, i) => simulatePatient(ctx, i));

  it('puts each patient in the quintile the station derives from the PC4, and excluded patients have no virtual contact', () => {
    for (const r of records) {
      const pc4 = r.person.postcode.slice(0, 4);
      expect(deprivationGroup(pc4)).toBe(`Q${r.facts.digital.quintile}`);
      const virtual = r.encounters.some((e) => e.setting === 'virtual');
      expect(virtual).toBe(r.facts.digital.virtualKept);
      if (r.facts.digital.excluded) expect(virtual).toBe(false);
    }
  });

  it('keeps the virtual contacts drawn with the planted probability per quintile', () => {
    for (let q = 1; q <= 5; q++) {
      const drawn = records.filter((r) => r.facts.digital.quintile === q && r.facts.digital.virtualDrawn);
      const kept = drawn.filter((r) => r.facts.digital.virtualKept).length;
      const p = DIGITAL_RETENTION[q - 1]!;
      const se = Math.sqrt(Math.max(p * (1 - p), 0.01) / drawn.length);
      expect(drawn.length).toBeGreaterThan(100);
      expect(Math.abs(kept / drawn.length - p), `quintile ${q}`).toBeLessThan(4 * se);
    }
  });
});
