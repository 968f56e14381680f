import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { main } from '../main.ts';
import { formatCohortResult } from './cohort-command.ts';

const dirs: string[] = [];
afterAll(async () => {
  for (const d of dirs) await rm(d, { recursive: true, force: true });
});

describe('ai4h cohort run', () => {
  it('exits 2 with the JSON path of what is wrong in the cohort', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'cohort-cli-'));
    dirs.push(dir);
    const file = join(dir, 'bad.json');
    await writeFile(
      file,
      JSON.stringify({
        name: 'x',
        entry: { event: { domain: 'condition', codes: ['1'] } },
        inclusion: [
          { event: { domain: 'condition', codes: ['2'] }, window: { direction: 'after', days: -1 } },
        ],
      }),
    );
    const errors = vi.spyOn(console, 'error').mockImplementation(() => {});
    process.exitCode = 0;
    await main(['node', 'ai4h', 'cohort', 'run', '--dir', join(dir, 'station'), file]);
    expect(process.exitCode).toBe(2);
    expect(errors.mock.calls[0]?.[0]).toContain('inclusion[0].window.days: must be a non-negative integer');
    await writeFile(file, '{ not json');
    await main(['node', 'ai4h', 'cohort', 'run', '--dir', join(dir, 'station'), file]);
    expect(process.exitCode).toBe(2);
    expect(errors.mock.calls[1]?.[0]).toContain('not valid JSON');
    errors.mockRestore();
    process.exitCode = 0;
  });

  it('formats suppressed counts as <threshold and withheld steps as withheld', () => {
    const text = formatCohortResult({
      cohort: 'demo',
      policy: { threshold: 10, rounding: 5 },
      count: { value: 120, suppressed: false },
      attrition: [
        { label: 'entry', count: { value: null, suppressed: true, reason: 'differencing' } },
        { label: 'age', count: { value: 120, suppressed: false } },
      ],
      characterisation: {
        ageSex: [
          { ageBand: '40-49', sex: 'female', count: { value: 60, suppressed: false } },
          { ageBand: '40-49', sex: 'male', count: { value: null, suppressed: true, reason: 'small' } },
        ],
        regions: [{ region: 'Utrecht', count: { value: 120, suppressed: false } }],
        conditions: [{ code: '44054006', count: { value: 120, suppressed: false } }],
        observations: [
          { code: '4548-4', unit: 'mmol/mol', count: { value: 100, suppressed: false }, mean: 58.2 },
        ],
        totals: { ageSex: 60, regions: 120 },
      },
    });
    expect(text).toContain('Patients: 120');
    expect(text).toMatch(/40-49\s+60\s+<10/);
    expect(text).toMatch(/entry\s+withheld/);
    expect(text).toContain('it would reveal a small group');
    expect(text).toContain('58.2 mmol/mol');
  });
});
