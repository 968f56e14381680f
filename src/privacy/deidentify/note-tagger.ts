import { readFileSync } from 'node:fs';
import { isContextWord, isSectionWord, STOP_WORDS } from './dutch-text-patterns.ts';
import { gazetteer } from './gazetteer.ts';
import { readGazetteerLines } from './gazetteer-files.ts';
import { type PhiKind, PhiKinds, type PhiSpan } from './phi-kind.ts';

/**
 * A learned second opinion beside the rules: a linear-chain tagger (structured averaged perceptron,
 * Viterbi decoding) that gives every token of a note one tag, `O` or a kind of identifier. Its features
 * are the word and its shape, prefixes and suffixes, hits in the de-identifier's lists, the rules' own
 * tags and the same of the neighbouring tokens; its weights are trained by
 * `data/build-tagger-weights.ts` on the hand-written evaluation parts and shipped in
 * `data/tagger-weights.txt` (read once here, never trained at start-up).
 */

/** Tag 0 is `O` (no identifier); tag k > 0 is `PhiKinds[k - 1]`. */
export const TAGS = ['O', ...PhiKinds] as const;
export type Tag = (typeof TAGS)[number];
const TAG_COUNT = TAGS.length;

/** A run of letters and digits, or one other character that is not a space. */
export interface Token {
  start: number;
  end: number;
  text: string;
}

const TOKEN = /[\p{L}\p{N}]+|[^\s\p{L}\p{N}]/gu;

export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  TOKEN.lastIndex = 0;
  for (let m = TOKEN.exec(text); m !== null; m = TOKEN.exec(text)) {
    tokens.push({ start: m.index, end: m.index + m[0].length, text: m[0] });
  }
  return tokens;
}

const EPONYMS: ReadonlySet<string> = new Set(readGazetteerLines('eponyms'));

/** 'X' for a capital, 'x' for a lower-case letter, 'd' for a digit, else the character itself. */
function kindOfChar(c: string): string {
  const code = c.charCodeAt(0);
  if (code < 128) {
    if (code >= 65 && code <= 90) return 'X';
    if (code >= 97 && code <= 122) return 'x';
    if (code >= 48 && code <= 57) return 'd';
    return c;
  }
  return /\p{Lu}/u.test(c) ? 'X' : /\p{Ll}/u.test(c) ? 'x' : /\p{N}/u.test(c) ? 'd' : c;
}

/** "Jansen" → "Xx", "06" → "d2", "AB12" → "XXdd", "'s" → "'x": the form of a word without its letters. */
export function shapeOf(word: string): string {
  if (/^\p{N}+$/u.test(word)) return `d${Math.min(word.length, 12)}`;
  let shape = '';
  let last = '';
  let run = 0;
  for (const c of word) {
    const k = kindOfChar(c);
    if (k === last) {
      run++;
      // Runs of capitals and digits keep up to two letters ("XX" for an acronym), lower case one.
      if (run > (k === 'x' ? 1 : 2)) continue;
    } else run = 1;
    last = k;
    shape += k;
  }
  return shape;
}

/**
 * What a number can be: `m` 1–12 (a month, a day), `d` 13–31 (a day), `y` 1900–2099 (a year), `n` other
 * numbers of up to two digits, `l` longer ones; '' for a token that is no number.
 */
function numberClass(word: string): string {
  if (!/^\d+$/.test(word)) return '';
  const v = Number(word);
  if (word.length <= 2) return v >= 1 && v <= 12 ? 'm' : v >= 13 && v <= 31 ? 'd' : 'n';
  if (word.length === 4 && v >= 1900 && v <= 2099) return 'y';
  return `l${Math.min(word.length, 9)}`;
}

/** The shape of the run of characters without spaces the token lies in ("(80-100)" → "(dd-ddd)"). */
function chunkShape(text: string, t: Token): string {
  let a = t.start;
  let b = t.end;
  while (a > 0 && a > t.start - 20 && !/\s/.test(text[a - 1]!)) a--;
  while (b < text.length && b < t.end + 20 && !/\s/.test(text[b]!)) b++;
  return text
    .slice(a, b)
    .replace(/\p{Lu}+/gu, 'X')
    .replace(/\p{Ll}+/gu, 'x')
    .replace(/\d/g, 'd');
}

