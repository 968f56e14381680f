/**
 * The hub's dry-run service: one dry run per process, started by the hub (never by a requester), so the
 * outcome the reviewer sees is the one the hub computed. Reads a `DryRunRequest` as JSON on stdin and
 * writes `{ run }` (the `SandboxRun`) or `{ error: { code, message } }` (a refusal) as JSON to the file
 * named by its first argument (stdout stays free for logs).
 *
 *   node bin/run-ts.mjs src/governance/sandbox/dry-run-worker.ts OUT.json < request.json
 */
import { writeFile } from 'node:fs/promises';
import { z } from 'zod';
import { SandboxRunSchema } from '../../api/index.ts';
import { isAppError, isEhdsPurpose } from '../../common/index.ts';
import { type DryRunRequest, dryRun } from './dry-run.ts';

const RequestSchema = z.object({
  algorithm: z.object({ name: z.string().min(1), version: z.string().min(1).optional() }),
  input: z.unknown(),
  purpose: z.string().refine(isEhdsPurpose, 'not an EHDS purpose'),
  stations: z.array(
    z.object({
      stationName: z.string(),
      profile: z.record(z.string(), z.unknown()),
      region: z.string().optional(),
    }),
  ),
  maxPatients: z.number().int().min(50).max(100_000).optional(),
  seed: z.number().int().optional(),
});

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of process.stdin) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

async function main(): Promise<void> {
  const out = process.argv[2];
  if (!out) throw new Error('usage: dry-run-worker OUT.json < request.json');
  const request = RequestSchema.parse(JSON.parse(await readStdin())) as DryRunRequest;
  try {
    const run = SandboxRunSchema.parse(await dryRun(request));
    await writeFile(out, JSON.stringify({ run }), { mode: 0o600 });
  } catch (e) {
    // A refusal the caller can act on (an unknown algorithm, …) goes back as such, not as a crash.
    if (!isAppError(e)) throw e;
    await writeFile(out, JSON.stringify({ error: { code: e.code, message: e.message } }), { mode: 0o600 });
  }
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.message : String(e));
  process.exit(1);
});
