import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { AppError } from '../common/app-error.ts';
import { listedIssues } from '../common/input-issues.ts';
import { monthLabel, monthNumber, parseMonitorDefinition } from './monitor-definition.ts';

const example = () =>
  JSON.parse(readFileSync(new URL('../../examples/monitors/wijkkliniek.json', import.meta.url), 'utf8'));

function problems(value: unknown): string[] {
  try {
    parseMonitorDefinition(value, 'monitor.json');
  } catch (e) {
    expect(e).toBeInstanceOf(AppError);
    const err = e as AppError;
    expect(err.code).toBe('badInput');
    expect(err.where).toBe('monitor.json');
    return listedIssues(err.details).map((i) => `${i.path}: ${i.message}`);
  }
  return [];
}

describe('monitor definition', () => {
  it('accepts the shipped WijkKliniek example with the planted intervention', () => {
    const m = parseMonitorDefinition(example());
    expect(m.exposure).toEqual({ kind: 'municipality', municipalities: ['Amsterdam'] });
    expect(m.start).toBe('2024-01-01');
    expect(m.population.ageAtStart?.min).toBe(75);
    expect(m.population.frailty?.minCount).toBe(2);
    expect(m.indicators).toContain('ed-visits');
    expect(m.alert.alpha).toBe(0.05);
  });

  it('fills defaults for matching, alert and comparison', () => {
    const { matching: _m, alert: _a, savings: _s, ...rest } = example();
    const m = parseMonitorDefinition({ ...rest, indicators: ['ed-visits'] });
    expect(m.matching.ratio).toBe(1);
    expect(m.matching.caliperSd).toBe(0.2);
    expect(m.alert.indicator).toBe('ed-visits');
    expect(m.comparison.excludeMunicipalities).toEqual([]);
  });

  it('rejects bad definitions naming the JSON path of each problem', () => {
    const bad = example();
    bad.start = '2024-01-15';
    bad.exposure = { kind: 'municipality', municipalities: [] };
    bad.matching.ratio = 0;
    bad.indicators = ['ed-visits', 'no-such-indicator'];
    bad.population.ageAtStart = { min: 80, max: 70 };
    bad.unknownField = 1;
    const found = problems(bad);
    expect(found.some((p) => p.startsWith('$.start:'))).toBe(true);
    expect(found.some((p) => p.startsWith('$.exposure.municipalities:'))).toBe(true);
    expect(found.some((p) => p.startsWith('$.matching.ratio:'))).toBe(true);
    expect(found.some((p) => p.startsWith('$.indicators[1]:'))).toBe(true);
    expect(found.some((p) => p.startsWith('$.population.ageAtStart:'))).toBe(true);
    expect(found.some((p) => p.includes('unknownField'))).toBe(true);
  });

  it('rejects an alert on an indicator the monitor does not follow, and savings without cost', () => {
    const bad = example();
    bad.indicators = ['unplanned-admissions'];
    const found = problems(bad);
    expect(found).toContain('$.alert.indicator: must be one of the monitor indicators');
    expect(found).toContain('$.savings: shared savings need the cost indicator');
  });

  it('rejects an unknown exposure kind and a non-object', () => {
    const bad = example();
    bad.exposure = { kind: 'rumour' };
    expect(problems(bad).some((p) => p.startsWith('$.exposure.kind:'))).toBe(true);
    expect(problems(42)[0]).toMatch(/^\$: /);
  });

  it('counts months across years', () => {
    expect(monthLabel('2024-01-01', 0)).toBe('2024-01');
    expect(monthLabel('2024-01-01', 23)).toBe('2025-12');
    expect(monthLabel('2024-01-01', -1)).toBe('2023-12');
    expect(monthNumber('2025-12') - monthNumber('2024-01-01')).toBe(23);
  });
});
