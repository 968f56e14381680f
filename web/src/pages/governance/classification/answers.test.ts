import { describe, expect, it } from 'vitest';
import { branchOf, isAnswerFact, withAnswer, withoutAnswer } from './answers.ts';

describe('questionnaire answers', () => {
  it('turns a yes/no branch into a boolean and keeps a value branch as it is', () => {
    expect(withAnswer({}, 'aiSystem', 'yes')).toEqual({ aiSystem: true });
    expect(withAnswer({ aiSystem: true }, 'profiling', 'no')).toEqual({ aiSystem: true, profiling: false });
    expect(withAnswer({}, 'decisionImpact', 'other')).toEqual({ decisionImpact: 'other' });
    expect(withAnswer({}, 'drivenDeviceClass', 'IIb')).toEqual({ drivenDeviceClass: 'IIb' });
  });

  it('refuses a fact the questionnaire does not ask and an answer its schema does not take', () => {
    expect(isAnswerFact('mdrClass')).toBe(false);
    expect(withAnswer({}, 'mdrClass', 'IIa')).toBeUndefined();
    expect(withAnswer({}, 'decisionImpact', 'mild')).toBeUndefined();
    expect(withAnswer({}, 'aiSystem', 'maybe')).toBeUndefined();
  });

  it('asks a question again by leaving its answer out, and reads answers back as branches', () => {
    const a = { aiSystem: true, researchOnly: false, annexIIIArea: 'none' as const };
    expect(withoutAnswer(a, 'researchOnly')).toEqual({ aiSystem: true, annexIIIArea: 'none' });
    expect(branchOf(a, 'aiSystem')).toBe('yes');
    expect(branchOf(a, 'researchOnly')).toBe('no');
    expect(branchOf(a, 'annexIIIArea')).toBe('none');
    expect(branchOf(a, 'profiling')).toBeUndefined();
  });
});
