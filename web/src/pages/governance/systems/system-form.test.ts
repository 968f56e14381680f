import { describe, expect, it } from 'vitest';
import { AiSystemInputSchema } from '../../../../../src/api/index.ts';
import { blankSystem, systemBody, systemProblems } from './system-form.ts';

const filled = {
  ...blankSystem,
  name: 'Sepsis alert',
  organisation: 'Lab',
  intendedPurpose: 'Warns of sepsis',
  intendedUsers: 'ICU nurses',
  setting: 'ICU',
  decisionInformed: 'start of treatment',
};

describe('AI system form', () => {
  it('names every empty field and every field longer than the hub takes', () => {
    expect(systemProblems(blankSystem)).toEqual({
      name: 'empty',
      organisation: 'empty',
      intendedPurpose: 'empty',
      intendedUsers: 'empty',
      setting: 'empty',
      decisionInformed: 'empty',
    });
    expect(systemProblems({ ...filled, setting: 'x'.repeat(1001), name: '   ' })).toEqual({
      name: 'empty',
      setting: 'tooLong',
    });
    expect(systemProblems(filled)).toEqual({});
  });

  it('makes a body the hub accepts from a form without problems, keeping the answers', () => {
    const body = systemBody({ ...filled, name: '  Sepsis alert ' }, { aiSystem: true });
    expect(AiSystemInputSchema.parse(body)).toMatchObject({
      name: 'Sepsis alert',
      answers: { aiSystem: true },
    });
  });
});
