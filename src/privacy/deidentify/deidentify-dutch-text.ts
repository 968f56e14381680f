import { KNOWN_INSTITUTIONS } from './dutch-institutions.ts';
import { ambiguousNames, firstNames, surnames, TUSSENVOEGSELS } from './dutch-names.ts';
import { type PhiKind, PhiPlaceholders, type PhiSpan } from './phi-kind.ts';

/** The de-identified text and the ranges of the ORIGINAL text that were replaced. */
export interface DeidentifiedText {
  text: string;
  spans: PhiSpan[];
}

// Building blocks (Unicode-aware: names like Özdemir, Çelik, Máxima).
const CAP = String.raw`\p{Lu}[\p{Ll}'’]+(?:-\p{Lu}[\p{Ll}'’]+)*`;
const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const TV_ALTS = TUSSENVOEGSELS.map((t) => {
  const e = escapeRe(t);
  // A particle is lower case inside a name but capitalised at its start (`De Vries`).
  return /^[a-z]/.test(t) ? `[${t[0]}${t[0]!.toUpperCase()}]${escapeRe(t.slice(1))}` : e;
}).join('|');
const TV = `(?:${TV_ALTS})`;
const TRAILING_PARTICLES = new RegExp(String.raw`(?:\s+(?:${TV_ALTS}))+\s*$`, 'u');
const ONLY_PARTICLES = new RegExp(String.raw`^(?:(?:${TV_ALTS})\s*)+$`, 'u');
const INITIALS = String.raw`(?:(?:\p{Lu}|Th|Chr|Joh|Ph|Ij|IJ)\.[ \t]?){1,4}`;
const SURNAME = `(?:${TV}[ \\t])*${CAP}(?:-(?:${TV}[ \\t])?${CAP})?`;
// A person after a title or a context word: initials and/or first names, particles, surname.
const PERSON = `(?:${INITIALS}[ \\t]?)?(?:${CAP}[ \\t]){0,2}${SURNAME}`;

const TITLE = String.raw`(?:[Dd]hr|[Mm]evr|[Mm]w|[Mm]ej|[Dd]r|[Dd]rs|[Pp]rof|[Ii]r|[Ii]ng|[Mm]r|[Hh]r)\.?`;
const CONTEXT = [
  'de heer',
  'heer',
  'mevrouw',
  'meneer',
  'juffrouw',
  'collega',
  'zuster',
  'broeder',
  'patiënte?',
  'patient',
  'cliënte?',
  'client',
  'naam',
  'zoon',
  'dochter',
  'echtgeno(?:ot|te)',
  'partner',
  'moeder',
  'vader',
  'broer',
  'zus(?:ter)?',
  'kleinzoon',
  'kleindochter',
  'schoonzoon',
  'schoondochter',
  'buurman',
  'buurvrouw',
  'vriendin',
  'vriend',
  'mantelzorger',
  'contactpersoon',
  'huisarts',
  'arts',
  'specialist',
  'cardioloog',
  'internist',
  'longarts',
  'neuroloog',
  'chirurg',
  'geriater',
  'psychiater',
  'psycholoog',
  'verpleegkundige',
  'praktijkondersteuner',
  'POH',
  'fysiotherapeut',
  'verloskundige',
  'logopedist',
  'ergotherapeut',
  'tandarts',
  'oogarts',
  'kinderarts',
  'uroloog',
  'gynaecoloog',
  'oncoloog',
  'dermatoloog',
  'reumatoloog',
  'orthopeed',
  'anesthesist',
  'radioloog',
  'SEH-arts',
  'AIOS',
  'ANIOS',
  'coassistent',
  'co',
  'mentor',
  'wettelijk vertegenwoordiger',
  'curator',
  'bewindvoerder',
  'tante',
  'oom',
  'neef',
  'nicht',
  'opa',
  'oma',
  'man',
  'vrouw',
  'echtgenoot',
  'diëtist',
  'apotheker',
  'behandelaar',
  'casemanager',
  'wijkverpleegkundige',
  'ondertekend',
  'gezien door',
  'namens',
  'i\\.o\\.m\\.',
  'beste',
  'geachte',
  'betreft',
  'pt\\.',
  'pte\\.',
]
  // No `i` flag on name patterns (it would make \p{Lu} match lower case): only the first letter may vary.
  .map((w) => (/^[a-z]/.test(w) ? `[${w[0]}${w[0]!.toUpperCase()}]${w.slice(1)}` : w))
  .join('|');

