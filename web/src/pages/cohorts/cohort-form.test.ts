import { describe, expect, it } from 'vitest';
import copd from '../../../../examples/cohorts/copd-telemonitoring.json' with { type: 'json' };
import frail from '../../../../examples/cohorts/frail-elderly-ed.json' with { type: 'json' };
import heartFailure from '../../../../examples/cohorts/heart-failure-unplanned-admission.json' with {
  type: 'json',
};
import t2d from '../../../../examples/cohorts/t2d-poor-control.json' with { type: 'json' };
import { CohortDefinitionSchema } from '../../../../src/cohort/cohort-definition.ts';
import { emptyCohort, emptyCriterion, fromDefinition, isComplete, toDefinition } from './cohort-form.ts';

describe('cohort builder form', () => {
  it('reads the shipped examples and writes definitions the cohort language accepts', () => {
    for (const example of [t2d, copd, frail, heartFailure]) {
      const written = toDefinition(fromDefinition(example));
      const parsed = CohortDefinitionSchema.safeParse(written);
      expect(parsed.success, JSON.stringify(parsed.error?.issues)).toBe(true);
      // Reading what it wrote gives the same form again.
      expect(toDefinition(fromDefinition(written))).toEqual(written);
    }
  });

  it('writes the code sets out, keeps windows, value ranges and demographics', () => {
    const d = toDefinition(fromDefinition(t2d)) as {
      entry: { event: { codes: string[]; icd10: string[] } };
      demographics: { age: { min: number; max: number } };
      inclusion: { window: unknown; event: { value: unknown; unit: string; codes: string[] } }[];
    };
    expect(d.entry.event).toMatchObject({ codes: ['44054006'], icd10: ['E11'] });
    expect(d.demographics.age).toEqual({ min: 40, max: 80 });
    expect(d.inclusion[0]).toMatchObject({
      window: { direction: 'after', days: 365 },
      event: { codes: ['59261-8', '4548-4'], value: { gt: 53 }, unit: 'mmol/mol' },
    });
  });

  it('counts live only when every event names something to match', () => {
    const f = emptyCohort();
    expect(isComplete(f)).toBe(false);
    f.entry.codes = '44054006';
    expect(isComplete(f)).toBe(true);
    f.inclusion.push(emptyCriterion());
    expect(isComplete(f)).toBe(false);
  });

  it('sends a number typed wrongly as typed, so the hub names it by its place', () => {
    const f = fromDefinition(t2d);
    f.ageMin = 'veertig';
    const parsed = CohortDefinitionSchema.safeParse(toDefinition(f));
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues[0]?.path).toEqual(['demographics', 'age', 'min']);
  });
});
