import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir, userInfo } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { digestJson } from '../../protocol/index.ts';

const repo = resolve(fileURLToPath(new URL('../../..', import.meta.url)));
const dir = await mkdtemp(join(tmpdir(), 'ai4h-station-cli-'));
afterAll(() => rm(dir, { recursive: true, force: true }));

function ai4h(...args: string[]) {
  const child = spawn(process.execPath, ['bin/ai4h.mjs', ...args], { cwd: repo });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => {
    stdout += d.toString();
  });
  child.stderr.on('data', (d: Buffer) => {
    stderr += d.toString();
  });
  return new Promise<{ code: number | null; stdout: string; stderr: string }>((ok) =>
    child.on('close', (code) => ok({ code, stdout, stderr })),
  );
}

describe('ai4h station', () => {
  it('ingest --json prints one summary and exits 1 when a line was rejected; profile --json suppresses small counts; each ingest is in the audit chain', {
    timeout: 120_000,
  }, async () => {
    const file = join(dir, 'in.ndjson');
    const patients = Array.from({ length: 12 }, (_, i) =>
      JSON.stringify({
        resourceType: 'Patient',
        id: `p${i}`,
        gender: i < 11 ? 'female' : 'male',
        birthDate: '1950-03-14',
      }),
    );
    await writeFile(file, `${[...patients, '{"resourceType": "Patient", "id": '].join('\n')}\n`);
    const station = join(dir, 'st');
    const ingest = await ai4h('station', 'ingest', '--json', '--dir', station, file);
    expect(ingest.code).toBe(1);
    const summary = JSON.parse(ingest.stdout) as Record<string, unknown>;
    expect(summary).toMatchObject({ resources: { Patient: 12 }, rejected: 1, moreErrors: 0 });
    expect(summary.errors).toEqual([expect.stringMatching(/in\.ndjson:13: malformed JSON/)]);

    const profile = await ai4h('station', 'profile', '--json', '--dir', station);
    expect(profile.code).toBe(0);
    const p = JSON.parse(profile.stdout) as {
      dataVersion: string;
      patients: unknown;
      resources: unknown;
      ageSex: { sex: string; count: unknown }[];
    };
    // 12 patients, published rounded to 5.
    expect(p.patients).toBe(10);
    expect(p.resources).toEqual({ Patient: 10 });
    expect(p.ageSex.find((r) => r.sex === 'male')?.count).toBe('<10');

    const usage = await ai4h('station', 'ingest', file);
    expect(usage.code).toBe(2);
    expect(usage.stderr).toMatch(/--dir/);

    const cohort = await ai4h(
      'cohort',
      'run',
      '--json',
      '--dir',
      station,
      'examples/cohorts/t2d-poor-control.json',
    );
    expect(cohort.code).toBe(0);

    // Each ingest is in the station's audit chain, with the data version it ended at; a second ingest of
    // the same file writes nothing new but is recorded too.
    const again = await ai4h('station', 'ingest', '--json', '--dir', station, file);
    expect(JSON.parse(again.stdout)).toMatchObject({ written: 0, unchanged: 12 });
    const log = (await readFile(join(station, 'audit.log'), 'utf8'))
      .trimEnd()
      .split('\n')
      .map(
        (l) =>
          JSON.parse(l) as {
            actor: string;
            action: string;
            subject: string;
            resultDigest?: string;
            permitId?: string;
            details: Record<string, unknown>;
            hash: string;
          },
      );
    expect(log.map((e) => e.action)).toEqual([
      'data.ingested',
      'data.used-locally',
      'data.used-locally',
      'data.ingested',
    ]);
    expect(log[0]).toMatchObject({
      subject: summary.dataVersion,
      details: { resources: { Patient: 12 }, written: 12, rejected: 1 },
    });
    expect(JSON.stringify(log)).not.toMatch(/in\.ndjson|p11/);

    // The local uses: who, which command and algorithm, on which data version, a digest of what was shown.
    expect(log[1]).toEqual({
      seq: 2,
      at: expect.any(String),
      actor: `os-user:${userInfo().username}`,
      action: 'data.used-locally',
      subject: p.dataVersion,
      resultDigest: digestJson(p),
      details: {
        command: 'station profile',
        algorithm: 'station-profile@0.1.0',
        inputDigest: digestJson({ threshold: 10 }),
        outcome: 'shown',
      },
      prevHash: log[0]!.hash,
      hash: expect.any(String),
    });
    expect(log[2]).toMatchObject({
      subject: summary.dataVersion,
      permitId: 'local-steward',
      resultDigest: digestJson(JSON.parse(cohort.stdout)),
      details: {
        command: 'cohort run',
        algorithm: 'cohort-run@0.1.0',
        purpose: 'research',
        outcome: 'shown',
      },
    });
    // Never values or counts: the entries hold names, versions and digests only.
    for (const e of log.slice(1, 3)) {
      const { seq: _seq, ...rest } = e as typeof e & { seq: number };
      expect(JSON.stringify(rest)).not.toMatch(/:\s*\d+[,}]/);
    }
    const verify = await ai4h('audit', 'verify', '--dir', station);
    expect(verify.code).toBe(0);
    expect(verify.stdout).toMatch(/intact: 4 entries/);
    expect(verify.stdout).toContain('4 heads signed by the station checked');
  });
});
