import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { labelledDutchNotes } from '../../privacy/deidentify/dutch-notes.fixture.ts';
import { privacyCommand } from './privacy-command.ts';

describe('ai4h privacy deid-eval', () => {
  let dir: string | undefined;
  afterEach(async () => {
    vi.restoreAllMocks();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  async function run(args: string[]): Promise<string> {
    let out = '';
    vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
      out += String(chunk);
      return true;
    });
    await privacyCommand().parseAsync(['node', 'privacy', ...args]);
    return out;
  }

  it('prints recall and precision per kind, as a table or as JSON', async () => {
    dir = await mkdtemp(join(tmpdir(), 'ai4h-deid-cli-'));
    const file = join(dir, 'note-labels.ndjson');
    await writeFile(
      file,
      `${labelledDutchNotes.map((n, i) => JSON.stringify({ documentReferenceId: `d${i}`, ...n })).join('\n')}\n`,
    );
    const table = await run(['deid-eval', file]);
    expect(table).toMatch(/^34 notes\n/);
    expect(table).toMatch(/^name\s+\d+\s+\d+\s+[\d.]+%/m);
    expect(table).toMatch(/^overall\s+111\s+/m);
    const json = JSON.parse(await run(['deid-eval', file, '--json']));
    expect(json.notes).toBe(34);
    expect(json.perKind.bsn.expected).toBeGreaterThan(0);
  });

  it('turns hand-labelled notes into the NDJSON deid-eval reads, and names a missing file', async () => {
    dir = await mkdtemp(join(tmpdir(), 'ai4h-deid-cli-'));
    const file = join(dir, 'notes.txt');
    await writeFile(file, '=== n1 | SEH\nDhr. [[name|Jansen]] uit [[location|Assen]].\n');
    const lines = (await run(['deid-labels', file])).trim().split('\n');
    expect(lines.map((l) => JSON.parse(l))).toEqual([
      {
        id: 'n1',
        type: 'SEH',
        text: 'Dhr. Jansen uit Assen.',
        spans: [
          { start: 5, end: 11, kind: 'name', value: 'Jansen' },
          { start: 16, end: 21, kind: 'location', value: 'Assen' },
        ],
      },
    ]);
    await expect(run(['deid-labels', join(dir, 'nope.txt')])).rejects.toThrow(/file not found/);
  });

  it('prints precision from the words removed, so it is below 100% when words around a name go too', async () => {
    dir = await mkdtemp(join(tmpdir(), 'ai4h-deid-cli-'));
    const file = join(dir, 'labels.ndjson');
    // "Jansen" is labelled; the de-identifier also removes "Kerkstraat 5" and "06-12345678", which are not.
    const text = 'Dhr. Jansen woont Kerkstraat 5, bel 06-12345678.';
    await writeFile(file, `${JSON.stringify({ text, spans: [{ start: 5, end: 11, kind: 'name' }] })}\n`);
    const table = await run(['deid-eval', file]);
    expect(table).toMatch(/^name\s+1\s+1\s+100\.0%\s+1\s+1\s+100\.0%$/m);
    expect(table).toMatch(/^address\s+0\s+0\s+—\s+2\s+0\s+0\.0%$/m);
    expect(table).toMatch(/^overall\s+1\s+1\s+100\.0%\s+5\s+1\s+20\.0%$/m);
  });

  it('names the file and line of a broken label line', async () => {
    dir = await mkdtemp(join(tmpdir(), 'ai4h-deid-cli-'));
    const file = join(dir, 'bad.ndjson');
    await writeFile(file, '{"text":"a","spans":[]}\nnot json\n');
    await expect(run(['deid-eval', file])).rejects.toThrow(/bad\.ndjson:2: not a JSON line/);
  });
});
