import { describe, expect, it } from 'vitest';
import { checkAnswers, networkComparison, nextSteps, readinessThemes, themeScores } from './readiness.ts';

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
  it('compares with the network only from three organisations on', () => {
    expect(networkComparison([all(1), all(3)]).themes[0]).toEqual({
      theme: 'governance-strategy',
      median: null,
      mean: null,
    });
    expect(networkComparison([all(1), all(3), all(4)]).themes[0]).toEqual({
      theme: 'governance-strategy',
      median: 75,
      mean: 67,
    });
  });
});