const MONTHS = 'januari|februari|maart|april|mei|juni|juli|augustus|september|oktober|november|december';
const MONTH_ABBR = 'jan|febr?|mrt|mar|apr|jun|jul|aug|sept?|okt|oct|nov|dec';
const STREET_SUFFIX =
  'straat|straatweg|laan|weg|plein|gracht|kade|singel|dijk|steeg|pad|hof|dreef|park|markt|plantsoen|' +
  'boulevard|kanaal|haven|wal|burgwal|ring|veld|baan|erf|zijde|oord|allee|hoek|akker|wijk|berg|dal|' +
  'straatje|kamp|meer|veen|horst|weide|brink|tuin|park|heuvel|wetering|vaart|loop|hof';
const HOUSE_NUMBER = String.raw`\d{1,5}(?:\s?[a-zA-Z](?![\p{L}\d]))?(?:\s?-\s?\d{1,4}|\s?-?\s?(?:bis|hs|huis|bg|boven|bov|III|II|I)(?![\p{L}]))?`;
const STREET_PREFIX = String.raw`(?:(?:${CAP}|St\.|Burg\.|Dr\.|Prof\.|Mr\.|Pr\.|1e|2e|3e|Eerste|Tweede|Derde|${TV})\s){0,4}`;
const INSTITUTION_LEAD =
  '[Zz]iekenhuis|[Hh]uisartsenpraktijk|[Hh]uisartsenpost|[Gg]ezondheidscentrum|[Aa]potheek|[Vv]erpleeghuis|' +
  '[Zz]orgcentrum|[Ww]oonzorgcentrum|[Rr]evalidatiecentrum|[Kk]liniek|[Mm]edisch [Cc]entrum|[Vv]erzorgingshuis|' +
  '[Hh]ospice|[Tt]huiszorg|[Tt]huiszorgorganisatie|GGZ|[Zz]orggroep|[Pp]raktijk|[Ff]ysiotherapiepraktijk|' +
  '[Tt]andartspraktijk|UMC|MC|[Ww]ijkteam';
const INSTITUTION_TAIL =
  '[Zz]iekenhuis|[Zz]iekenhuizen|[Zz]iekenhuisgroep|Gasthuis|[Mm]edisch [Cc]entrum|MC|UMC|[Kk]liniek|Zorggroep|' +
  'Zorg|Kinderziekenhuis';

type Rule = {
  kind: PhiKind;
  re: RegExp;
  accept?: (m: RegExpExecArray) => boolean;
  /** How many leading characters of the match are context, not identifier. */
  skip?: (m: RegExpExecArray) => number;
  /** How many characters of the match belong to the identifier (default: all). */
  trim?: (m: RegExpExecArray) => number;
};

