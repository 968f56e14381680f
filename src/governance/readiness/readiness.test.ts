import { describe, expect, it } from 'vitest';
import { changedOrganisations, laplace, snapshotFigures, takesNewSnapshot } from './network-snapshot.ts';
import { checkAnswers, nextSteps, readinessThemes, themeScores } from './readiness.ts';

const all = (v: number) =>
  Object.fromEntries(readinessThemes.themes.flatMap((t) => t.questions.map((q) => [q.id, v])));

describe('AI-readiness self-assessment', () => {
  it('has the nine themes with questions and next steps in Dutch and English', () => {
    expect(readinessThemes.themes.map((t) => t.id)).toEqual([
      'governance-strategy',
      'data-infrastructure',
      'validation',
      'care-integration',
      'business-case',
      'user-acceptance',
      'ethics-elsa',
      'security',
      'training',
    ]);
    for (const t of readinessThemes.themes) {
      expect(t.questions.length).toBeGreaterThan(0);
      expect(t.nextSteps.length).toBeGreaterThan(0);
    }
  });
  it('scores each theme 0–100 and gives next steps for each low one', () => {
    const answers = { ...all(3), 'validation.local-validation': 0, 'validation.monitoring': 1 };
    const scores = themeScores(answers);
    expect(scores.find((s) => s.theme === 'validation')).toMatchObject({ score: 13, low: true });
    expect(scores.find((s) => s.theme === 'security')).toMatchObject({ score: 75, low: false });
    expect(nextSteps(scores).map((n) => n.theme)).toEqual(['validation']);
  });
  it('names the unanswered or unknown question', () => {
    const { 'security.fallback': _, ...missing } = all(2);
    expect(() => checkAnswers(missing)).toThrow(/body.answers.security.fallback/);
    expect(() => checkAnswers({ ...all(2), 'security.other': 1 })).toThrow(/body.answers.security.other/);
  });
  it('compares with the network only from three organisations on, the median from six', () => {
    const none = snapshotFigures([all(1), all(3)], () => 0.5);
    expect(none.themes[0]).toEqual({ theme: 'governance-strategy', median: null, mean: null });
    // u = 0.5 draws zero noise: the figures themselves.
    expect(snapshotFigures([all(1), all(3), all(4)], () => 0.5).themes[0]).toEqual({
      theme: 'governance-strategy',
      median: null,
      mean: 67,
    });
    const six = snapshotFigures([all(0), all(1), all(2), all(3), all(4), all(4)], () => 0.5);
    expect(six.themes[0]).toMatchObject({ median: 63, mean: 58 });
    expect(six.noise).toEqual({ epsilonPerFigure: 2, scale: 8.3 });
  });
  it('adds Laplace noise of the stated scale, clamped to 0–100', () => {
    let s = 7;
    const random = () => {
      s = (s * 16807) % 2147483647;
      return s / 2147483647;
    };
    const draws = Array.from({ length: 20000 }, () => laplace(10, random));
    const meanAbs = draws.reduce((a, b) => a + Math.abs(b), 0) / draws.length;
    expect(meanAbs).toBeGreaterThan(9.5); // E|X| = scale
    expect(meanAbs).toBeLessThan(10.5);
    const f = snapshotFigures([all(4), all(4), all(4)], () => 0.999999);
    expect(f.themes.every((t) => t.mean! <= 100 && t.mean! >= 0)).toBe(true);
  });
  it('takes a new snapshot only when three organisations changed', () => {
    const m = (...ids: string[]) => ids.map((id) => ({ organisationId: id[0]!, assessmentId: id }));
    expect(takesNewSnapshot(undefined, m('a1', 'b1'))).toBe(false);
    expect(takesNewSnapshot(undefined, m('a1', 'b1', 'c1'))).toBe(true);
    expect(takesNewSnapshot(m('a1', 'b1', 'c1'), m('a2', 'b1', 'c1', 'd1'))).toBe(false);
    expect(takesNewSnapshot(m('a1', 'b1', 'c1'), m('a2', 'b2', 'c1', 'd1'))).toBe(true);
    expect(changedOrganisations(m('a1', 'b1'), m('b1'))).toBe(1);
  });
});
