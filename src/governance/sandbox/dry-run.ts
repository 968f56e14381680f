import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadAlgorithm, runFederated, type StationContext } from '../../analytics/index.ts';
import type { SandboxRun } from '../../api/index.ts';
import { type EhdsPurpose, isAppError } from '../../common/index.ts';
import { openLocalStation } from '../../station/index.ts';
import { createTwinStation, type TwinSpec } from './twin-station.ts';

export interface DryRunRequest {
  algorithm: { name: string; version?: string };
  input: unknown;
  purpose: EhdsPurpose;
  /** The stations the permit would reach, by their released profiles. */
  stations: TwinSpec[];
  maxPatients?: number;
  seed?: number;
}

/**
 * A permit's dry run in the regulatory sandbox: the algorithm runs on synthetic twins of the stations
 * (calibrated to their released profiles) with the stations' own code path — input schema, the local
 * half on a station store, disclosure control with the default policy, the central half — before any
 * real station is asked. Everything it returns is marked synthetic.
 */
export async function dryRun(request: DryRunRequest, workDir?: string): Promise<SandboxRun> {
  const started = Date.now();
  const root = workDir ?? (await mkdtemp(join(tmpdir(), 'ai4h-sandbox-')));
  const algorithm = await loadAlgorithm(request.algorithm.name, request.algorithm.version);
  const ref = { name: algorithm.name, version: algorithm.version, hash: algorithm.hash };
  const base = { synthetic: true as const, algorithm: ref, purpose: request.purpose };
  try {
    const checked = algorithm.inputSchema.safeParse(request.input);
    if (!checked.success)
      return {
        ...base,
        outcome: 'failed',
        stage: 'input',
        message: `the input does not fit ${algorithm.name}@${algorithm.version}: ${checked.error.issues
          .slice(0, 5)
          .map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`)
          .join('; ')}`,
        stations: [],
        seconds: (Date.now() - started) / 1000,
      };
    const twins = [];
    for (const [k, s] of request.stations.entries())
      twins.push(
        await createTwinStation(s, join(root, `twin-${k}`), {
          ...(request.maxPatients ? { maxPatients: request.maxPatients } : {}),
          seed: (request.seed ?? 1) + k,
        }),
      );
    const locals = [];
    const statuses = new Map<string, { status: string; reason?: string }>();
    try {
      const contexts: StationContext[] = [];
      for (const t of twins) {
        const local = await openLocalStation(t.dir, { purpose: request.purpose, permitId: 'sandbox' });
        locals.push(local);
        contexts.push(local.context);
      }
      let result: unknown;
      let message: string | undefined;
      let stage: 'run' | undefined;
      try {
        const run = await runFederated(algorithm, contexts, request.input, {
          onProgress: (p) =>
            statuses.set(p.stationId, { status: p.status, ...(p.reason ? { reason: p.reason } : {}) }),
        });
        result = run.result;
      } catch (e) {
        stage = 'run';
        message = isAppError(e) ? e.message : 'the algorithm failed';
      }
      return {
        ...base,
        outcome: stage ? 'failed' : 'passed',
        ...(stage ? { stage, message } : {}),
        stations: twins.map((t) => ({
          name: t.name,
          patients: t.patients,
          releasedPatients: t.releasedPatients,
          status: statuses.get(t.name)?.status ?? (stage ? 'failed' : 'done'),
          ...(statuses.get(t.name)?.reason ? { reason: statuses.get(t.name)!.reason } : {}),
          calibration: t.calibration,
        })),
        ...(result !== undefined ? { result } : {}),
        seconds: (Date.now() - started) / 1000,
      };
    } finally {
      for (const l of locals) await l.close();
    }
  } finally {
    if (!workDir) await rm(root, { recursive: true, force: true });
  }
}