/** Rules in priority order: an earlier rule's span wins over a later overlapping one. */
const RULES: Rule[] = [
  { kind: 'email', re: /[\p{L}\d._%+-]+@[\p{L}\d.-]+\.\p{L}{2,}/gu },
  // URLs can carry names and ids (personal pages, portals): treated as e-mail-like contact data.
  { kind: 'email', re: /\b(?:https?:\/\/|www\.)[^\s<>"]+/gu },
  {
    kind: 'phone',
    re: /(?<![\w+])(?:(?:\+|00)31[\s.-]?(?:\(0\)[\s.-]?)?|\(0|0)\d(?:[\s.)/-]{0,3}\d){8}(?!\d)/gu,
  },
  { kind: 'phone', re: /(?<![\w+])0[89]00[\s-]?\d{4}(?:[\s-]?\d{3})?(?!\d)/gu },
  {
    kind: 'bsn',
    re: /(?<![\d.-])(\d{4}\.\d{2}\.\d{3}|\d{3}[ .-]\d{3}[ .-]\d{3}|\d{9})(?![\d]|[.-]\d)/gu,
    accept: (m) =>
      elfproef(m[0].replace(/\D/g, '')) || /(?:bsn|burgerservicenummer|sofi)\W{0,4}$/i.test(before(m, 30)),
  },
  // Other numbers that follow an identifier label (patiëntnummer, MRN, ...) are identifiers too.
  {
    kind: 'bsn',
    re: /(?<=(?:bsn|burgerservicenummer|patiëntnummer|patientnummer|patiëntnr|patnr|mrn|ziekenhuisnummer|dossiernummer|polisnummer|klantnummer)\.?\s*(?:nr\.?|nummer)?\s*[:#]?\s*)[A-Z]{0,3}\d[\d. -]{4,14}\d/giu,
  },
  {
    kind: 'date',
    re: new RegExp(
      String.raw`\b(?:(?:ma|di|wo|do|vr|za|zo|maandag|dinsdag|woensdag|donderdag|vrijdag|zaterdag|zondag)\.?\s+)?` +
        String.raw`\d{1,2}(?:e|ste|de)?\s*(?:${MONTHS}|${MONTH_ABBR})\.?(?![\p{L}])(?:,?\s*(?:'\d{2}|\d{4}))?`,
      'giu',
    ),
  },
  {
    kind: 'date',
    re: new RegExp(String.raw`\b(?:${MONTHS}|${MONTH_ABBR})\.?\s+(?:'\d{2}|\d{4})\b`, 'giu'),
  },
  {
    kind: 'date',
    re: /(?<![\d/.-])(\d{1,2})([-/.])(\d{1,2})\2(\d{4}|\d{2})(?![\d]|[-/.]\d)/gu,
    accept: (m) => validDayMonth(Number(m[1]), Number(m[3])),
  },
  {
    kind: 'date',
    re: /(?<![\d/.-])(\d{4})-(\d{2})-(\d{2})(?:T[\d:.+-Z]+)?(?![\d])/gu,
    accept: (m) => validDayMonth(Number(m[3]), Number(m[2])),
  },
  // Day-month without year only after a word that announces a date ("op 12-3", "sinds 3/4").
  {
    kind: 'date',
    re: /(?<=\b(?:op|sinds|vanaf|per|tot|d\.d\.|dd|datum:?|gezien|opgenomen|ontslagen)\s+)(\d{1,2})[-/](\d{1,2})(?![\d/-])/giu,
    accept: (m) => validDayMonth(Number(m[1]), Number(m[2])),
  },
  {
    kind: 'postcode',
    re: /(?<![\w-])[1-9]\d{3}\s?(?!SA|SD|SS|CT|MR|IC|OK|HB|BP)[A-Z]{2}(?![\p{L}\d-])/gu,
  },
  {
    kind: 'address',
    re: new RegExp(
      String.raw`${STREET_PREFIX}\p{Lu}[\p{L}'’.-]*?(?:${STREET_SUFFIX})\s+(?:nr\.?\s*)?${HOUSE_NUMBER}`,
      'gu',
    ),
    skip: leadingContext,
  },
  {
    kind: 'address',
    re: new RegExp(
      String.raw`\b(?:Laan|Plein|Weg|Kade|Dreef|Singel|Markt|Hof|Straat|Dijk|Burgwal|Gracht|Oudegracht|Nieuwegracht)` +
        String.raw`(?:\s(?:${TV}|${CAP}|\d{4})){0,4}\s+${HOUSE_NUMBER}(?![\d])`,
      'gu',
    ),
  },
  // Any capitalised name + number directly followed by a postcode is a street address.
  {
    kind: 'address',
    re: new RegExp(
      String.raw`${STREET_PREFIX}${CAP}\s+${HOUSE_NUMBER}(?=,?\s+[1-9]\d{3}\s?[A-Z]{2}\b)`,
      'gu',
    ),
    skip: leadingContext,
  },
  {
    kind: 'age',
    re: /\b(\d{2,3})\s?-?\s?(?:jarige|jaar(?:\s+oud)?|jr\.?)(?![\p{L}])/giu,
    accept: (m) => isOldAge(Number(m[1])),
  },
  {
    kind: 'age',
    re: /(?<=\b(?:leeftijd|lft\.?|age)\s*:?\s*)(\d{2,3})\b/giu,
    accept: (m) => isOldAge(Number(m[1])),
  },
  {
    kind: 'institution',
    re: new RegExp(String.raw`(?:${CAP}\s){1,3}(?:${INSTITUTION_TAIL})(?![\p{L}])`, 'gu'),
  },
  { kind: 'institution', re: knownInstitutions() },
  {
    kind: 'institution',
    re: new RegExp(
      String.raw`\b(?:${INSTITUTION_LEAD})\s+(?:(?:${TV}|'t|St\.|Sint)\s)?${CAP}(?:\s(?:${TV}\s)?${CAP}){0,3}`,
      'gu',
    ),
  },
  {
    kind: 'institution',
    re: /\b\p{Lu}[\p{Ll}]+(?:ziekenhuis|gasthuis|kliniek|zorggroep|huisartsen)\b/gu,
  },
  // Any practice: huisartsen-, verloskundigen-, fysiotherapie-, tandartspraktijk + its name.
  {
    kind: 'institution',
    re: new RegExp(String.raw`\b\p{L}*praktijk\s+(?:(?:${TV}|'t|St\.|Sint)\s)?${CAP}(?:\s${CAP}){0,2}`, 'gu'),
  },
  // `JANSEN, J.P.` / `van der Berg, M.`: surname, comma, initials — how many record systems print a person.
  {
    kind: 'name',
    re: new RegExp(
      String.raw`(?<![\p{L}])(?:(?:${TV}|VAN|DE|DER|DEN|TER|TEN|VAN DER|VAN DEN|VAN DE)\s)*(?:\p{Lu}{2,}(?:[- ]\p{Lu}{2,})*|${CAP}), ?(?:\p{Lu}\.){1,4}`,
      'gu',
    ),
  },
  // A signature: the name on the line after the closing greeting.
  {
    kind: 'name',
    re: new RegExp(String.raw`(?<=(?:groet(?:en)?|hoogachtend|namens),?[ \t]*\r?\n[ \t]*)${PERSON}`, 'giu'),
    accept: (m) => /^\p{Lu}/u.test(m[0]) && !STOP_WORDS.has(m[0].split(/\s/)[0]!.toLowerCase()),
  },
  // Names typed in lower case after a word that announces the patient ("pt. jan de vries").
  {
    kind: 'name',
    re: new RegExp(
      String.raw`(?<=(?:^|[^\p{L}])(?:pt\.?|pte\.?|patiënte?|betreft:?|dhr\.?|mevr\.?|mw\.?)[ \t]+)\p{Ll}[\p{Ll}'’-]+(?:[ \t](?:${TV}(?![\p{L}])|\p{Ll}[\p{Ll}'’-]+)){1,4}`,
      'gu',
    ),
    accept: acceptLowerCaseName,
    trim: trimLowerCaseName,
  },
  // Names after a title (dhr., mevr., dr.) or a word that announces a person (huisarts, dochter, naam:).
  {
    kind: 'name',
    re: new RegExp(String.raw`(?<=(?:^|[^\p{L}])${TITLE}\s*)${PERSON}`, 'gu'),
  },
  {
    kind: 'name',
    re: new RegExp(String.raw`(?<=(?:^|[^\p{L}])(?:${CONTEXT})[ \t]*:?[ \t]+)${PERSON}`, 'gu'),
    accept: (m) => !m[0].split(/\s+/).every((w) => STOP_WORDS.has(w.toLowerCase())) && /^\p{Lu}/u.test(m[0]),
  },
  {
    kind: 'name',
    re: new RegExp(String.raw`(?<![\p{L}.])${INITIALS}[ \t]?${SURNAME}`, 'gu'),
    accept: (m) => !/^(?:N\.B\.|P\.S\.|A\.U\.B\.|T\.Z\.T\.|I\.V\.M\.|O\.A\.)/.test(m[0]),
  },
  {
    kind: 'name',
    re: new RegExp(
      String.raw`(?<![\p{L}])${CAP}(?:\s${CAP})?(?:\s(?:${TV}\s)*${CAP}(?:-(?:${TV}\s)?${CAP})?)?`,
      'gu',
    ),
    accept: acceptBareName,
  },
  {
    kind: 'name',
    re: new RegExp(String.raw`(?<![\p{L}])(?:${TV}[ \t])+${CAP}(?:-(?:${TV}[ \t])?${CAP})?`, 'gu'),
    accept: acceptParticleName,
  },
];

// Capitalised words that start sentences or headings in notes and are never names.
const STOP_WORDS = new Set(
  `de het een en in op met van voor bij naar is was werd heeft had geen niet ook nog wel dat die deze dit
  patiënt patient zij hij ze we wij u er al als maar dus om te ter tot na sinds vanaf over onder tegen
  beleid conclusie anamnese lichamelijk onderzoek status voorgeschiedenis medicatie allergieën diagnose
  plan afspraak controle verwijzing brief opname ontslag klachten overleg uitslag datum betreft aan van
  tel telefoon adres email e-mail geboren geb leeftijd bsn heden graag dhr mevr mw mevrouw meneer heer dr drs
  prof ir ing mr mej`.split(/\s+/),
);

const ADDRESS_CONTEXT = new Set(
  'woont wonend woonachtig adres verhuisd verblijft thuis naar aan bij via huisbezoek bezoek'.split(' '),
);

/** Capitalised words before a street that only introduce it ("Woont Kerkstraat 5"). */
function leadingContext(m: RegExpExecArray): number {
  let skip = 0;
  for (const w of m[0].split(/(?<=\s)/)) {
    const word = w.trim().toLowerCase();
    // A particle belongs to the street ("Van Goghstraat", "De Ruyterlaan").
    if (lowerParticles.has(word) || (!STOP_WORDS.has(word) && !ADDRESS_CONTEXT.has(word))) break;
    skip += w.length;
  }
  return skip;
}

const CONTEXT_WORDS = new Set(
  CONTEXT.split('|')
    .map((w) => w.replace(/\[(\p{L})\p{L}\]/u, '$1').toLowerCase())
    .filter((w) => /^[\p{L}-]+$/u.test(w)),
);
for (const w of ['patiënte', 'cliënte', 'echtgenoot', 'echtgenote', 'zuster']) CONTEXT_WORDS.add(w);

/** A word that announces a person or starts a sentence, never a name itself. */
function isContextWord(word: string): boolean {
  const w = word.toLowerCase();
  return STOP_WORDS.has(w) || CONTEXT_WORDS.has(w);
}

/** A first name from the list (+ surname), or a listed surname that is not also a common word. */
function acceptBareName(m: RegExpExecArray): boolean {
  const words = m[0].split(/\s+/);
  const first = words[0]!;
  const base = first.split('-')[0]!;
  if (firstNames.has(base) && (words.length > 1 || !ambiguousNames.has(base))) return true;
  if (words.length === 1) return surnames.has(base) && !ambiguousNames.has(base);
  // Two or three capitalised words ending in a known surname: "Tomasz Huisman".
  const last = words[words.length - 1]!.split('-')[0]!;
  return surnames.has(last) && !isContextWord(first);
}

/** `van Dijk`, `de Vries`: a particle and a listed surname, or any surname after a two-word particle. */
function acceptParticleName(m: RegExpExecArray): boolean {
  const words = m[0].split(/\s+/);
  const last = words[words.length - 1]!.split('-')[0]!;
  if (surnames.has(last)) return true;
  return words.length >= 3 && /^(?:van|in|op|uit)$/i.test(words[0]!) && !STOP_WORDS.has(last.toLowerCase());
}

// Words that follow "pt." in ordinary sentences ("pt. is van mening", "pt. heeft de …"): never a name.
const COMMON_WORDS = new Set(
  `is was wordt werd heeft had gaat ging komt kwam krijgt kreeg geeft gaf zegt zei meldt vertelt voelt wil
  kan moet zal zou ligt lag zit zat loopt eet drinkt rookt gebruikt neemt nam slaapt belt blijft vindt
  denkt weet woont werkt reageert herstelt ervaart toont lijkt maakt doet ziet hoort mag kon wilde
  en of met zonder in op bij naar uit voor na om te tot als dan dat die dit deze er hier daar ook nog
  niet geen wel zeer erg goed slecht matig licht ernstig pijn klachten koorts thuis alleen samen
  afdeling polikliniek opname ontslag controle huisarts specialist ziekenhuis kamer bed`.split(/\s+/),
);

const lowerFirstNames = new Set([...firstNames].map((n) => n.toLowerCase()));
const lowerSurnames = new Set([...surnames].map((n) => n.toLowerCase()));
const lowerParticles = new Set(TUSSENVOEGSELS.flatMap((t) => t.split(' ')));

/** The words of a lower-case name: a known first name first, or a known surname within the first four words. */
function lowerCaseNameLength(m: RegExpExecArray): number {
  const words = m[0].split(/[ \t]+/);
  if (lowerParticles.has(words[0]!)) return 0;
  // The name ends at its surname: the first non-particle word after the first name and its particles.
  let end = 1;
  while (end < words.length && lowerParticles.has(words[end]!)) end++;
  if (end >= words.length) return 0;
  end++;
  const taken = words.slice(0, end);
  const first = taken[0]!;
  const last = taken[taken.length - 1]!;
  if (STOP_WORDS.has(last) || STOP_WORDS.has(first) || COMMON_WORDS.has(first) || COMMON_WORDS.has(last))
    return 0;
  // "shanti van der velde": an unknown first name is still a name when particles join it to a surname.
  const joined = taken.length > 2;
  if (!lowerFirstNames.has(first) && !lowerSurnames.has(last) && !joined) return 0;
  return taken.join(' ').length;
}

function acceptLowerCaseName(m: RegExpExecArray): boolean {
  return lowerCaseNameLength(m) > 0;
}

function trimLowerCaseName(m: RegExpExecArray): number {
  return lowerCaseNameLength(m);
}

function knownInstitutions(): RegExp {
  const names = [...KNOWN_INSTITUTIONS].sort((a, b) => b.length - a.length).map(escapeRe);
  return new RegExp(String.raw`(?<![\p{L}])(?:${names.join('|')})(?![\p{L}])`, 'gu');
}

function before(m: RegExpExecArray, n: number): string {
  return m.input.slice(Math.max(0, m.index - n), m.index);
}

function validDayMonth(day: number, month: number): boolean {
  return day >= 1 && day <= 31 && month >= 1 && month <= 12;
}

/** Ages of 90 and over identify (few people reach them); younger ages are kept. */
function isOldAge(age: number): boolean {
  return age >= 90 && age <= 125;
}

/** The Dutch BSN check (elfproef): 9·d1 + 8·d2 + … + 2·d8 − 1·d9 is a multiple of 11. */
export function elfproef(digits: string): boolean {
  if (!/^\d{9}$/.test(digits) || digits === '000000000') return false;
  let sum = 0;
  for (let i = 0; i < 8; i++) sum += (9 - i) * Number(digits[i]);
  sum -= Number(digits[8]);
  return sum % 11 === 0;
}

/**
 * Removes names, dates, BSNs, phone numbers, e-mail addresses, street addresses, postcodes, ages over 89
 * and institution names from Dutch clinical free text, replacing each with a tagged placeholder such as
 * `[PERSOON]`. Rule-based (in the spirit of the Dutch `deduce` tool): titles, initials, particles and
 * compact name lists for persons; formats and the BSN check for numbers. A surname found once is removed
 * wherever it recurs in the same text.
 *
 * @example
 * deidentifyDutchText('Dhr. J. de Vries, 06-12345678').text // '[PERSOON], [TELEFOON]'
 */
export function deidentifyDutchText(text: string): DeidentifiedText {
  const taken = new Uint8Array(text.length);
  const spans: PhiSpan[] = [];
  const add = (start: number, end: number, kind: PhiKind) => {
    if (taken[start]) return;
    // A match that runs into an earlier, stronger span keeps the part before it ("Evelien van
    // [Verloskundigenpraktijk …]" still removes "Evelien").
    for (let i = start; i < end; i++) {
      if (taken[i]) {
        end = i;
        break;
      }
    }
    let piece = text.slice(start, end);
    if (kind === 'name') {
      piece = piece.replace(TRAILING_PARTICLES, '');
      // A lone lower-case word left after trimming ("in" of "in het …") is not a name.
      if (
        ONLY_PARTICLES.test(piece) ||
        (!/\s/.test(piece) && (!/\p{Lu}/u.test(piece) || isContextWord(piece)))
      )
        return;
    }
    // Trailing punctuation or space a pattern may have swallowed.
    piece = piece.replace(/[\s,;:]+$/u, '');
    end = start + piece.length;
    if (end <= start) return;
    taken.fill(1, start, end);
    spans.push({ start, end, kind });
  };
  for (const rule of RULES) {
    rule.re.lastIndex = 0;
    for (let m = rule.re.exec(text); m !== null; m = rule.re.exec(text)) {
      if (m[0].length === 0) {
        rule.re.lastIndex++;
        continue;
      }
      if (rule.accept && !rule.accept(m)) continue;
      add(m.index + (rule.skip?.(m) ?? 0), m.index + (rule.trim?.(m) ?? m[0].length), rule.kind);
    }
  }
  addPlaces(text, spans, add);
  propagateNames(text, spans, add);
  spans.sort((a, b) => a.start - b.start);
  let out = '';
  let at = 0;
  for (const s of spans) {
    out += text.slice(at, s.start) + PhiPlaceholders[s.kind];
    at = s.end;
  }
  out += text.slice(at);
  return { text: out, spans };
}

// A Dutch place name: `Utrecht`, `'s-Hertogenbosch`, `Den Haag`, `Alphen aan den Rijn`, `Bergen op Zoom`.
const PLACE = new RegExp(
  String.raw`^(?:,[ \t]*|[ \t]+(?:te[ \t]+|in[ \t]+)?)((?:'s-|’s-)?(?:(?:Den|De|Het|Nieuw|Oud|Sint|St\.|Groot|Klein|Oost|West|Noord|Zuid)[ -])?` +
    String.raw`\p{Lu}[\p{Ll}'’]+(?:-\p{Lu}?[\p{Ll}]+)*(?:[ ](?:aan|op|bij|in|ter|ten|aan den|aan de|an de)[ ]\p{Lu}[\p{L}]+)?)(?![\p{L}])`,
  'u',
);
const NOT_PLACES = new Set([
  'afdeling',
  'polikliniek',
  'locatie',
  'team',
  'kamer',
  'route',
  'bus',
  'postbus',
]);

/**
 * The town after an address, postcode or institution ("Kerkstraat 5 te Dokkum", "1234 AB Utrecht",
 * "Huisartsenpraktijk De Linde, Breda"): together with the rest it points at a household or a practice,
 * so it goes with the address.
 */
function addPlaces(text: string, spans: PhiSpan[], add: (s: number, e: number, k: PhiKind) => void): void {
  for (const s of [...spans]) {
    if (s.kind !== 'address' && s.kind !== 'postcode' && s.kind !== 'institution') continue;
    const m = PLACE.exec(text.slice(s.end, s.end + 60));
    if (!m) continue;
    const place = m[1]!;
    if (isContextWord(place) || NOT_PLACES.has(place.toLowerCase())) continue;
    // An address or institution followed by a bare capitalised word is only a town when a comma or
    // "te/in" joins them; after a postcode any capitalised word is the town.
    const joined = /^(?:,|[ \t]+(?:te|in)[ \t])/.test(m[0]);
    const start = s.end + m[0].length - place.length;
    if (s.kind === 'institution' && !joined) {
      // "Isala Zwolle", "St Jansdal Lelystad": a town right after the name, ending the line or phrase.
      if (/^[ \t]*(?:$|[\r\n,.;:)])/.test(text.slice(start + place.length, start + place.length + 3))) {
        add(start, start + place.length, 'institution');
      }
      continue;
    }
    if (s.kind !== 'postcode' && !joined) continue;
    add(start, start + place.length, 'address');
  }
}

// A capitalised word not preceded by a letter; its apostrophes are part of it ("D'Souza", "Jan's").
const CAPITALISED_WORD = /(?<![\p{L}])\p{Lu}[\p{Ll}'’]*/gu;
const LETTER = /\p{L}/u;
const letterAt = (text: string, i: number) => {
  const c = text.codePointAt(i);
  return c !== undefined && LETTER.test(String.fromCodePoint(c));
};

/** Every later mention of a surname already recognised in this text is a name too ("Dhr. Pietersma … Pietersma"). */
function propagateNames(
  text: string,
  spans: PhiSpan[],
  add: (s: number, e: number, k: PhiKind) => void,
): void {
  const words = new Set<string>();
  for (const s of spans) {
    if (s.kind !== 'name') continue;
    for (const w of text.slice(s.start, s.end).match(/\p{Lu}[\p{Ll}'’]{2,}/gu) ?? []) {
      if (!STOP_WORDS.has(w.toLowerCase())) words.add(w);
    }
  }
  if (words.size === 0) return;
  // One scan with a fixed pattern and a set lookup; a pattern built from this note's words would be
  // compiled anew for every note. A mention is the whole word, or the part before an apostrophe
  // ("Pietersma's"), when no letter follows it.
  CAPITALISED_WORD.lastIndex = 0;
  for (let m = CAPITALISED_WORD.exec(text); m !== null; m = CAPITALISED_WORD.exec(text)) {
    const word = m[0];
    let length = 0;
    if (words.has(word) && !letterAt(text, m.index + word.length)) length = word.length;
    else {
      for (let j = word.length - 1; j >= 3; j--) {
        const c = word[j];
        if ((c === "'" || c === '’') && words.has(word.slice(0, j))) {
          length = j;
          break;
        }
      }
    }
    if (length > 0) add(m.index, m.index + length, 'name');
  }
}
