import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { type SandboxRun, SandboxRunSchema } from '../../api/governance-schemas.ts';
import { AppError, ErrorCodes } from '../../common/app-error.ts';

const WorkerAnswer = z.union([
  z.object({ run: SandboxRunSchema }),
  z.object({
    error: z.object({
      code: z.enum(Object.keys(ErrorCodes) as [keyof typeof ErrorCodes, ...(keyof typeof ErrorCodes)[]]),
      message: z.string(),
    }),
  }),
]);

/** What the hub asks its dry-run service: the same shape the sandbox's `dryRun` takes. */
export interface HubDryRunJob {
  algorithm: { name: string; version: string };
  input: unknown;
  purpose: string;
  stations: { stationName: string; profile: Record<string, unknown>; region?: string }[];
  maxPatients: number;
  seed: number;
}

// The service runs in a process of its own: it builds station stores from generated data, which the
// hub process never loads (src/hub/governance/hub-layering.test.ts).
const RUN_TS = fileURLToPath(new URL('../../../bin/run-ts.mjs', import.meta.url));
const WORKER = fileURLToPath(new URL('../../governance/sandbox/dry-run-worker.ts', import.meta.url));

/** Longest a dry run may take before the hub stops it. */
export const DRY_RUN_TIMEOUT_MS = 10 * 60_000;

let queue: Promise<unknown> = Promise.resolve();

/**
 * Runs one dry run in the hub's dry-run service and returns its outcome. One at a time (each builds
 * synthetic stations and is CPU-bound); the others wait their turn.
 */
export function runHubDryRun(job: HubDryRunJob, timeoutMs = DRY_RUN_TIMEOUT_MS): Promise<SandboxRun> {
  const next = queue.then(() => runOnce(job, timeoutMs));
  queue = next.catch(() => undefined);
  return next;
}

async function runOnce(job: HubDryRunJob, timeoutMs: number): Promise<SandboxRun> {
  const dir = await mkdtemp(join(tmpdir(), 'ai4h-hub-dry-run-'));
  const out = join(dir, 'run.json');
  try {
    const stderr: string[] = [];
    const code = await new Promise<number | null>((resolve, reject) => {
      const child = spawn(process.execPath, [RUN_TS, WORKER, out], { stdio: ['pipe', 'ignore', 'pipe'] });
      const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
      child.stderr.on('data', (d: Buffer) => stderr.push(d.toString('utf8')));
      child.on('error', (e) => {
        clearTimeout(timer);
        reject(e);
      });
      child.on('close', (c) => {
        clearTimeout(timer);
        resolve(c);
      });
      child.stdin.end(JSON.stringify(job));
    });
    if (code !== 0)
      throw new AppError(
        'unavailable',
        `the hub's dry-run service failed: ${stderr.join('').trim().split('\n').at(-1) ?? `exit ${code}`}`,
      );
    const answer = WorkerAnswer.parse(JSON.parse(await readFile(out, 'utf8')));
    if ('error' in answer) throw new AppError(answer.error.code, answer.error.message, 'body.algorithm');
    return answer.run;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