/** Which category of listed phrase (place, institution) covers each token: 'P', 'I' or ''. */
function phraseTags(text: string, tokens: Token[]): string[] {
  const tags = tokens.map(() => '');
  const hits = gazetteer.findPhrases(text);
  let h = 0;
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    while (h < hits.length && hits[h]!.end <= t.start) h++;
    const hit = hits[h];
    if (hit && hit.start < t.end && t.start < hit.end) {
      const c = hit.category === 'place' ? 'P' : 'I';
      tags[i] = (hit.start >= t.start ? 'B' : 'I') + c + (hit.ambiguous ? 'a' : '');
    }
  }
  return tags;
}

/** The rules' kind of every token ('O' where no rule removed it) and whether a rule's span starts there. */
function ruleTags(tokens: Token[], spans: readonly PhiSpan[]): { kind: string[]; begins: boolean[] } {
  const sorted = [...spans].sort((a, b) => a.start - b.start);
  const kind = tokens.map(() => 'O');
  const begins = tokens.map(() => false);
  let s = 0;
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    while (s < sorted.length && sorted[s]!.end <= t.start) s++;
    for (let k = s; k < sorted.length && sorted[k]!.start < t.end; k++) {
      const span = sorted[k]!;
      if (span.end > t.start) {
        kind[i] = span.kind;
        begins[i] = span.start >= t.start;
        break;
      }
    }
  }
  return { kind, begins };
}

/**
 * The features of every token of a note: strings, one weight vector each. `ruleSpans` are what the
 * rules removed from the same text.
 */
export function noteFeatures(text: string, tokens: Token[], ruleSpans: readonly PhiSpan[]): string[][] {
  const lower = tokens.map((t) => t.text.toLowerCase());
  const shape = tokens.map((t) => shapeOf(t.text));
  const phrase = phraseTags(text, tokens);
  const rule = ruleTags(tokens, ruleSpans);
  const number = tokens.map((t) => numberClass(t.text));
  const chunk = tokens.map((t) => chunkShape(text, t));
  const lineStart = tokens.map((t, i) => i === 0 || text.slice(tokens[i - 1]!.end, t.start).includes('\n'));
  const at = (a: string[], i: number) => (i < 0 ? '<s>' : i >= a.length ? '</s>' : a[i]!);
  return tokens.map((t, i) => {
    const w = t.text;
    const l = lower[i]!;
    const s = shape[i]!;
    const r = rule.kind[i]!;
    const prev = i > 0 ? tokens[i - 1]!.text : '';
    const sentenceStart = lineStart[i]! || /^[.!?:;•*>-]$/.test(prev);
    const f = [
      'b',
      `w=${w}`,
      `l=${l}`,
      `s=${s}`,
      `r=${r}`,
      `r=${r}|s=${s}`,
      `r=${r}|b=${rule.begins[i] ? 1 : 0}`,
      `l-1=${at(lower, i - 1)}`,
      `l+1=${at(lower, i + 1)}`,
      `l-2=${at(lower, i - 2)}`,
      `l+2=${at(lower, i + 2)}`,
      `l-1=${at(lower, i - 1)}|s=${s}`,
      `l-2..-1=${at(lower, i - 2)} ${at(lower, i - 1)}`,
      `s-1=${at(shape, i - 1)}`,
      `s+1=${at(shape, i + 1)}`,
      `s-1..+1=${at(shape, i - 1)} ${s} ${at(shape, i + 1)}`,
      `r-1=${at(rule.kind, i - 1)}`,
      `r+1=${at(rule.kind, i + 1)}`,
      `r-1..+1=${at(rule.kind, i - 1)} ${r} ${at(rule.kind, i + 1)}`,
      `ss=${sentenceStart ? 1 : 0}|s=${s}`,
      `ls=${lineStart[i] ? 1 : 0}`,
      `nl+1=${i + 1 >= tokens.length || lineStart[i + 1] ? 1 : 0}`,
    ];
    const num = number[i]!;
    if (num) {
      f.push(
        `n=${num}`,
        `n-2..+2=${at(number, i - 2)} ${at(shape, i - 1)} ${num} ${at(shape, i + 1)} ${at(number, i + 2)}`,
        `n=${num}|l-1=${at(lower, i - 1)}`,
      );
    }
    f.push(`c=${chunk[i]}`);
    if (l.length > 3) {
      f.push(`p3=${l.slice(0, 3)}`, `x3=${l.slice(-3)}`, `x4=${l.slice(-4)}`, `x2=${l.slice(-2)}`);
    }
    if (/\p{L}/u.test(w)) {
      f.push(`len=${Math.min(w.length, 10)}`);
      if (gazetteer.firstNames.has(w)) f.push('gF');
      if (gazetteer.surnames.has(w)) f.push('gS');
      if (gazetteer.lowerFirstNames.has(l)) f.push('gf');
      if (gazetteer.lowerSurnames.has(l)) f.push('gs');
      if (gazetteer.commonWords.has(l)) f.push('gc');
      if (EPONYMS.has(w)) f.push('ge');
      if (isContextWord(w)) f.push('ctx');
      if (isSectionWord(w)) f.push('sec');
      if (STOP_WORDS.has(l)) f.push('stop');
      const p = phrase[i]!;
      if (p) f.push(`g=${p}`, `g=${p}|r=${r}`);
      const lp = at(lower, i - 1);
      if (isContextWord(lp)) f.push(`ctx-1|s=${s}`);
    }
    if (i > 0 && phrase[i - 1]) f.push(`g-1=${phrase[i - 1]}`);
    if (i + 1 < tokens.length && phrase[i + 1]) f.push(`g+1=${phrase[i + 1]}`);
    return f;
  });
}

