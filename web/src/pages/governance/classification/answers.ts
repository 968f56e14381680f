import { type ClassificationAnswers, ClassificationAnswersSchema } from '../../../../../src/api/index.ts';

type Fact = keyof ClassificationAnswers;

/** Is `fact` one of the questionnaire's answers (not a fact the engine derives, such as the MDR class)? */
export const isAnswerFact = (fact: string): fact is Fact => fact in ClassificationAnswersSchema.shape;

/**
 * The answers with `fact` set to the branch `answer` of a tree (`yes`/`no` for a yes/no question, the
 * value itself otherwise); undefined when the answer is not one the schema takes.
 */
export function withAnswer(
  answers: ClassificationAnswers,
  fact: string,
  answer: string,
): ClassificationAnswers | undefined {
  if (!isAnswerFact(fact)) return undefined;
  const value = answer === 'yes' ? true : answer === 'no' ? false : answer;
  const next = { ...answers, [fact]: value };
  const checked = ClassificationAnswersSchema.safeParse(next);
  return checked.success ? checked.data : undefined;
}

/** The answers without `fact` (asked again). */
export function withoutAnswer(answers: ClassificationAnswers, fact: string): ClassificationAnswers {
  const { [fact as Fact]: _, ...rest } = answers;
  return rest;
}

/** The answer to `fact` as a tree branch (`yes`/`no` for booleans), or undefined. */
export function branchOf(answers: ClassificationAnswers, fact: string): string | undefined {
  if (!isAnswerFact(fact)) return undefined;
  const v = answers[fact];
  return v === true ? 'yes' : v === false ? 'no' : v;
}
