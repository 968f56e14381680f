import { readFileSync } from 'node:fs';

/** The lists in `data/` (sources, dates and licences in `data/README.md`). */
export const GAZETTEER_FILES = [
  'first-names',
  'first-names-wide',
  'surnames',
  'surnames-wide',
  'municipalities',
  'places',
  'towns',
  'institutions',
] as const;
export type GazetteerFile = (typeof GAZETTEER_FILES)[number] | 'common-words' | 'eponyms';

// Names are short and many: several to a line. Places and institutions may hold spaces: one to a line.
const WORDS_PER_LINE: ReadonlySet<string> = new Set([
  'first-names',
  'first-names-wide',
  'surnames',
  'surnames-wide',
  'eponyms',
]);

/** The entries of one list: `#` lines are comments; read once when the de-identifier loads. */
export function readGazetteerLines(file: GazetteerFile): string[] {
  const text = readFileSync(new URL(`./data/${file}.txt`, import.meta.url), 'utf8');
  const entries: string[] = [];
  for (const line of text.split('\n')) {
    const trimmed = line.trim();
    if (!trimmed || trimmed.startsWith('#')) continue;
    if (WORDS_PER_LINE.has(file)) entries.push(...trimmed.split(/\s+/));
    else entries.push(trimmed);
  }
  return entries;
}