/** Trained weights: one vector of tag scores per feature, tag-to-tag transitions, and a start vector. */
export interface TaggerModel {
  weights: Map<string, Float64Array>;
  /** `transitions[from * TAG_COUNT + to]`. */
  transitions: Float64Array;
  start: Float64Array;
  /** Added to every score of `O`: negative trades precision for recall. */
  outsideBias: number;
  /** The kinds the tagger may remove beside the rules (chosen by cross-validation). */
  adds: ReadonlySet<PhiKind>;
}

/** The best tag sequence (indices into {@link TAGS}) for a note's token features. */
export function viterbi(model: TaggerModel, features: string[][]): number[] {
  const n = features.length;
  const emit = new Float64Array(n * TAG_COUNT);
  for (let i = 0; i < n; i++) {
    const row = i * TAG_COUNT;
    emit[row] = model.outsideBias;
    for (const f of features[i]!) {
      const w = model.weights.get(f);
      if (w) for (let k = 0; k < TAG_COUNT; k++) emit[row + k]! += w[k]!;
    }
  }
  return bestPath(emit, n, model.transitions, model.start);
}

/**
 * Viterbi over `n` tokens: `emit[i * TAGS.length + k]` is the score of tag k at token i, plus
 * `transitions[from * TAGS.length + to]` between tokens and `start[k]` at the first.
 */
export function bestPath(
  emit: Float64Array,
  n: number,
  transitions: Float64Array,
  start: Float64Array,
): number[] {
  if (n === 0) return [];
  const score = new Float64Array(n * TAG_COUNT);
  const back = new Int32Array(n * TAG_COUNT);
  for (let k = 0; k < TAG_COUNT; k++) score[k] = start[k]! + emit[k]!;
  for (let i = 1; i < n; i++) {
    const row = i * TAG_COUNT;
    const prev = row - TAG_COUNT;
    for (let k = 0; k < TAG_COUNT; k++) {
      let best = Number.NEGATIVE_INFINITY;
      let arg = 0;
      for (let j = 0; j < TAG_COUNT; j++) {
        const v = score[prev + j]! + transitions[j * TAG_COUNT + k]!;
        if (v > best) {
          best = v;
          arg = j;
        }
      }
      score[row + k] = best + emit[row + k]!;
      back[row + k] = arg;
    }
  }
  const tags = new Array<number>(n);
  const lastRow = (n - 1) * TAG_COUNT;
  let last = 0;
  for (let k = 1; k < TAG_COUNT; k++) if (score[lastRow + k]! > score[lastRow + last]!) last = k;
  for (let i = n - 1; i >= 0; i--) {
    tags[i] = last;
    last = back[i * TAG_COUNT + last]!;
  }
  return tags;
}

