import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const repo = resolve(fileURLToPath(new URL('../..', import.meta.url)));
const dir = await mkdtemp(join(tmpdir(), 'ai4h-pipe-'));
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('ai4h output piped into a reader that stops early (… | head)', () => {
  it('ends quietly with exit code 0 instead of a broken-pipe stack trace', { timeout: 60_000 }, async () => {
    const file = join(dir, 'patients.ndjson');
    const line = (i: number) => JSON.stringify({ resourceType: 'Patient', id: `p${i}`, gender: 'female' });
    await writeFile(file, Array.from({ length: 200_000 }, (_, i) => line(i)).join('\n'));
    const child = spawn(process.execPath, ['bin/ai4h.mjs', 'view', 'run', 'views/patient.json', file], {
      cwd: repo,
    });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => {
      stderr += d.toString();
    });
    // Read the first chunk, then close the pipe as `head` does.
    child.stdout.once('data', () => child.stdout.destroy());
    const code = await new Promise<number | null>((ok) => child.on('close', (c) => ok(c)));
    expect(stderr).not.toMatch(/EPIPE|Error/);
    expect(code).toBe(0);
  });
});
