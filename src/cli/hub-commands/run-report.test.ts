import { describe, expect, it } from 'vitest';
import type { RunView } from '../../api/index.ts';
import { assertRunSucceeded, formatRun, isCohortRunResult, provenanceLines } from './run-report.ts';

const hash = 'a'.repeat(64);

function runOf(overrides: Partial<RunView>): RunView {
  return {
    id: 'run-1',
    permitId: 'permit-1',
    userId: 'u',
    algorithm: { name: 'cohort-feasibility', version: '1.0.0', hash },
    input: {},
    status: 'done',
    round: 0,
    rounds: [
      {
        round: 0,
        stations: [
          {
            taskId: 't1',
            stationId: 's1',
            stationName: 'Noord',
            status: 'done',
            issuedAt: '',
            expiresAt: '',
          },
          {
            taskId: 't2',
            stationId: 's2',
            stationName: 'Midden',
            status: 'done',
            issuedAt: '',
            expiresAt: '',
          },
        ],
      },
    ],
    createdAt: '2026-01-01T00:00:00Z',
    provenance: {
      permitId: 'permit-1',
      algorithm: { name: 'cohort-feasibility', version: '1.0.0', hash },
      answered: [
        { stationId: 's1', stationName: 'Noord', dataVersion: 'v1', rounds: [0] },
        { stationId: 's2', stationName: 'Midden', dataVersion: 'v2', rounds: [0] },
      ],
      missing: [],
    },
    ...overrides,
  };
}

const released = (value: number) => ({ value, suppressed: false });
const withheld = { value: null, suppressed: true };

describe('formatRun', () => {
  it('shows a cohort result per station and combined, withheld counts as <threshold and marked sums', () => {
    const result = {
      cohort: 'T2D',
      count: { value: 40, suppressedAt: 1 },
      attrition: [
        { label: 'entry', count: { value: 90, suppressedAt: 0 } },
        { label: 'HbA1c', count: { value: 40, suppressedAt: 1 } },
      ],
      stations: [
        {
          stationId: 's1',
          result: {
            policy: { threshold: 10 },
            count: released(40),
            attrition: [
              { label: 'entry', count: released(60) },
              { label: 'HbA1c', count: released(40) },
            ],
          },
        },
        {
          stationId: 's2',
          result: {
            policy: { threshold: 11 },
            count: withheld,
            attrition: [
              { label: 'entry', count: released(30) },
              { label: 'HbA1c', count: withheld },
            ],
          },
        },
      ],
    };
    expect(isCohortRunResult(result)).toBe(true);
    const text = formatRun(runOf({ result }));
    expect(text).toMatch(/criterion\s+Noord\s+Midden\s+combined/);
    expect(text).toMatch(/entry\s+60\s+30\s+90\n/);
    expect(text).toMatch(/HbA1c\s+40\s+<11\s+40\*/);
    expect(text).toMatch(/final count\s+40\s+<11\s+40\*/);
    expect(text).toContain('provenance: permit permit-1, cohort-feasibility@1.0.0 (sha256 aaaaaaaaaaaa…)');
    expect(text).toContain('answered: Midden (s2) data version v2');
  });

  it('prints any other result as JSON, and no result while running', () => {
    const done = formatRun(runOf({ result: { coefficients: { age: 0.5 } } }));
    expect(done).toContain('"age": 0.5');
    expect(isCohortRunResult({ coefficients: {} })).toBe(false);
    const running = formatRun(runOf({ status: 'running', result: undefined }));
    expect(running).not.toContain('provenance');
    expect(running).toContain('stations: Noord: done | Midden: done');
  });
});

describe('provenanceLines', () => {
  it('says what a refusal reason means when the station sent no message of its own', () => {
    const missing = [
      {
        stationId: 's1',
        stationName: 'Noord',
        round: 0,
        status: 'refused' as const,
        reason: 'disclosure-risk' as const,
      },
      {
        stationId: 's2',
        stationName: 'Zuid',
        round: 0,
        status: 'refused' as const,
        reason: 'permit-revoked' as const,
        message: 'revoked on 1 May',
      },
    ];
    const lines = provenanceLines(runOf({ provenance: { ...runOf({}).provenance, missing } }));
    expect(lines).toContain(
      '  missing:  Noord (s1) round 0: refused (disclosure-risk) – The answer could identify people; the station does not release it.',
    );
    expect(lines).toContain('  missing:  Zuid (s2) round 0: refused (permit-revoked) – revoked on 1 May');
  });
});

describe('assertRunSucceeded', () => {
  it('passes a run that some station answered, fails a failed run or one nobody answered', () => {
    expect(() => assertRunSucceeded(runOf({}))).not.toThrow();
    expect(() => assertRunSucceeded(runOf({ status: 'running' }))).not.toThrow();
    const missing = [
      {
        stationId: 's1',
        stationName: 'Noord',
        round: 0,
        status: 'refused' as const,
        reason: 'budget-exhausted' as const,
      },
    ];
    expect(() =>
      assertRunSucceeded(runOf({ provenance: { ...runOf({}).provenance, answered: [], missing } })),
    ).toThrow('run run-1: no station answered: Noord refused (budget-exhausted)');
    expect(() => assertRunSucceeded(runOf({ status: 'failed', error: 'central half failed' }))).toThrow(
      /run failed: central half failed/,
    );
  });
});