/** Consecutive tokens with the same kind become one span (from the first token's start to the last's end). */
export function tagsToSpans(tokens: Token[], tags: number[]): PhiSpan[] {
  const spans: PhiSpan[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const tag = tags[i]!;
    if (tag === 0) continue;
    const kind = TAGS[tag] as PhiKind;
    const last = spans[spans.length - 1];
    if (last && last.kind === kind && tags[i - 1] === tag) last.end = tokens[i]!.end;
    else spans.push({ start: tokens[i]!.start, end: tokens[i]!.end, kind });
  }
  return spans;
}

/** The tagger's identifiers in a text, given what the rules found in it. */
export function tagNote(model: TaggerModel, text: string, ruleSpans: readonly PhiSpan[]): PhiSpan[] {
  const tokens = tokenize(text);
  return tagsToSpans(tokens, viterbi(model, noteFeatures(text, tokens, ruleSpans)));
}

const WORD_CHAR = /[\p{L}\p{N}]/u;

const YEAR = /^\d{4}$/;
const BARE_DAY_MONTH = /^\d{1,2}[ \t]?[-/.][ \t]?\d{1,2}$/;
const COMPOUND_AFTER = /^-\p{Ll}/u;
const SHORT_CODE = /^\p{Lu}{2,6}-\d{1,2}$/u;
const WARD_BEFORE = /(?:^|[^\p{L}])(?:afd\.?|afdeling|unit|paviljoen)[ \t]+$/iu;

/**
 * What the tagger does not add on its own, whatever its weights say: a year alone (no identifier by the
 * labelling rules), a bare day and month (`2/3`, `14/30`: the rules decide those by their context —
 * doses, scores, ranges), the first part of a compound word (`MCL-letsel`), and a ward after its word
 * (`afd. Oosterpark`: a ward names no one).
 */
const HOME_COUNTRY = /^(?:Nederland|Holland|NL|the Netherlands|Netherlands)$/u;

function leftToRules(text: string, start: number, end: number, kind: PhiKind): boolean {
  const piece = text.slice(start, end);
  if (kind === 'date' && (YEAR.test(piece) || BARE_DAY_MONTH.test(piece))) return true;
  // Capitals and a number of one or two digits name a disease, test or gene ("COVID-19", "IL-6"); as a
  // unit or cell ("unit C-14") the rules take them after their label.
  if (kind === 'id' && SHORT_CODE.test(piece)) return true;
  // The country every note is written in identifies no one ("woont sinds 2019 in Nederland").
  if (HOME_COUNTRY.test(piece)) return true;
  // An amount of money is no number of a person ("schuld € 140000").
  if (/^\d/.test(piece) && /(?:€|EUR|euro)[ \t]*$/iu.test(text.slice(Math.max(0, start - 8), start)))
    return true;
  // A scale or test named after a person or place, and its score: "Glasgow Coma Scale 14".
  const eponym = EPONYM_BEFORE.exec(text.slice(Math.max(0, start - 30), start));
  if (eponym && EPONYMS.has(eponym[1]!)) return true;
  return (
    COMPOUND_AFTER.test(text.slice(end, end + 2)) ||
    WARD_BEFORE.test(text.slice(Math.max(0, start - 16), start))
  );
}

const EPONYM_BEFORE = /(?<![\p{L}])(\p{Lu}\p{Ll}+)(?:[ \t]+\p{Lu}\p{Ll}+)?[ \t]+$/u;

/**
 * The rules' spans and, where no rule removed anything, the tagger's spans of the kinds it may add
 * (each cut to the letters and digits the rules left, so spans never overlap). Sorted by start.
 */
export function combineWithTagger(
  text: string,
  ruleSpans: readonly PhiSpan[],
  tagged: readonly PhiSpan[],
  adds: ReadonlySet<PhiKind>,
): PhiSpan[] {
  const extra = tagged.filter((t) => adds.has(t.kind));
  if (extra.length === 0) return [...ruleSpans];
  const covered = new Uint8Array(text.length);
  for (const s of ruleSpans) covered.fill(1, s.start, s.end);
  const out = [...ruleSpans];
  for (const t of extra) {
    let i = t.start;
    while (i < t.end) {
      while (i < t.end && (covered[i] || !WORD_CHAR.test(text[i]!))) i++;
      let j = i;
      while (j < t.end && !covered[j]) j++;
      let end = j;
      while (end > i && !WORD_CHAR.test(text[end - 1]!)) end--;
      if (end > i && !leftToRules(text, i, end, t.kind)) out.push({ start: i, end, kind: t.kind });
      i = j;
    }
  }
  return out.sort((a, b) => a.start - b.start);
}

