import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { main } from './main.ts';

/**
 * Every command that reads a JSON input file answers a wrong one the same way: exit 2 (usage error) and
 * every problem with its JSON path on stderr, no stack trace, nothing opened or sent first.
 */
let dir = '';
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'ai4h-json-input-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

async function run(...args: string[]): Promise<{ code: number; stderr: string }> {
  const lines: string[] = [];
  const errors = vi.spyOn(console, 'error').mockImplementation((s: unknown) => void lines.push(String(s)));
  process.exitCode = 0;
  try {
    await main(['node', 'ai4h', ...args]);
    return { code: Number(process.exitCode ?? 0), stderr: lines.join('\n') };
  } finally {
    errors.mockRestore();
    process.exitCode = 0;
  }
}

const glmInput = { spec: { outcome: 3 }, family: 'logistic' };
const badCohort = {
  name: 'x',
  entry: { foo: 1 },
  inclusion: [{ window: { direction: 'after', days: -1 } }],
};

describe('a wrong JSON input file', () => {
  it('ai4h analyse: exit 2 with the path of every problem, before any station is opened', async () => {
    const file = join(dir, 'glm.json');
    await writeFile(file, JSON.stringify(glmInput));
    const station = join(dir, 'no-station');
    const r = await run('analyse', 'glm', '--dir', station, '--input', file);
    expect(r.code).toBe(2);
    expect(r.stderr.split('\n')).toEqual([
      `error: ${file}: does not fit the input of glm@1.4.0 (3 problems)`,
      '  $.spec.population: missing (expected object)',
      '  $.spec.features: missing (expected array)',
      '  $.spec.outcome: expected object, received number',
    ]);
    expect(existsSync(station)).toBe(false);
  });

  it('ai4h cohort run: exit 2 with every problem of the cohort', async () => {
    const file = join(dir, 'cohort.json');
    await writeFile(file, JSON.stringify(badCohort));
    const r = await run('cohort', 'run', '--dir', join(dir, 'no-station'), file);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`error: ${file}: invalid cohort definition (4 problems)`);
    for (const path of ['$.entry.event', '$.entry', '$.inclusion[0].event', '$.inclusion[0].window.days'])
      expect(r.stderr).toContain(`\n  ${path}: `);
  });

  it('ai4h run create: exit 2 naming the file and every problem, before the hub is asked', async () => {
    const input = join(dir, 'run-glm.json');
    await writeFile(input, JSON.stringify(glmInput));
    const cohort = join(dir, 'run-cohort.json');
    await writeFile(cohort, JSON.stringify(badCohort));
    // Nothing listens on the hub address: reaching it would be exit 1 (unreachable), not 2.
    const hub = ['--hub', 'http://127.0.0.1:9', '--token', 't'];
    const glm = await run(
      'run',
      'create',
      ...hub,
      '--permit',
      'p',
      '--algorithm',
      'glm@1.4.0',
      '--input',
      input,
    );
    expect(glm.code).toBe(2);
    expect(glm.stderr).toContain(`error: --input ${input}: does not fit the input of glm@1.4.0 (3 problems)`);
    expect(glm.stderr).toContain('\n  $.spec.population: missing (expected object)');
    const feasibility = await run(
      'run',
      'create',
      ...hub,
      '--permit',
      'p',
      '--algorithm',
      'cohort-feasibility@1.0.0',
      '--cohort',
      cohort,
    );
    expect(feasibility.code).toBe(2);
    expect(feasibility.stderr).toContain(`--cohort ${cohort} as $.cohort`);
    expect(feasibility.stderr).toContain(
      '\n  $.cohort.inclusion[0].window.days: must be a non-negative integer',
    );
  });

  it('ai4h view run: exit 2 with the JSON path of the problem in the ViewDefinition', async () => {
    const view = join(dir, 'view.json');
    await writeFile(view, JSON.stringify({ resource: 'Patient', select: [{ column: [{ path: 'id' }] }] }));
    const r = await run('view', 'run', view, join(dir, 'none.ndjson'));
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(
      `error: ${view}: $.select[0].column[0].name: column name must start with a letter and hold only letters, digits and _`,
    );
  });
});
