import { describe, expect, it } from 'vitest';
import { AppError } from '../common/app-error.ts';
import { CohortDefinitionSchema, cohortJsonSchema, parseCohort } from './cohort-definition.ts';

const base = {
  name: 't2d',
  entry: { event: { domain: 'condition', codes: ['44054006'] } },
  inclusion: [
    {
      event: { domain: 'observation', codes: ['4548-4'], value: { gt: 53 }, unit: 'mmol/mol' },
      window: { direction: 'after', days: 365 },
    },
    {
      event: { domain: 'encounter', settings: ['ed'] },
      window: { direction: 'before', days: 365 },
      occurrence: { type: 'atLeast', count: 2 },
    },
  ],
};

function errorOf(json: unknown): AppError {
  try {
    parseCohort(json);
  } catch (e) {
    if (e instanceof AppError) return e;
    throw e;
  }
  throw new Error('expected the definition to be rejected');
}

describe('parseCohort', () => {
  it('accepts a valid definition and applies defaults', () => {
    const def = parseCohort(base);
    expect(def.entry.occurrence).toBe('first');
    expect(def.exclusion).toEqual([]);
    expect(def.inclusion[1]?.occurrence).toEqual({ type: 'atLeast', count: 2 });
  });

  it('names the JSON path of a bad window', () => {
    const bad = structuredClone(base) as { inclusion: { window: { days: unknown } }[] };
    bad.inclusion[1]!.window.days = -3;
    const e = errorOf(bad);
    expect(e.code).toBe('badInput');
    expect(e.where).toBe('inclusion[1].window.days');
    expect(e.message).toBe('inclusion[1].window.days: must be a non-negative integer');
    bad.inclusion[1]!.window.days = 1.5;
    expect(errorOf(bad).message).toBe('inclusion[1].window.days: must be a non-negative integer');
  });

  it('rejects unknown domains, unknown fields, missing codes and bad references with their path', () => {
    expect(errorOf({ ...base, entry: { event: { domain: 'lab', codes: ['x'] } } }).where).toBe(
      'entry.event.domain',
    );
    expect(
      errorOf({ ...base, entry: { event: { domain: 'condition', codes: ['x'], colour: 1 } } }).where,
    ).toBe('entry.event');
    expect(errorOf({ ...base, entry: { event: { domain: 'condition' } } }).where).toBe('entry.event');
    expect(errorOf({ ...base, entry: { event: { domain: 'condition', codeSet: 'nope' } } }).where).toBe(
      'entry.event.codeSet',
    );
    expect(errorOf({ ...base, demographics: { age: { min: 80, max: 40 } } }).where).toBe('demographics.age');
    expect(errorOf({ ...base, entry: { ...base.entry, dateRange: { from: '2020-13-45' } } }).where).toBe(
      'entry.dateRange.from',
    );
    expect(
      errorOf({
        ...base,
        exclusion: [{ event: { domain: 'observation', codes: ['a'], value: { gt: 9, lt: 2 } } }],
      }).where,
    ).toBe('exclusion[0].event.value');
    expect(errorOf({ name: 'x' }).where).toBe('entry');
    expect(errorOf(null).where).toBe('$');
  });

  it('holds every rule in the schema itself, with the JSON path, so any schema user refuses the same', () => {
    const issue = (json: unknown) => {
      const r = CohortDefinitionSchema.safeParse(json);
      return r.success ? undefined : { path: r.error.issues[0]?.path, message: r.error.issues[0]?.message };
    };
    expect(issue(base)).toBeUndefined();
    expect(issue({ ...base, inclusion: [{ event: { domain: 'procedure', codeSet: 'missing' } }] })).toEqual({
      path: ['inclusion', 0, 'event', 'codeSet'],
      message: 'code set "missing" is not defined in codeSets',
    });
    expect(issue({ ...base, exclusion: [{ event: { domain: 'encounter' } }] })?.path).toEqual([
      'exclusion',
      0,
      'event',
    ]);
    expect(issue({ ...base, demographics: { age: { min: 80, max: 40 } } })?.path).toEqual([
      'demographics',
      'age',
    ]);
    expect(
      issue({ ...base, entry: { ...base.entry, dateRange: { from: '2024-01-01', to: '2023-01-01' } } })?.path,
    ).toEqual(['entry', 'dateRange']);
    // A date that matches the pattern but is not in the calendar.
    expect(issue({ ...base, entry: { ...base.entry, dateRange: { to: '2023-02-30' } } })).toEqual({
      path: ['entry', 'dateRange', 'to'],
      message: 'is not a valid date',
    });
    const withSet = { ...base, codeSets: { t2d: { codes: ['44054006'] } } };
    expect(issue({ ...withSet, entry: { event: { domain: 'condition', codeSet: 't2d' } } })).toBeUndefined();
  });

  it('keeps injection attempts as plain values', () => {
    const def = parseCohort({
      ...base,
      entry: { event: { domain: 'condition', codes: ["x'); DROP TABLE patient; --"] } },
    });
    expect(def.entry.event).toMatchObject({ codes: ["x'); DROP TABLE patient; --"] });
  });

  it('exports a JSON Schema for the API', () => {
    const schema = cohortJsonSchema();
    expect(schema.type).toBe('object');
    expect(schema.required).toEqual(expect.arrayContaining(['name', 'entry']));
    expect(JSON.stringify(schema)).toContain('"atLeast"');
  });
});
