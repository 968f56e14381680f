import { readFileSync } from 'node:fs';
import {
  type ReadinessThemes,
  ReadinessThemesSchema,
  type ReadinessView,
} from '../../api/network-schemas.ts';
import { badInput } from '../../common/app-error.ts';

/** The questionnaire, read and checked once (themes after the IGJ digital-care framework and the action plan). */
export const readinessThemes: ReadinessThemes = ReadinessThemesSchema.parse(
  JSON.parse(readFileSync(new URL('./readiness-themes.json', import.meta.url), 'utf8')),
);

/** The network comparison is shown from this many organisations on, so no organisation can be singled out. */
export const MIN_ORGANISATIONS = 3;

/** Every question answered, and only known ones; a problem names `body.answers.<question>`. */
export function checkAnswers(answers: Record<string, number>): void {
  const known = new Set(readinessThemes.themes.flatMap((t) => t.questions.map((q) => q.id)));
  for (const id of Object.keys(answers))
    if (!known.has(id)) throw badInput('not a question of the questionnaire', `body.answers.${id}`);
  for (const id of known) if (answers[id] === undefined) throw badInput('not answered', `body.answers.${id}`);
}

/** Score per theme: the mean of its answers on the 0–4 scale, as 0–100. */
export function themeScores(answers: Record<string, number>): ReadinessView['assessment']['scores'] {
  return readinessThemes.themes.map((t) => {
    const values = t.questions.map((q) => answers[q.id] ?? 0);
    const score = Math.round((values.reduce((a, b) => a + b, 0) / values.length / 4) * 100);
    return { theme: t.id, title: t.title, score, low: score < readinessThemes.lowBelow };
  });
}

export function nextSteps(
  scores: ReadinessView['assessment']['scores'],
): ReadinessView['assessment']['nextSteps'] {
  return scores
    .filter((s) => s.low)
    .map((s) => ({ theme: s.theme, steps: readinessThemes.themes.find((t) => t.id === s.theme)!.nextSteps }));
}
