import { badInput } from '../../common/app-error.ts';
import type { LabelledNote } from './evaluate-deidentification.ts';
import { isPhiKind, PhiKinds } from './phi-kind.ts';

/** A labelled note with the name and kind its author gave it (`=== dev-01 | SEH`). */
export interface NamedLabelledNote extends LabelledNote {
  id: string;
  type: string;
}

const MARK = /\[\[([^|\]]*)\|([^\]]*)\]\]/g;

/**
 * Reads hand-labelled notes: `#` lines are comments, `=== id | kind of note` starts a note, and every
 * identifier is written inline as `[[kind|text]]`. Returns each note as plain text with its spans, the
 * form `ai4h privacy deid-eval` reads. `file` only names the input in errors (`file:line`).
 *
 * @example
 * parseMarkedNotes('=== n1 | SEH\nDhr. [[name|Jansen]] belt.', 'notes.txt')[0].spans
 * // [{ start: 5, end: 11, kind: 'name', value: 'Jansen' }]
 */
export function parseMarkedNotes(source: string, file: string): NamedLabelledNote[] {
  const notes: NamedLabelledNote[] = [];
  let current: { id: string; type: string; lines: { text: string; line: number }[] } | undefined;
  const finish = () => {
    if (!current) return;
    const note = parseLines(current.lines, file);
    notes.push({ id: current.id, type: current.type, ...note });
  };
  const lines = source.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (line.startsWith('#') && !current) continue;
    const head = /^===\s*([^|]+?)\s*\|\s*(.+?)\s*$/.exec(line);
    if (head) {
      finish();
      if (notes.some((n) => n.id === head[1]))
        throw badInput(`note id "${head[1]}" used twice`, `${file}:${i + 1}`);
      current = { id: head[1]!, type: head[2]!, lines: [] };
      continue;
    }
    if (!current) {
      if (line.trim()) throw badInput('text before the first "=== id | kind" line', `${file}:${i + 1}`);
      continue;
    }
    current.lines.push({ text: line, line: i + 1 });
  }
  finish();
  return notes;
}

function parseLines(lines: { text: string; line: number }[], file: string): LabelledNote {
  // Blank lines at the end of a note separate it from the next; they are not part of it.
  while (lines.length > 0 && !lines[lines.length - 1]!.text.trim()) lines.pop();
  let text = '';
  const spans: LabelledNote['spans'] = [];
  lines.forEach(({ text: line, line: n }, j) => {
    if (j > 0) text += '\n';
    let at = 0;
    MARK.lastIndex = 0;
    for (let m = MARK.exec(line); m !== null; m = MARK.exec(line)) {
      const [, kind, value] = m as unknown as [string, string, string];
      if (!isPhiKind(kind)) {
        throw badInput(`unknown kind "${kind}", expected one of ${PhiKinds.join(', ')}`, `${file}:${n}`);
      }
      if (!value.trim()) throw badInput('empty identifier', `${file}:${n}`);
      text += line.slice(at, m.index);
      spans.push({ start: text.length, end: text.length + value.length, kind, value });
      text += value;
      at = m.index + m[0].length;
    }
    const rest = line.slice(at);
    if (rest.includes('[[') || rest.includes(']]'))
      throw badInput('unclosed or malformed [[kind|text]] mark', `${file}:${n}`);
    text += rest;
  });
  return { text, spans };
}
