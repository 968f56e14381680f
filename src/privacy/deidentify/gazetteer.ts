import { readGazetteerLines } from './gazetteer-files.ts';

/** What a phrase of the place and institution lists names. */
export type PhraseCategory = 'place' | 'institution';

/** A known place or institution found in a text: `[start, end)` of the text. */
export interface PhraseHit {
  start: number;
  end: number;
  category: PhraseCategory;
  /** One word that is also an ordinary Dutch word ("Best", "Meander"): only taken with context. */
  ambiguous: boolean;
}

interface Phrase {
  /** The entry's words as written (their case decides how strictly a text word must match). */
  words: string[];
  lower: string[];
  category: PhraseCategory;
  ambiguous: boolean;
  /** The entry starts with an apostrophe ("'s-Hertogenbosch"): the span takes the one before the word. */
  apostrophe: boolean;
  plus: boolean;
}

const WORD = /[\p{L}\p{N}]+/gu;
// The next word of a phrase: after a space, a hyphen, a full stop or an ampersand.
const NEXT_WORD = /[ \t]{0,2}[-.&'’]?[ \t]{0,2}([\p{L}\p{N}]+)/uy;
const HYPHENATED = /(?:-(?:IJ|\p{Lu})[\p{Ll}]+)+/uy;
// "Oost-Groningen", "Zuid-Limburg", "Midden-Drenthe": a compass point joined to a place belongs to it.
const COMPASS_BEFORE =
  /(?<![\p{L}])(?:Noord|Oost|Zuid|West|Midden|Noordoost|Noordwest|Zuidoost|Zuidwest|Centraal)-$/u;

const split = (entry: string) => entry.match(WORD) ?? [];
const isAcronym = (w: string) => w.length >= 2 && /^[\p{Lu}\d]+$/u.test(w);

/** Does a word of the text match a word of an entry? Case decides: see {@link Gazetteer.findPhrases}. */
function sameWord(entry: string, lower: string, text: string): boolean {
  if (text.length !== entry.length) return false;
  if (isAcronym(entry)) return text === entry;
  if (text.toLowerCase() !== lower) return false;
  // An entry word that starts with a capital matches only a capitalised word of the text.
  return !isUpper(entry[0]!) || isUpper(text[0]!);
}

const isUpper = (c: string) => c !== c.toLowerCase();
const isShouting = (w: string) => /^\p{Lu}+$/u.test(w) && w !== w.toLowerCase();
/** "IJMUIDEN" → "IJmuiden", "BEVERWIJK" → "Beverwijk". */
const capitalise = (w: string) =>
  w.startsWith('IJ') ? `IJ${w.slice(2).toLowerCase()}` : w[0]! + w.slice(1).toLowerCase();

/**
 * The de-identifier's lists (`data/`), loaded once: first names and surnames as sets, places and
 * institutions as phrases indexed by their first word, so that a note costs one map lookup per word.
 */
export class Gazetteer {
  readonly firstNames: ReadonlySet<string>;
  readonly surnames: ReadonlySet<string>;
  readonly lowerFirstNames: ReadonlySet<string>;
  readonly lowerSurnames: ReadonlySet<string>;
  /** Lower-case words of the lists that are also ordinary Dutch words. */
  readonly commonWords: ReadonlySet<string>;
  /** Places of one word in lower case ("vlaardingen"), without those that are also Dutch words. */
  readonly lowerPlaces: ReadonlySet<string>;
  private readonly phrases = new Map<string, Phrase[]>();

  constructor() {
    this.firstNames = new Set([
      ...readGazetteerLines('first-names'),
      ...readGazetteerLines('first-names-wide'),
    ]);
    this.surnames = new Set([...readGazetteerLines('surnames'), ...readGazetteerLines('surnames-wide')]);
    this.lowerFirstNames = new Set([...this.firstNames].map((n) => n.toLowerCase()));
    this.lowerSurnames = new Set([...this.surnames].map((n) => n.toLowerCase()));
    this.commonWords = new Set(readGazetteerLines('common-words'));
    const places = new Set([
      ...readGazetteerLines('municipalities'),
      ...readGazetteerLines('places'),
      ...readGazetteerLines('towns'),
    ]);
    for (const entry of places) {
      this.addPhrase(entry, 'place');
    }
    this.lowerPlaces = new Set(
      [...places]
        .filter((p) => /^\p{Lu}[\p{Ll}-]{3,}$/u.test(p))
        .map((p) => p.toLowerCase())
        .filter((p) => !this.commonWords.has(p)),
    );
    for (const entry of readGazetteerLines('institutions')) this.addPhrase(entry, 'institution');
    for (const list of this.phrases.values()) list.sort((a, b) => b.words.length - a.words.length);
  }

  private addPhrase(entry: string, category: PhraseCategory): void {
    // "Rijswijk ZH", "Bergen NH": the province tag only tells two places apart; the text has the name.
    const words = split(entry.replace(/ (?:ZH|NH|GLD|UT|L)$/, ''));
    if (words.length === 0) return;
    const lower = words.map((w) => w.toLowerCase());
    const ambiguous = words.length === 1 && (this.commonWords.has(lower[0]!) || words[0]!.length < 3);
    const phrase: Phrase = {
      words,
      lower,
      category,
      ambiguous,
      apostrophe: /^['’]/.test(entry),
      plus: entry.endsWith('+'),
    };
    const keys = [words[0]!];
    // "VUmc", "azM", "ASz" are written in capitals too ("VUMC", "AZM", "ASZ").
    if (
      /\p{Lu}.*\p{Lu}|^\p{Ll}.*\p{Lu}/u.test(words[0]!) &&
      /\p{Ll}/u.test(words[0]!) &&
      words[0]!.length <= 6
    )
      keys.push(words[0]!.toUpperCase());
    for (const key of keys) {
      const list = this.phrases.get(key);
      if (list) list.push(phrase);
      else this.phrases.set(key, [phrase]);
    }
  }

  /**
   * Every listed place and institution in a text, longest first where they overlap. An entry word in
   * capitals (an acronym such as `MST`) matches only the same capitals; an entry word with a capital
   * matches only a capitalised word; lower-case entry words (`aan den`) match either case. Only a word
   * written as an entry's first word is written can start a phrase, so most words cost one map lookup.
   */
  findPhrases(text: string): PhraseHit[] {
    const hits: PhraseHit[] = [];
    WORD.lastIndex = 0;
    for (let m = WORD.exec(text); m !== null; m = WORD.exec(text)) {
      let candidates = this.phrases.get(m[0]);
      // A word in capitals ("IN IJMUIDEN", "TATA STEEL") is looked up as a capitalised word; its
      // phrase's later words then match in any case.
      const shouting = !candidates && m[0].length >= 3 && isShouting(m[0]);
      if (shouting) candidates = this.phrases.get(capitalise(m[0]));
      if (!candidates) continue;
      // The next word read once: most phrases sharing a first word ("Sint", "De") differ in the second.
      NEXT_WORD.lastIndex = m.index + m[0].length;
      const second = NEXT_WORD.exec(text)?.[1]?.toLowerCase();
      for (const p of candidates) {
        if (p.words.length > 1 && p.lower[1] !== second) continue;
        let end = m.index + m[0].length;
        let ok = true;
        for (let k = 1; k < p.words.length && ok; k++) {
          NEXT_WORD.lastIndex = end;
          const next = NEXT_WORD.exec(text);
          if (
            !next ||
            (shouting ? next[1]!.toLowerCase() !== p.lower[k] : !sameWord(p.words[k]!, p.lower[k]!, next[1]!))
          )
            ok = false;
          else end = next.index + next[0].length;
        }
        if (!ok) continue;
        let start = m.index;
        if (p.apostrophe && (text[start - 1] === "'" || text[start - 1] === '’')) start--;
        if (p.category === 'place' && text[start - 1] === '-') {
          const compass = COMPASS_BEFORE.exec(text.slice(Math.max(0, start - 10), start));
          if (compass) start -= compass[0].length;
        }
        if (p.plus && text[end] === '+') end++;
        // "Zwolle-Zuid", "Amsterdam-Noord": a hyphenated part belongs to the place.
        HYPHENATED.lastIndex = end;
        const tail = HYPHENATED.exec(text);
        if (tail) end += tail[0].length;
        hits.push({ start, end, category: p.category, ambiguous: p.ambiguous });
        WORD.lastIndex = end;
        break;
      }
    }
    return hits;
  }
}

/** The lists, read from `data/` the first time the de-identifier is imported. */
export const gazetteer = new Gazetteer();
