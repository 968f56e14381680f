import { createReadStream } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import { Command } from 'commander';
import { badInput } from '../../common/index.ts';
import {
  type DeidentificationScore,
  deidentifyDutchText,
  evaluateDeidentification,
  type LabelledNote,
  PhiKinds,
  parseMarkedNotes,
} from '../../privacy/index.ts';

/**
 * `ai4h privacy deid-eval LABELS.ndjson [--json]`: recall and precision of the Dutch note de-identifier
 * per kind on labelled notes (`{ text, spans: [{ start, end, kind, value? }] }` per line, as the synthetic
 * generator writes them). `ai4h privacy deid [FILE]`: de-identify one text (stdin when no file).
 */
export function privacyCommand(): Command {
  const privacy = new Command('privacy')
    .description('Pseudonymisation and de-identification of Dutch free text')
    .exitOverride()
    .showHelpAfterError();
  privacy
    .command('deid-eval')
    .description('Recall and precision of the note de-identifier on labelled notes (NDJSON)')
    .argument('<labels>', 'note-labels.ndjson')
    .option('--json', 'print the scores as JSON')
    .action(async (file: string, opts: { json?: boolean }) => {
      const score = evaluateDeidentification(await readLabels(file));
      process.stdout.write(opts.json ? `${JSON.stringify(score, null, 2)}\n` : formatScore(score));
    });
  privacy
    .command('deid-labels')
    .description('Turn hand-labelled notes ([[kind|text]] marks) into the NDJSON that deid-eval reads')
    .argument('<marked>', 'text file of notes, each starting with "=== id | kind of note"')
    .action(async (file: string) => {
      const notes = parseMarkedNotes(await readText(file), file);
      process.stdout.write(notes.map((n) => `${JSON.stringify(n)}\n`).join(''));
    });
  privacy
    .command('deid')
    .description('Print a Dutch text with names, dates, numbers and addresses replaced by placeholders')
    .argument('[file]', 'text file (default: stdin)')
    .action(async (file?: string) => {
      const text = file ? await readText(file) : await readStdin();
      process.stdout.write(deidentifyDutchText(text).text);
    });
  return privacy;
}

async function readLabels(file: string): Promise<LabelledNote[]> {
  const notes: LabelledNote[] = [];
  const lines = createInterface({
    input: createReadStream(file, 'utf8'),
    crlfDelay: Number.POSITIVE_INFINITY,
  });
  let n = 0;
  try {
    for await (const line of lines) {
      n++;
      if (!line.trim()) continue;
      try {
        notes.push(JSON.parse(line) as LabelledNote);
      } catch {
        throw badInput('not a JSON line', `${file}:${n}`);
      }
    }
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') throw badInput('file not found', file);
    throw e;
  }
  return notes;
}

async function readText(file: string): Promise<string> {
  try {
    return await readFile(file, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') throw badInput('file not found', file);
    throw e;
  }
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of process.stdin) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/**
 * A fixed-width table. Recall counts identifiers (expected, found); precision counts the words the
 * de-identifier removed (removed, of them identifying), so each ratio can be checked from its own row.
 */
export function formatScore(score: DeidentificationScore): string {
  const pct = (x: number | null) => (x === null ? '—' : `${(x * 100).toFixed(1)}%`).padStart(8);
  const num = (n: number, w: number) => String(n).padStart(w);
  const row = (kind: string, s: DeidentificationScore['overall']) =>
    `${kind.padEnd(12)}${num(s.expected, 9)}${num(s.found, 7)}${pct(s.recall)}` +
    `${num(s.predicted, 10)}${num(s.correct, 13)}${pct(s.precision)}\n`;
  let out =
    `${score.notes} notes\n` +
    `${''.padEnd(12)}${'identifiers'.padStart(16)}${''.padStart(8)}${'words removed'.padStart(23)}\n` +
    `${'kind'.padEnd(12)}${'expected'.padStart(9)}${'found'.padStart(7)}${'recall'.padStart(8)}` +
    `${'removed'.padStart(10)}${'identifying'.padStart(13)}${'precision'.padStart(10)}\n`;
  for (const k of PhiKinds) out += row(k, score.perKind[k]);
  return out + row('overall', score.overall);
}
