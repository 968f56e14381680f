import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { buildProgram } from '../main.ts';

describe('ai4h synth', () => {
  let dir = '';
  afterAll(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('writes the NDJSON files, truth.json and note labels, and prints a summary', async () => {
    dir = await mkdtemp(join(tmpdir(), 'ai4h-synth-cli-'));
    const out = join(dir, 'out');
    const printed: string[] = [];
    const spy = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
      printed.push(String(chunk));
      return true;
    });
    try {
      await buildProgram().parseAsync(
        ['synth', '--patients', '40', '--seed', '9', '--region', 'NL-FR', '--out', out, '--quiet'],
        { from: 'user' },
      );
    } finally {
      spy.mockRestore();
    }
    const files = (await readdir(out)).sort();
    for (const f of [
      'Patient',
      'Encounter',
      'Condition',
      'Observation',
      'MedicationRequest',
      'Procedure',
      'ExplanationOfBenefit',
      'Consent',
      'DocumentReference',
    ]) {
      expect(files).toContain(`${f}.ndjson`);
    }
    expect(files).toContain('truth.json');
    expect(files).toContain('note-labels.ndjson');
    const summary = JSON.parse(printed.join(''));
    expect(summary.counts.Patient).toBe(40);
    const truth = JSON.parse(await readFile(join(out, 'truth.json'), 'utf8'));
    expect(truth.patients.byRegion).toEqual({ Friesland: expect.objectContaining({ total: 40 }) });
  });

  it('rejects a non-numeric patient count', async () => {
    await expect(
      buildProgram().parseAsync(['synth', '--patients', 'many', '--out', 'x'], { from: 'user' }),
    ).rejects.toThrow(/--patients/);
  });
});