/** Weights are written as integers of this many parts of one. */
const SCALE = 1000;

/**
 * The weights file: `#` comments, a `tags` line, `outside-bias`, `start` and `transitions` lines, then
 * one feature per line, `feature<TAB>tag:weight tag:weight …` (tag indices, integer weights / 1000).
 */
export function serialiseModel(model: TaggerModel, header: string): string {
  const ints = (a: Float64Array) => [...a].map((x) => Math.round(x * SCALE)).join(' ');
  const lines = [
    header.trimEnd(),
    `tags ${TAGS.join(' ')}`,
    `outside-bias ${Math.round(model.outsideBias * SCALE)}`,
    `adds ${[...model.adds].sort().join(' ')}`,
    `start ${ints(model.start)}`,
    `transitions ${ints(model.transitions)}`,
  ];
  const features = [...model.weights.keys()].sort();
  for (const f of features) {
    const w = model.weights.get(f)!;
    const parts: string[] = [];
    for (let k = 0; k < TAG_COUNT; k++) {
      const v = Math.round(w[k]! * SCALE);
      if (v !== 0) parts.push(`${k}:${v}`);
    }
    if (parts.length > 0) lines.push(`${f}\t${parts.join(' ')}`);
  }
  return `${lines.join('\n')}\n`;
}

export function parseModel(source: string, file: string): TaggerModel {
  const weights = new Map<string, Float64Array>();
  let transitions: Float64Array | undefined;
  let start: Float64Array | undefined;
  let outsideBias = 0;
  let adds: PhiKind[] = [];
  const numbers = (s: string) => Float64Array.from(s.split(' '), (x) => Number(x) / SCALE);
  const lines = source.split('\n');
  // Every feature's vector is a view into one buffer: decoding reads them from contiguous memory.
  const table = new Float64Array(lines.length * TAG_COUNT);
  let rows = 0;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (!line || line.startsWith('#')) continue;
    const tab = line.indexOf('\t');
    if (tab < 0) {
      const space = line.indexOf(' ');
      const [key, rest] = [line.slice(0, space), line.slice(space + 1)];
      if (key === 'tags') {
        if (rest !== TAGS.join(' ')) throw new Error(`${file}:${i + 1}: tags differ from ${TAGS.join(' ')}`);
      } else if (key === 'outside-bias') outsideBias = Number(rest) / SCALE;
      else if (key === 'adds') {
        adds = rest.split(' ').filter(Boolean) as PhiKind[];
        const wrong = adds.find((k) => !PhiKinds.includes(k));
        if (wrong !== undefined) throw new Error(`${file}:${i + 1}: unknown kind ${wrong}`);
      } else if (key === 'start') start = numbers(rest);
      else if (key === 'transitions') transitions = numbers(rest);
      else throw new Error(`${file}:${i + 1}: unknown line`);
      continue;
    }
    const w = table.subarray(rows * TAG_COUNT, (rows + 1) * TAG_COUNT);
    rows++;
    for (const part of line.slice(tab + 1).split(' ')) {
      const colon = part.indexOf(':');
      w[Number(part.slice(0, colon))] = Number(part.slice(colon + 1)) / SCALE;
    }
    weights.set(line.slice(0, tab), w);
  }
  if (start?.length !== TAG_COUNT || transitions?.length !== TAG_COUNT * TAG_COUNT)
    throw new Error(`${file}: start or transitions missing`);
  return { weights, transitions, start, outsideBias, adds: new Set(adds) };
}

const WEIGHTS_FILE = new URL('./data/tagger-weights.txt', import.meta.url);

/** The shipped weights (`data/tagger-weights.txt`); the de-identifier reads them once when it is imported. */
export function readShippedTagger(): TaggerModel {
  return parseModel(readFileSync(WEIGHTS_FILE, 'utf8'), 'tagger-weights.txt');
}
