import { ambiguousNames, firstNames, surnames, TUSSENVOEGSELS } from './dutch-names.ts';
import {
  after,
  atSentenceStart,
  before,
  CAP,
  CONTEXT,
  COUNTRIES,
  INITIALS,
  isContextWord,
  isSectionWord,
  LANGUAGES,
  MONTH_ABBR,
  MONTHS,
  NICK,
  PERSON,
  STOP_WORDS,
  SURNAME,
  TITLE,
  TV,
  TV_ALTS,
  WEEKDAYS,
} from './dutch-text-patterns.ts';
import { gazetteer, type PhraseHit } from './gazetteer.ts';
import { readGazetteerLines } from './gazetteer-files.ts';
import { combineWithTagger, readShippedTagger, tagNote } from './note-tagger.ts';
import { type PhiKind, PhiPlaceholders, type PhiSpan } from './phi-kind.ts';

/** The de-identified text and the ranges of the ORIGINAL text that were replaced. */
export interface DeidentifiedText {
  text: string;
  spans: PhiSpan[];
}

/** The learned tagger's weights (`data/tagger-weights.txt`), read once. */
const tagger = readShippedTagger();

/** Eponyms and named tests, scales and devices: capitalised, never a person or place in a note. */
const EPONYMS: ReadonlySet<string> = new Set(readGazetteerLines('eponyms'));

const TRAILING_PARTICLES = new RegExp(String.raw`(?:\s+(?:${TV_ALTS}))+\s*$`, 'u');
const ONLY_PARTICLES = new RegExp(String.raw`^(?:(?:${TV_ALTS})\s*)+$`, 'u');

const STREET_SUFFIX =
  'straat|straatweg|laan|weg|plein|gracht|kade|singel|dijk|steeg|pad|hof|dreef|park|markt|plantsoen|' +
  'boulevard|kanaal|haven|wal|burgwal|ring|veld|baan|erf|zijde|oord|allee|hoek|akker|wijk|berg|dal|' +
  'straatje|kamp|meer|veen|horst|weide|brink|tuin|park|heuvel|wetering|vaart|loop|hof|' +
  // Frisian: "Haadwei", "Mieddyk", "Skoalstrjitte", "Tsjerkepaad", "Buorren".
  'wei|dyk|strjitte|paad|leane|loane|buorren';
const HOUSE_NUMBER = String.raw`\d{1,5}(?!\d|[,.]\d)(?:\s?-?\s?[a-zA-Z](?![\p{L}\d]))?(?:[ \t]+bus[ \t]+\d{1,4})?(?:\s?-\s?\d{1,4}|\s?-?\s?(?:bis|hs|huis|bg|boven|bov|III|II|I)(?![\p{L}]))?(?:[ \t]+(?:zw|rd|zz|nz|oz|wz)(?![\p{L}]))?(?:[ \t]+(?:kamer|unit|app\.?|appartement)[ \t]+\d{1,4}[a-zA-Z]?(?![\p{L}\d]))?`;
/**
 * Initials that sign a line: two or three letters of one case, capitals around lower-case particle
 * letters ("MdB", "EvdL", "AvdH"), or a run without vowels ("Jvd", "mvdz", "jvdb").
 */
const SIGNING_INITIALS = String.raw`(?:\p{Ll}{2,3}|\p{Lu}{2,3}|\p{Lu}\p{Ll}{1,2}\p{Lu}{1,2}|\p{Lu}\p{Lu}\p{Ll}{1,2}\p{Lu}|\p{Lu}[bcdfghjklmnpqrstvwxz]{2}|[bcdfghjklmnpqrstvwxz]{4})(?![\p{L}\d.])`;
/** A time or a day and month after signing initials: "MdB 10:12", "-- EvdL 9/1". */
const SIGNING_TAIL = String.raw`\d{1,2}[:.]\d{2}|\d{1,2}\/\d{1,2}`;

const STREET_PREFIX_END = new RegExp(
  String.raw`(?<![\p{L}.])(?:(?:${CAP}|St\.|Burg\.|Dr\.|Prof\.|Mr\.|Pr\.|Mgr\.|Ds\.|Jhr\.|Gen\.|Kon\.|(?:\p{Lu}\.){1,3}|1e|2e|3e|Eerste|Tweede|Derde|${TV})[ \t]){1,5}$`,
  'u',
);
const caseFreeWord = (w: string) => (/^[a-zë]/.test(w) ? `[${w[0]}${w[0]!.toUpperCase()}]${w.slice(1)}` : w);
/** Words that introduce an institution; each word's first letter may be either case ("Sociaal Team"). */
const lead = (words: string[]) => words.map((w) => w.split(' ').map(caseFreeWord).join(' ')).join('|');
/** Words that come before the name of a care institution, school or employer. */
const INSTITUTION_LEAD = lead([
  'ziekenhuis',
  'huisartsenpraktijk',
  'huisartsenpost',
  'huisartsenposten',
  'huisartsen',
  'HAP',
  'spoedpost',
  'dokterswacht',
  'doktersdienst',
  'gezondheidscentrum',
  'service apotheek',
  'apotheek',
  'verpleeghuis',
  'zorgcentrum',
  'woonzorgcentrum',
  'verzorgingshuis',
  'revalidatiecentrum',
  'kliniek',
  'medisch centrum',
  'hospice',
  'thuiszorgorganisatie',
  'thuiszorg',
  'GGZ',
  'GGz',
  'GGD',
  'CJG',
  'RAV',
  'zorggroep',
  'praktijk',
  'fysiotherapiepraktijk',
  'fysiotherapie',
  'fysio',
  'podotherapie',
  'logopediepraktijk',
  'logopedie',
  'tandartspraktijk',
  'tandartsen',
  'verloskundigenpraktijk',
  'verloskundigen',
  'diëtistenpraktijk',
  'psychologenpraktijk',
  'UMC',
  'MC',
  'wijkteam',
  'Sociaal Wijkteam',
  'sociaal team',
  'kraamzorg',
  'kraamcentrum',
  'jeugdzorg',
  'ouderenzorg',
  'buurtteam',
  'basisschool',
  'hogeschool',
  'universiteit',
  'gemeente',
  'stichting',
  'laboratorium',
  'seniorenflat',
  'serviceflat',
  'dagbesteding',
  'zorgboerderij',
  'kinderdagverblijf',
  'CBS',
  'OBS',
  'PCBS',
  'RKBS',
  'CSG',
  'ROC',
  // Organisations that Dutch names start with a service: "Welzijn Rivierenland", "Radiologie Zaandam".
  'welzijn',
  'radiologie',
  // Belgian and German hospitals and practices: "AZ Groeninge", "UZ Leuven", "Klinikum Emden".
  'AZ',
  'UZ',
  'Klinikum',
  'Krankenhaus',
  'Universitätsklinikum',
  'Uniklinik',
  'Praxis',
  'Gemeinschaftspraxis',
  'JGZ',
  'diëtetiek',
  'dietetiek',
  'ergotherapie',
  'oefentherapie',
  'psychologie',
  'psychotherapie',
  'zorgtaxi',
  'taxi',
  'woongroep',
  'woonvorm',
  'dagcentrum',
  'inloophuis',
  'crisisopvang',
  'zorghotel',
  'logeerhuis',
  'AZC',
  'azc',
  'penitentiaire inrichting',
  'PI',
  'BSO',
  'KDV',
  'ambulancezorg',
  'ambulance',
  'bewindvoering',
  'mondzorg',
  'orthodontie',
  'audiologisch centrum',
  'centrum voor',
  'woonzorg',
  'zorgboerderij',
  'kinderopvang',
  'peuterspeelzaal',
  'school',
  'scholengemeenschap',
  'college',
  'lyceum',
  'gymnasium',
  'stedelijk gymnasium',
  'atheneum',
  'academie',
  // Sports clubs: "VV Kollum", "HC Tilburg".
  'VV',
  'SV',
  'FC',
  'HC',
  'MHC',
  'HV',
  'KV',
  'RKVV',
  'RKSV',
  'ZV',
  'LTC',
  'WV',
  'AV',
  'SC',
  'ZC',
  'TC',
  'woningcorporatie',
  'jeugdbescherming',
  'crisisdienst',
  'reclassering',
  'jeugdhulp',
  'restaurant',
  'café',
  'hotel',
  'camping',
  'manege',
  'supermarkt',
  'bakkerij',
  'garage',
  'kapsalon',
  'uitzendbureau',
  'Huize',
  'Hoeve',
  'Residentie',
  'Landgoed',
  'woningbouwvereniging',
  'wooncorporatie',
  'woningstichting',
  // Schools written in lower case, care homes by their abbreviation, services named by what they do.
  'obs',
  'cbs',
  'WZC',
  'wzc',
  'trombosedienst',
  'vluchtelingenwerk',
  'ijsbaan',
  'IJsbaan',
  'zwembad',
  'sportschool',
  'buurthuis',
  'wijkcentrum',
  'woonzorgpark',
  // Fifth round: schools by their abbreviation ("IKC De Klimboom", "SO De Stormvogel"), police units ("Politie Eenheid …"),
  // safety regions, screening and other regional services named by what they do.
  'IKC',
  'VSO',
  'SBO',
  'BS',
  'Politie Eenheid',
  'veiligheidsregio',
  'bevolkingsonderzoek',
  'perinatale zorg',
  'mentorschap',
  'sportmedisch centrum',
  'ambulant team',
  'centrum jeugd en gezin',
  'centrum seksueel geweld',
  'samen veilig',
  'schuldhulp',
  'thuishulp',
]);
/**
 * Head nouns that end a compound naming an institution or a firm: "Kindcentrum", "Huisartsengroep",
 * "Autobedrijf", "Zorgtaxi", "Taalinstituut".
 */
const HEAD_NOUNS =
  'praktijk|centrum|kliniek|groep|apotheek|school|team|zorg|huisartsen|tandartsen|bedrijf|taxi|vervoer|instituut|bureau|laboratorium|club|corporatie';
const INSTITUTION_TAIL =
  '[Zz]iekenhuis|[Zz]iekenhuizen|[Zz]iekenhuisgroep|Gasthuis|[Mm]edisch [Cc]entrum|MC|UMC|[Kk]liniek|Zorggroep|' +
  'Zorg|Kinderziekenhuis|Huisartsen|Apotheek|Thuiszorg|Tandartsen|Fysiotherapie|Revalidatie|Laboratorium|Clinics|' +
  // Companies: "Hollandia Kaas" is not written so, but "Ten Brinke Bouw", "Bakker Logistiek B.V." are.
  'BV|B\\.V\\.|NV|N\\.V\\.|Group|Groep|Holding|Bouw|Logistiek|Transport|Techniek|Installatietechniek|Nederland|' +
  // Schools and universities: "Erasmus Universiteit", "Hanze Hogeschool", "Summa College".
  'Universiteit|University|Hogeschool|College|Lyceum|Instituut|Stichting|Center|Centre|Hospital|Clinic|Kerk|Moskee|Parochie';
/** A name after an institution word: `Kennemerland`, `Utrecht-Stad`, `aan de Dam`, `De Wegwijzer`. */
const INSTITUTION_NAME = String.raw`(?:(?:${TV}|'t|St\.?|Sint|De|Het|Den|Ons|Onze|(?:aan|op|bij|in)(?: de| den| het)?)[ \t])?(?:${CAP}|\p{Lu}{2,})(?:[ \t-](?:(?:aan|op|bij|van|ter|ten|en|&)(?: de| den| het)?[ \t]|(?:De|Het|Den)[ \t])?(?:${CAP}|\p{Lu}{2,4}(?![\p{L}]))){0,3}`;

/**
 * A pattern for one kind of identifier. Context that announces the identifier ("dochter", "labnr:") is
 * matched as the named group `ctx` at the start, not as a lookbehind: a lookbehind is tried at every
 * position of the text, a leading group only where its first word is. `body` is the match without it.
 */
/** A weekday right before a date belongs to it ("di 5-9", "Zondag 3 november"). */
const WEEKDAY_BEFORE = new RegExp(
  String.raw`(?<![\p{L}])(?:${WEEKDAYS})(?:-?(?:ochtend|middag|avond|nacht))?\.?[ \t]+$`,
  'iu',
);
/**
 * Before a date also the two weekdays of a night or weekend it spans ("za/zo 14-15 feb", "vr/za 20-21
 * mrt"). The word for the night is not part of it ("nacht van [3 op 4 april]"), as most parts label it.
 */
const DAYS_BEFORE = new RegExp(
  String.raw`(?<![\p{L}])(?:(?:${WEEKDAYS})\.?\/)?(?:${WEEKDAYS})(?:-?(?:ochtend|middag|avond|nacht))?\.?[ \t]+$`,
  'iu',
);

/** Month names and abbreviations, without the costly Unicode flag: a gate for the month rules. */
const MONTH_GATE = /jan|feb|maa|mrt|apr|mei|jun|jul|aug|sep|okt|oct|nov|dec/i;
const EN_MONTHS =
  'January|February|March|April|May|June|July|August|September|October|November|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec';
const EN_WEEKDAYS =
  'Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|Mon|Tues|Tue|Wed|Thurs|Thur|Thu|Fri|Sat|Sun';
const EN_DATE_GATE = /Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec|\d-\p{L}{3}-\d/u;
/** Papiamentu month names, with and without their accents. */
const PAP_MONTHS =
  'yanüari|yanuari|febrüari|febrewari|febrero|mart|aprel|april|mei|yüni|yuni|yüli|yuli|ougùstùs|ougustus|augustus|sèptèmber|september|òktober|oktober|novèmber|november|desèmber|december';

type Rule = {
  kind: PhiKind;
  re: RegExp;
  accept?: (m: RegExpExecArray, body: string) => boolean;
  /** Words right before the match that belong to it (`Burg. Kuperus` before `straat 8`). */
  prefix?: RegExp;
  /** How many leading characters of the body are context, not identifier. */
  skip?: (body: string) => number;
  /** Run the rule only on texts where this finds something (a cheap scan that spares an expensive one). */
  gate?: RegExp;
  /** How many characters of the body belong to the identifier (default: all). */
  trim?: (m: RegExpExecArray, body: string) => number;
  /**
   * When `accept` turns a match down, look again from its second word: "Betrokkene Arjen Lanting" is no
   * name, "Arjen Lanting" is.
   */
  rescan?: boolean;
};

// A measurement that "wordt 95" or "werd 92" can be: saturation, pulse, pressure, a score, a weight.
const VITAL_BEFORE =
  /(?:sat|saturatie|pols|hf|hr|rr|tensie|bloeddruk|temp|temperatuur|glucose|suiker|score|gewicht|kg|%|spiegel|waarde|nrs|vas|ademfrequentie|af|eGFR|kreat)\w*[^.\n]*$/iu;

// Words before a day and month without a year that make them a date ("op 12-3", "sinds 3/4", "(23/2)").
const DATE_CONTEXT = new RegExp(
  String.raw`(?:^|[\s(])(?:${WEEKDAYS}|op|sinds|vanaf|per|tot|t\/m|tm|en|ipv|i\.p\.v\.|d\.d\.|dd|datum|gezien|opgenomen|opname|evaluatie|bezoek|huisbezoek|ontslagen|ontslag|gebeld|controle|afspraak|gepland|vanaf|na|voor|uitslag|afname|echo|ECG|CAG|CT|MRI|OK|laatste|vorige|volgende|foto|\p{Ll}*poli|intake|kweek|bloedafname|vaccinatie|operatie|ingreep|overleg|opnamedatum|bezocht|gesproken|besproken|gemeld|ontvangen|verzonden|aangemeld|onderzocht|d\.d|partus|geboren|bevallen|overleden|hielprik)\.?:?[ \t]*$`,
  'iu',
);
const DATE_UNIT_AFTER =
  /^[ \t]*(?:x(?![\p{L}-])|keer|maal|dd|mg|mcg|µg|ml|mmol|l\b|cm|mm|kg|g\b|uur|u\b|dagen|dgn|dag|weken|wkn|wk|mnd|maanden|jaar|jr|min|sec|%|°|tabl|stuks|punten|kracht|tab|biopt|sessies|gesprekken|joints|sigaretten|glazen|k?Hz|dB)/iu;
const DATE_SCORE_BEFORE =
  /(?:^|[^\p{L}])(?:streef|streefwaarde|norm|ref|referentie|sessie|score|NRS|VAS|EMV|GCS|RR|tensie|stadium|graad|visus|behandeling|MRC|ratio|kracht|pijn|gr|fase|week|G\d|P\d|T|apgar|bishop|AD|amenorroeduur|zwangerschapsduur|gravida|para|dilatatie|ontsluiting|dosis|tablet|tabletten|dig|digiti|vinger|teen|tenen|rib|ribben|dag|aanwezigheid)\s*:?\s*$/iu;
/** Words after a day and month that make it a date ("27/2 afgenomen", "3/4 gezien"). */
const DATE_CONTEXT_AFTER =
  /^[ \t]+(?:afgenomen|gezien|gebeld|besproken|opgenomen|ontslagen|gestart|gestopt|gepland|verwacht|geopereerd|overleden|bevallen|gevallen|geboren|verhuisd|ingestuurd|verwezen)(?![\p{L}])/u;

const NEXT_ONE_BEFORE =
  /(?:^|[^\p{L}])(?:volgende|vorige|laatste|nieuwe|eerstvolgende)[ \t]+\p{Ll}+[ \t]*:?[ \t]*$/iu;

/** Is a day-month without a year, as in "19-11" or "23/2", a date here, or a range, score or fraction? */
function acceptDayMonth(m: RegExpExecArray): boolean {
  if (!validDayMonth(Number(m[1]), Number(m[2]))) return false;
  const pre = before(m, 24);
  const post = after(m, 24);
  if (DATE_UNIT_AFTER.test(post)) return false;
  // "volgende sessie 27/1", "vorige week 3/4": the next or last one is a day, not a score.
  if (NEXT_ONE_BEFORE.test(pre)) return true;
  if (DATE_SCORE_BEFORE.test(pre)) return false;
  if (DATE_CONTEXT.test(pre) || /(?:^|\n)[ \t]*$/.test(pre) || /\([ \t]*$/.test(pre)) return true;
  // Right after a word that heads a consult or a shift: "Tel. consult 19-11 – mw. …", "wondpoli 8/5".
  if (HEADING_BEFORE.test(pre)) return true;
  // Closing the note's first line, its heading ("Ontslag neonatologie Isala 27-12"), or a line after a
  // dash ("Diëtistenpraktijk Smaakvol, Zeewolde – 5/9").
  if (
    /^[ \t]*(?:\r?\n|$)/.test(post) &&
    (!m.input.slice(0, m.index).includes('\n') || /[–-][ \t]*$/.test(pre))
  )
    return true;
  // A zero written before a day or month ("28/02", "03-06") is how dates are written, not scores or doses.
  if (/^0\d|[-/]0\d$/.test(m[0])) return true;
  if (DATE_CONTEXT_AFTER.test(post)) return true;
  // A day and month closing a heading line, or set off by commas in one: "IC-overdracht, bed 4, 28/2",
  // "Ritformulier RAV Noord, 15-8, melding 14:52", "Overdracht ochtenddienst 23/4".
  const lineEnd = /^[ \t]*(?:\r?\n|$)/.test(post);
  if ((lineEnd || /^,[ \t]/.test(post)) && (/,[ \t]*$/.test(pre) || HEADING_BEFORE.test(pre))) return true;
  // Followed by a time, a closing bracket or the other end of a range: "19-11 02:40", "(23/2)", "22-02 tot 26-02".
  return /^(?:[ \t]+\d{1,2}[:.u]\d{2}|[ \t]*\)|[ \t]*(?:t\/m|tot|-|–)[ \t]*\d{1,2}[-/]\d{1,2}|:)/u.test(post);
}

/** "6/1-8/1": two valid days and months, the second after the first by at most a month. */
function acceptDayMonthRange(m: RegExpExecArray): boolean {
  const [d1, m1, d2, m2] = [m[1], m[2], m[3], m[4]].map(Number) as [number, number, number, number];
  if (!validDayMonth(d1, m1) || !validDayMonth(d2, m2)) return false;
  if (!(m1 === m2 ? d2 > d1 : m2 === (m1 % 12) + 1)) return false;
  return !DATE_UNIT_AFTER.test(after(m, 24)) && !DATE_SCORE_BEFORE.test(before(m, 24));
}

// A heading word before a day and month at the end of a line: a consult, a handover, a shift.
const HEADING_BEFORE =
  /(?:consult|overdracht|(?:overdracht|rapportage)[ \t]+(?:nacht|avond|ochtend|middag)|\p{Ll}*dienst|visite|bezoek|verslag|rapportage|notitie|spreekuur|bespreking|MDO|evaluatie|controle|huisbezoek|telefonisch)[ \t]*:?[ \t]*$/iu;

const DAY_MONTH = /(?<![\d/.,-])(\d{1,2})[-/](\d{1,2})(?![\d/-]|[.,]\d)/gu;

/**
 * A day and month without context in a note that already writes dates: an author who wrote "opname 21-3
 * t/m 24-3" writes "cholecystectomie 22/3" the same way. Ranges, scores and doses are still kept.
 */
function addLooseDayMonths(
  text: string,
  spans: PhiSpan[],
  add: (s: number, e: number, k: PhiKind) => void,
): void {
  if (!spans.some((s) => s.kind === 'date')) return;
  DAY_MONTH.lastIndex = 0;
  for (let m = DAY_MONTH.exec(text); m !== null; m = DAY_MONTH.exec(text)) {
    if (!validDayMonth(Number(m[1]), Number(m[2]))) continue;
    if (DATE_UNIT_AFTER.test(after(m, 24)) || DATE_SCORE_BEFORE.test(before(m, 24))) continue;
    add(m.index, m.index + m[0].length, 'date');
  }
}

/** The date, time and contact letter that open a journal line, before the writer's initials. */
const JOURNAL_LINE_START = String.raw`^[ \t]*\[?(?:(?:ma|di|wo|do|vr|za|zo)\.?[ \t]+)?\d{1,2}[-/.]\d{1,2}(?:[-/.](?:\d{4}|\d{2}|['’]\d{2}))?\]?(?:,?[ \t]+\d{1,2}[:.]\d{2})?[ \t]*(?:(?:ochtend|middag|avond|nacht)(?:dienst)?[ \t]*)?(?:[-–|][ \t]*)?(?:(?:ochtend|middag|avond|nacht)(?:dienst)?[ \t]+)?(?:[A-Z](?:[ \t]*:)?[ \t]+)?`;
const JOURNAL_PREFIX = new RegExp(`${JOURNAL_LINE_START}$`, 'mu');

/** Rules in priority order: an earlier rule's span wins over a later overlapping one. */
const RULES: Rule[] = [
  { kind: 'email', re: /[\p{L}\d._%+-]+@[\p{L}\d.-]+\.\p{L}{2,}/gu, gate: /@/ },
  // Web addresses can carry names and ids (personal pages, portals).
  { kind: 'url', re: /\b(?:https?:\/\/|www\.)[^\s<>"]+[^\s<>".,;:)]/gu, gate: /www\.|https?:/ },
  // A web address written without "www": "mijn.gezondheidscentrumoost.nl", "zorgportaal.nl/inloggen".
  {
    kind: 'url',
    re: /(?<![\p{L}\d@.-])[A-Za-z\d][a-z\d-]*(?:\.[a-z\d-]+)*\.(?:nl|be|de|com|org|net|eu|info|nu)(?:\/[^\s<>"]*[^\s<>".,;:)])?(?![\p{L}\d@-])/gu,
    gate: /\.(?:nl|be|de|com|org|net|eu|info|nu)\b/,
  },
  // A bank account (IBAN): a Dutch one by its form ("NL91 ABNA 0417 1643 00"), any other by its
  // check digits (ISO 13616, mod 97).
  {
    kind: 'id',
    re: /(?<![\p{L}\d])[A-Z]{2}\d{2}(?:[ ]?[A-Z\d]{4}){2,7}(?:[ ]?[A-Z\d]{1,3})?(?![\p{L}\d])/gu,
    accept: (m) => isIban(m[0].replace(/ /g, '')),
    trim: (m) => {
      // The groups of four run on into what follows only as far as the country's length.
      const compact = m[0].replace(/ /g, '');
      for (let n = compact.length; n >= 15; n--)
        if (isIban(compact.slice(0, n))) return lengthWithSpaces(m[0], n);
      return m[0].length;
    },
    gate: /[A-Z]{2}\d{2}[ ]?[A-Z\d]{4}/,
  },
  {
    kind: 'phone',
    re: /(?<![\w+])(?:(?:\+|00)31[\s.-]?(?:\(0\)[\s.-]?)?|\(0|0)(?!0)\d(?:[\s.)/–-]{0,3}\d){8}(?!\d)/gu,
    // "07-03-2024 08:15" is a date and a time.
    accept: (m) => {
      const date = /^(\d{2})[-/.](\d{2})[-/.](?:19|20)\d{2}(?!\d)/.exec(m[0]);
      return !date || !validDayMonth(Number(date[1]), Number(date[2]));
    },
  },
  { kind: 'phone', re: /(?<![\w+])0[89]0[09][\s-]?\d(?:[\s.-]?\d){3,6}(?!\d)/gu },
  // Numbers abroad: "+32 50 45 21 11", "+49 221 478 5512", "0049 (0)221 4785512".
  {
    kind: 'phone',
    re: /(?<![\w+])(?:\+|00)(?!31)[1-9]\d{0,2}[\s.-]?(?:\(0\)[\s.-]?)?\d(?:[\s./-]{0,2}\d){6,11}(?!\d)/gu,
    gate: /\+|00[1-9]/,
  },
  {
    kind: 'bsn',
    re: /(?<![\d.-])(\d{4}\.\d{2}\.\d{3}|\d{3}[ .-]\d{3}[ .-]\d{3}|\d{9})(?![\d]|[.-]\d)/gu,
    accept: (m) =>
      elfproef(m[0].replace(/\D/g, '')) || /(?:bsn|burgerservicenummer|sofi)\W{0,4}$/i.test(before(m, 30)),
  },
  {
    kind: 'bsn',
    re: /(?<ctx>(?:bsn|burgerservicenummer)\.?\s*(?:nr\.?|nummer)?\s*[:#]?\s*)\d[\d. -]{7,12}\d/gi,
  },
  // An extension, pager or bleep number: "toestel 233", "tst 63422", "gepiept 8321", "sein 4417".
  {
    kind: 'phone',
    re: /(?<ctx>(?<![\p{L}])(?:toestel|toest\.|tst\.?|pieper|piepnr\.?|sein|gepiept|piep|bleep|dect|intern|ext\.?)(?![\p{L}])[ \t]*(?:nr\.?|nummer)?[ \t]*:?[ \t]*)\d{3,5}(?![\d\p{L}]|[.,]\d)/giu,
    gate: /toest|tst|piep|sein|bleep|dect|intern|ext/i,
  },
  // A municipality's short number: "Bel 14 038", "telefoon 14 0515".
  {
    kind: 'phone',
    re: /(?<ctx>(?<![\p{L}])(?:bel|tel\.?|telefoon(?:nummer)?|bellen(?: met| naar)?|via)[ \t]*:?[ \t]*)14[ \t]?0\d{2,3}(?!\d)/giu,
    gate: /14[ \t]?0\d/,
  },
  // Other numbers after a label that names them (patiëntnummer, labnr, AGB, meldkamer-ID, ...).
  {
    kind: 'id',
    re: /(?<ctx>(?<![\p{L}])(?:patiëntnummer|patientnummer|patiëntnr|patnr|pnr|pat\.?[ -]?nr|cl\.?[ -]?nr|pt\.?[ -]?nr|zkh-?nr|zh-?nr|ziekenhuisnummer|dossiernummer|dossiernr|mrn|epd-nummer|labnummer|labnr|lab\.?[ -]?nr|monsternummer|monsternr|aanvraagnummer|ordernummer|apotheeknummer|apotheeknr|personeelsnummer|personeelsnr|registratienummer|agb(?:-code)?|big(?:-nummer)?|uzi|meldkamer-id|ritnummer|polisnummer|klantnummer|onderzoeksnummer|upn|relatienummer|cliëntnummer|clientnummer|cliëntnr|z-nummer|kenmerk|ons kenmerk|uw kenmerk|referentie|ref|id|rit|order|aanvraag|dossier|casus|zaak|zending|registratie|episode|barcode|sample|sein|pieper|paspoort|personalausweis|identiteitskaart|id-kaart|rijbewijs|kenteken|polis|znr|zis|serienummer|pasnummer|nr(?![\p{L}])|[a-zëéï-]{2,}\.?(?:nr|nummer))\.?\s*(?:nr\.?|nummer)?\s*[:#|]?\s*)(?:\d{1,4}(?:[ .]\d{2,}){1,3}(?![\p{L}\d]|[-/.]\d)|(?:[A-Z]{1,5} (?=\d))?[A-Z]{0,4}[-/]?(?:[A-Z]{1,4}[-/])?\d[\dA-Z/.-]{1,20}(?: \d{3,}(?![\p{L}\d]))*)(?: \d(?=[)\].,;:\r\n]|$))?/giu,
    // A letter group before a space counts only in capitals ("polisnr. ZK 880 331 245", not "van 2019").
    // A short code of capitals and digits counts too ("batchnr X9F27A").
    accept: (_, body) => isLabelledCode(body) && !/^[A-Za-z]*[a-z][A-Za-z]* \d/.test(body),
    trim: (_, body) => body.replace(/[.,/-]+$/, '').length,
    gate: /nr|nummer|agb|big|uzi|mrn|id|kenmerk|ref|rit|order|onderzoek|upn|aanvraag|dossier|casus|zaak|zending|registratie|episode|barcode|sample|sein|pieper|paspoort|personalausweis|kaart|rijbewijs|kenteken|polis|znr|zis|serie/i,
  },
  // A cell, unit or room written as a code: "cel C2-018", "Cel 17", "unit C-14", "kamer B2.07",
  // "afd. A3-112" (a plain room number, "kamer 7", says nothing; a prison or police cell does).
  {
    kind: 'id',
    re: /(?<ctx>(?<![\p{L}])[Cc]ell?\.?[ \t]*(?:nr\.?|nummer)?[ \t]*:?[ \t]*)(?:[A-Z]{1,3}\d{0,2}[-.]?)?\d{1,4}(?:[-.]\d{1,3})?(?![\p{L}\d]|[-.]\d)/gu,
    accept: (_, body) => (body.match(/\d/g)?.length ?? 0) >= 2,
    gate: /[Cc]ell?\b/,
  },
  {
    kind: 'id',
    re: /(?<ctx>(?<![\p{L}])(?:[Uu]nit|[Kk]amer|[Rr]oom|[Aa]fd\.?|[Aa]fdeling|[Pp]aviljoen|[Vv]leugel|[Ww]ing)[ \t]*:?[ \t]*)[A-Z]{1,3}\d{0,2}[-.]\d{1,3}(?:[-.]\d{1,3})?(?![\p{L}\d]|[-.]\d)/gu,
    accept: (_, body) => (body.match(/\d/g)?.length ?? 0) >= 2,
    gate: /[Uu]nit|[Kk]amer|[Rr]oom|[Aa]fd|[Pp]aviljoen|[Vv]leugel|[Ww]ing/,
  },
  // A serial number that starts with its year: "MIC 2023-0448", "kwitantie 2024-0712", "2023-IZB-04471"
  // (never a range of years, "2023-2024", nor a date, "2024-01-15").
  {
    kind: 'id',
    re: /(?<![\p{L}\d/.-])(?:19|20)\d{2}-(?:[A-Z]{2,5}-\d{3,6}|0\d{3,5}|\d{5,6})(?![\p{L}\d]|[/.-]\d)/gu,
    gate: /(?:19|20)\d{2}-[A-Z\d]/,
  },
  // A Dutch number plate: three groups of letters or digits, six in all, both kinds ("BZ-94-FX", "D-482-KP").
  {
    kind: 'id',
    re: /(?<![\p{L}\d-])(?:[A-Z]{1,3}|\d{1,3})-(?:[A-Z]{1,3}|\d{1,3})-(?:[A-Z]{1,3}|\d{1,3})(?![\p{L}\d-])/gu,
    accept: (m) => m[0].replace(/-/g, '').length === 6 && /[A-Z]/.test(m[0]) && /\d/.test(m[0]),
    gate: /[A-Z\d]-[A-Z\d]{1,3}-[A-Z\d]/,
  },
  // A code of capitals and digit groups stands for a record whatever its label: "RS-RX-2403-0771",
  // "NEU-24-3317/vdb", "AB12345" (never "ICD-10", "COVID-19": five digits at least).
  {
    kind: 'id',
    re: /(?<![\p{L}\d.,/-])(?:(?:[A-Z]{1,5}\d{0,4}[-/]){1,3}\d{2,}(?:[-/.]\d{2,}){0,3}(?:\/[a-z]{2,4}(?![\p{L}]))?|[A-Z]{1,3}\d{5,})(?![\p{L}\d]|[.,/-]\d)/gu,
    accept: (m) =>
      (m[0].match(/\d/g)?.length ?? 0) >= 5 &&
      !/^[ \t]*(?:mg|ml|mmol|IE|E|eenheden|kg|g)(?![\p{L}])/u.test(after(m, 10)),
    gate: /[A-Z][-/\d]/,
  },
  // Dates written in English, as in notes from the Caribbean Netherlands, tourists and foreign letters:
  // "Sun 26 May 2024", "Thu, 6 Jun 2024", "12th of August 2024", "Aug 19", "October 2023", and a day,
  // month and year joined by dashes in any language, "17-Jun-1983", "03-okt-2021".
  {
    kind: 'date',
    re: new RegExp(
      String.raw`(?<![\p{L}\d])(?:(?:${EN_WEEKDAYS})\.?,?[ \t]+)?(?:\d{1,2}(?:st|nd|rd|th)?(?:[ \t]+of)?[ \t]+(?:${EN_MONTHS})\.?(?:,?[ \t]+\d{4})?|(?:${EN_MONTHS})\.?[ \t]+(?:\d{1,2}(?:st|nd|rd|th)?(?![\d:.,]\d)(?:,?[ \t]+\d{4})?|\d{4}))(?![\p{L}\d])` +
        String.raw`|(?<![\p{L}\d])\d{1,2}-(?:${EN_MONTHS}|${MONTH_ABBR})-(?:\d{4}|\d{2})(?![\p{L}\d])` +
        String.raw`|(?<![\p{L}\d])(?:${EN_WEEKDAYS})\.?,?[ \t]+(?=\d{1,2}[ \t]+(?:${MONTHS}|${MONTH_ABBR}))`,
      'gu',
    ),
    accept: (m) => !/^(?:May|March)$/.test(m[0].split(/[ \t]/)[0]!) || /\d/.test(m[0]),
    gate: EN_DATE_GATE,
  },
  // An American date, month first, where the second number cannot be a month: "DOB 03/15/1988".
  {
    kind: 'date',
    re: /(?<![\p{L}\d/.-])(?:0?[1-9]|1[0-2])\/(?:1[3-9]|2\d|3[01])\/(?:19|20)\d{2}(?![\p{L}\d]|[/.-]\d)/gu,
    gate: /\d\/(?:1[3-9]|2\d|3[01])\/(?:19|20)\d\d/,
  },
  // Papiamentu dates: "15 di novèmber 2023", "1 di mei".
  {
    kind: 'date',
    re: new RegExp(
      String.raw`(?<![\p{L}\d])\d{1,2}[ \t]+di[ \t]+(?:${PAP_MONTHS})(?:[ \t]+\d{4})?(?![\p{L}\d])`,
      'giu',
    ),
    gate: /\d[ \t]+di[ \t]/,
  },
  // A date of birth with an unknown day or month, as registered for many asylum seekers: "00-00-2001".
  {
    kind: 'date',
    re: /(?<![\d/.-])(?:00[-/.](?:0[0-9]|1[0-2])|(?:0[1-9]|[12]\d|3[01])[-/.]00)[-/.](?:19|20)\d{2}(?![\d/.-]\d)/g,
    gate: /00[-/.]/,
  },
  {
    kind: 'date',
    re: new RegExp(
      String.raw`(?<![\d/.'’-])\b(?:\d{1,2}\s*(?:t\/m|tot en met|tot|en|op|&|-|–|\/|,(?=\s))\s*){0,4}` +
        String.raw`\d{1,2}(?:e|ste|de)?\s*(?:${MONTHS}|${MONTH_ABBR})\.?(?![a-zA-ZÀ-ÿ])(?:,?\s*(?:'\d{2}|’\d{2}|\d{4}))?`,
      'gi',
    ),
    prefix: DAYS_BEFORE,
    // "nacht van 5 op 6 okt" is a night, "dag 7 op 26 juni" a day of a course.
    accept: (m) => {
      const night = /^(\d{1,2})\s*op\s*(\d{1,2})/.exec(m[0]);
      return !night || Number(night[2]) === Number(night[1]) + 1;
    },
    rescan: true,
    gate: MONTH_GATE,
  },
  {
    kind: 'date',
    re: new RegExp(
      String.raw`\b(?:(?:begin|eind|half|medio|midden|eind|voorjaar|najaar)\s+)?(?:${MONTHS}|${MONTH_ABBR})\.?\s+(?:'\d{2}|’\d{2}|\d{4})(?![\d])`,
      'gi',
    ),
    gate: MONTH_GATE,
  },
  // A month in roman numerals: "12-III-2024", "3.XI.98".
  {
    kind: 'date',
    re: /(?<![\d\p{L}])\d{1,2}[-/. ](?:XII|XI|X|IX|VIII|VII|VI|IV|V|III|II|I)[-/. ](?:\d{4}|\d{2})(?!\d)/gu,
    gate: /\d[-/. ][IVX]/,
  },
  // Feasts and holidays name a day of a year: "Pasen '24", "Goede Vrijdag", "Koningsdag", "kerstavond".
  {
    kind: 'date',
    re: /(?<![\p{L}])(?:(?:[Ee]erste|[Tt]weede|1e|2e|1ste|2de)[ \t]+(?:[Kk]erst|[Pp]aas|[Pp]inkster)dag|[Kk]erstavond|[Kk]erstmis|[Kk]erst|[Oo]udejaarsavond|[Oo]udejaarsdag|[Oo]ud en [Nn]ieuw|[Nn]ieuwjaarsdag|[Kk]oningsdag|[Kk]oningsnacht|[Bb]evrijdingsdag|[Hh]emelvaartsdag|[Hh]emelvaart|[Pp]asen|[Pp]aaszondag|[Pp]aasmaandag|[Gg]oede [Vv]rijdag|[Ww]itte [Dd]onderdag|[Pp]inksteren|[Pp]inkstermaandag|[Ss]interklaasavond|[Pp]akjesavond|[Cc]arnaval|[Kk]erstvakantie|[Zz]omervakantie|[Hh]erfstvakantie|[Vv]oorjaarsvakantie|[Mm]eivakantie|[Ss]uikerfeest|[Oo]fferfeest|[Rr]amadan)(?:[ \t]+(?:['’]\d{2}|\d{4}))?(?![\p{L}])/gu,
    gate: /[Kk]erst|[Oo]udejaars|[Nn]ieuwjaars|[Oo]ud en [Nn]ieuw|[Kk]onings|[Bb]evrijdings|[Hh]emelvaart|[Pp]asen|[Pp]aas|[Gg]oede [Vv]rijdag|[Ww]itte [Dd]onderdag|[Pp]inkster|[Ss]interklaas|[Pp]akjes|[Cc]arnaval|vakantie|feest|[Rr]amadan/,
  },
  // A calendar week or quarter: "wk 14", "week 22 van 2024", "Q3 2023" (never a pregnancy's "AD 38+4").
  {
    kind: 'date',
    re: /(?<![\p{L}\d])(?:(?:wk|week)\.?[ \t]?\d{1,2}(?![\d+,.\p{L}])(?:[ \t]+(?:van[ \t]+)?(?:\d{4}|['’]\d{2}))?|Q[1-4][ \t]+(?:\d{4}|['’]\d{2}))(?![\d])/gu,
    accept: (m) =>
      !/(?:AD|amenorroe\w*|zwangerschaps\w*|zw\.?|gestatie\w*|zwanger|G\d+P\d+|na|over|binnen|sinds|per|x)[ \t:,]*$/iu.test(
        before(m, 20),
      ) && !/^[ \t]*(?:\+|zwanger|amenorroe|AD)/iu.test(after(m, 12)),
    gate: /wk|week|Q[1-4]/,
  },
  // A month and year in digits: "MRI (03/2024)", "sinds 3-2021".
  {
    kind: 'date',
    re: /(?<![\d/.,-])(?:0?[1-9]|1[0-2])[-/](?:19|20)\d{2}(?![\d/-])/gu,
  },
  // A weekday and an ordinal day: "dinsdag de 12e", "op vrijdag de 3de".
  {
    kind: 'date',
    re: new RegExp(
      String.raw`(?<![\p{L}])(?:${WEEKDAYS})\.?[ \t]+(?:de[ \t]+)?\d{1,2}(?:e|ste|de)(?![\p{L}])`,
      'giu',
    ),
    gate: /\d(?:e|ste|de)\b/,
  },
  // An ordinal day alone: "opgenomen de 14e met …", "terug na de 20e." (never "de 3e behandeling").
  {
    kind: 'date',
    re: /(?<![\p{L}])de[ \t]+(?:[1-9]|[12]\d|3[01])(?:e|ste|de)(?=[ \t]*(?:[.,;:)\r\n]|$|(?:met|om|in|op|tot|t\/m|van deze maand|van de maand|is|was|werd|komt|gaat|naar|terug|heeft|had)(?![\p{L}])))/gu,
    accept: (m) => !/^[ \t]*en[ \t]+\d/.test(after(m, 8)),
    gate: /de[ \t]+\d{1,2}(?:e|ste|de)\b/,
  },
  // A weekday written short where a day is meant: "komt ma langs", "volgende keer vr", "Tel. notitie do:".
  {
    kind: 'date',
    re: /(?<ctx>(?<![\p{L}])(?:op|vanaf|t\/m|tot|komt|komen|keer|aanstaande|a\.s\.|volgende|vorige|afgelopen|notitie|consult|visite|afspraak|gezien|gebeld|belt|bellen|terug|ctrl|controle)\.?[ \t]+)(?:ma|di|wo|do|vr|za|zo)\.?(?=[ \t]*(?:[,;:)\r\n]|$|\.(?:[ \t]|$)|langs|samen|terug|weer|om|op|bij|met|voor|na)(?![\p{L}]))/gu,
    gate: /(?:^|[^\p{L}])(?:ma|di|wo|do|vr|za|zo)(?![\p{L}])/u,
  },
  // A short weekday with a part of the day, heading a line or a field, or after a time: "afgeleverd
  // za-middag", "Ma/wo/vr: mw. …", "16:02 di".
  {
    kind: 'date',
    re: /(?<![\p{L}\d])(?:(?:[Mm]a|[Dd]i|[Ww]o|[Dd]o|[Vv]r|[Zz]a|[Zz]o)-(?:ochtend|middag|avond|nacht)|(?<=(?:^|[\n|])[ \t]*)(?:Ma|Di|Wo|Do|Vr|Za|Zo)(?:\/(?:ma|di|wo|do|vr|za|zo))*(?=:[ \t])|(?:ma|di|wo|do|vr|za|zo)(?:\/(?:ma|di|wo|do|vr|za|zo))*(?=:[ \t])|(?<=\d{1,2}:\d{2}[ \t]+)(?:ma|di|wo|do|vr|za|zo))(?![\p{L}])/gu,
    gate: /(?:[Mm]a|[Dd]i|[Ww]o|[Dd]o|[Vv]r|[Zz]a|[Zz]o)(?:-|\/|:|(?![\p{L}]))/u,
  },
  // An unambiguous month abbreviation alone: "evaluatie febr.", "sinds sept".
  {
    kind: 'date',
    re: /(?<![\p{L}])(?:febr|mrt|sept|okt)\.?(?![\p{L}])/gu,
    gate: /febr|mrt|sept|okt/,
  },
  // A season where it dates something: "sinds najaar", "afgelopen zomer".
  {
    kind: 'date',
    re: /(?<ctx>(?<![\p{L}])(?:sinds|vanaf|afgelopen|vorige|vorig|komende|komend|begin|eind|half)[ \t]+(?:de[ \t]+|het[ \t]+)?)(?:voorjaar|zomer|najaar|herfst|winter|lente)(?![\p{L}]|[ \t]+(?:van[ \t]+)?(?:['’]\d{2}|\d{4}))/giu,
    gate: /voorjaar|zomer|najaar|herfst|winter|lente/i,
  },
  // Day and month with a full stop at the head of a report, before a colon: "RX thorax 23.07: …".
  {
    kind: 'date',
    re: /(?<![\d/.,-])(\d{2})\.(\d{2})(?=:[ \t])/gu,
    accept: (m) => validDayMonth(Number(m[1]), Number(m[2])),
  },
  // A year with an apostrophe, alone ("TIA '19", "crack sinds '21", "Echo '21:"): nothing else in a Dutch
  // note is written so.
  { kind: 'date', re: /(?<![\p{L}\d'’/.-])['’]\d{2}(?![\d\p{L}'’])/gu, gate: /['’]\d\d/ },
  // A season with its year ("zomer 2022", "voorjaar '21").
  {
    kind: 'date',
    re: /\b(?:voorjaar|zomer|najaar|herfst|winter|lente)\s+(?:van\s+)?(?:'\d{2}|’\d{2}|\d{4})(?!\d)/gi,
    gate: /voorjaar|zomer|najaar|herfst|winter|lente/i,
  },
  // A month written out, alone ("sinds december", "eind augustus"): in lower case, as Dutch writes months;
  // "Mei" and "Juni" are also first names, and "pt. mei kuipers" is a person.
  {
    kind: 'date',
    re: new RegExp(
      String.raw`\b(?:(?:[Bb]egin|[Ee]ind|[Hh]alf|[Mm]edio|[Mm]idden)\s+)?(?:${MONTHS})(?![\p{L}])`,
      'gu',
    ),
    accept: (m) =>
      !/(?:^|[^\p{L}])(?:[Pp]te?|[Pp]atiënte?|[Bb]etreft|[Dd]hr|[Mm]evr|[Mm]w|[Dd]r|[Cc]ollega)\.?:?[ \t]+$/u.test(
        before(m, 16),
      ),
    gate: MONTH_GATE,
  },
  // A month abbreviation alone, only where it cannot be a word: "(aug)", "sinds okt".
  {
    kind: 'date',
    re: new RegExp(
      String.raw`(?:(?<ctx>\(|\b(?:sinds|vanaf|in|per)\s)|\b(?=(?:eind|begin|half|medio)\s))(?:(?:eind|begin|half|medio)\s)?(?:${MONTH_ABBR})\.?(?=\)|[\s,.;]|$)`,
      'gu',
    ),
    gate: MONTH_GATE,
  },
  {
    kind: 'date',
    re: /(?<![\d/.-])(\d{1,2})([-/.])(\d{1,2})\2(\d{4}|\d{2}|['’]\d{2})(?![\d]|[-/.]\d)/gu,
    prefix: WEEKDAY_BEFORE,
    // "Apgar kind 8/9/10" is three scores.
    accept: (m) =>
      validDayMonth(Number(m[1]), Number(m[3])) &&
      (m[4]!.length !== 2 || !/(?:apgar|score|NRS|VAS|EMV)[^.\n\d]{0,12}$/i.test(before(m, 24))),
  },
  {
    kind: 'date',
    re: /(?<![\d/.-])(\d{4})-(\d{2})-(\d{2})(?:T[\d:.+-Z]+)?(?![\d])/gu,
    accept: (m) => validDayMonth(Number(m[3]), Number(m[2])),
  },
  // Two days and months joined by a slash: "opname 4-9/9-9".
  {
    kind: 'date',
    re: /(?<![\d/.,-])(\d{1,2})-(\d{1,2})\/(\d{1,2})-(\d{1,2})(?![\d/-]|[.,]\d)/gu,
    accept: (m) => validDayMonth(Number(m[1]), Number(m[2])) && validDayMonth(Number(m[3]), Number(m[4])),
  },
  // Day and month with a full stop, only where nothing but a date fits: "Afname: 12.03 09:40", "d.d. 4.5".
  {
    kind: 'date',
    re: /(?<![\d/.,-])(\d{1,2})\.(\d{1,2})(?![\d/.,-])/g,
    accept: (m) =>
      validDayMonth(Number(m[1]), Number(m[2])) &&
      !DATE_UNIT_AFTER.test(after(m, 24)) &&
      (/^[ \t]+\d{1,2}[:u]\d{2}(?!\d)/.test(after(m, 8)) ||
        /(?:afname|afgenomen|datum|d\.d\.|dd|op|sinds|per|gezien|opname|ontslag|partus|geboren|bevallen|overleden)[ \t]*:?[ \t]*$/i.test(
          before(m, 16),
        )),
    gate: /\d\.\d/,
  },
  // A range of days and months with slashes ("opname 6/1-8/1", "12/2 – 15/2"): both ends valid, the second
  // later in the same or the next month, no score or unit around it.
  {
    kind: 'date',
    re: /(?<![\d/.,-])(\d{1,2})\/(\d{1,2})[ \t]*[-–][ \t]*(\d{1,2})\/(\d{1,2})(?![\d/-]|[.,]\d)/g,
    accept: acceptDayMonthRange,
    prefix: DAYS_BEFORE,
    gate: /\d\/\d{1,2}[ \t]*[-–][ \t]*\d/,
  },
  // Day and month without a year, with a weekday, a word that announces a date, or a time after it.
  {
    kind: 'date',
    re: /(?<![\d/.,-])(\d{1,2})[-/](\d{1,2})(?![\d/-]|[.,]\d)/g,
    accept: acceptDayMonth,
    prefix: WEEKDAY_BEFORE,
  },
  // Addresses abroad: a British or Caribbean street after its number ("14 Church Lane", "30 Backstreet
  // Road"), a Papiamentu street before it ("Kaya Grandi 52", "Kaminda Sorobon 12"), a British postcode
  // ("IP33 1RT").
  {
    kind: 'address',
    re: /(?<![\p{L}\d,.-])\d{1,4}[a-z]?,?[ \t]+(?:\p{Lu}[\p{Ll}'’]+[ \t]+){0,3}(?:Street|St\.?|Road|Rd\.?|Lane|Avenue|Ave\.?|Drive|Close|Way|Square|Place|Crescent|Terrace|Gardens|Court|Row|Boulevard|Blvd\.?)(?![\p{L}])/gu,
    gate: /(?:Street|St\.?|Road|Rd|Lane|Avenue|Ave|Drive|Close|Way|Square|Place|Crescent|Terrace|Gardens|Court|Row|Boulevard|Blvd)\b/,
  },
  {
    kind: 'address',
    re: /(?<![\p{L}])(?:Kaya|Kaminda|Kaminda di|Santana|Plaza)[ \t]+(?:(?:\p{Lu}[\p{L}'’]*\.?|di|pa|i|N\.)[ \t]+){0,4}?\d{1,4}[a-zA-Z]?(?![\p{L}\d])/gu,
    gate: /Kaya|Kaminda|Santana|Plaza/,
  },
  {
    kind: 'postcode',
    re: /(?<![\p{L}\d-])[A-Z]{1,2}\d[A-Z\d]?[ \t]\d[A-Z]{2}(?![\p{L}\d-])/gu,
    accept: (m) => !/^[A-Z]{1,2}\d{1,2} \d(?:MG|ML|MM|CM|KG|HZ)$/.test(m[0]),
    gate: /[A-Z]\d[A-Z\d]?[ \t]\d[A-Z]{2}/,
  },
  {
    kind: 'postcode',
    re: /(?<![\w-])[1-9]\d{3}\s?[A-Z]{2}(?![\p{L}\d-])/gu,
    // Letter pairs that are also units or abbreviations ("1200 MR" is rare, "2000 SS" a vessel size)
    // count only where a town follows or an address comes before.
    accept: (m) =>
      !/(?:SA|SD|SS|CT|MR|IC|OK|HB|BP|IE|EH)$/.test(m[0]) ||
      /^,?\s+(?:'s-)?\p{Lu}\p{Ll}/u.test(after(m, 4)) ||
      /\d[a-zA-Z]?,?\s*(?:te\s*)?$/.test(before(m, 6)),
  },
  {
    kind: 'address',
    re: new RegExp(
      String.raw`(?<![\p{L}])\p{Lu}[\p{L}'’.-]*?(?:${STREET_SUFFIX})(?:[ \t]+(?:Noord|Zuid|Oost|West))?[ \t]+(?:(?:nr\.?|[NZOW]Z|[nzow]z)[ \t]*)?${HOUSE_NUMBER}`,
      'gu',
    ),
    prefix: STREET_PREFIX_END,
    skip: leadingContext,
    gate: /\p{Ll}\s+(?:nr\.?\s*)?\d/u,
  },
  {
    kind: 'address',
    re: new RegExp(
      String.raw`\b(?:Laan|Plein|Weg|Kade|Dreef|Singel|Markt|Hof|Straat|Dijk|Burgwal|Gracht|Oudegracht|Nieuwegracht|Brink|Dam|Ring|Haven)` +
        String.raw`(?:\s(?:${TV}|${CAP}|\d{4})){0,4}\s+${HOUSE_NUMBER}(?![\d])`,
      'gu',
    ),
  },
  // Any capitalised name + number after an address label, or followed by a postcode, is a street address.
  {
    kind: 'address',
    re: new RegExp(
      String.raw`(?<ctx>(?:[Aa]dres|[Ww]oonadres|[Ww]oont (?:aan|op)(?: de| het)?|[Ww]onende(?: aan(?: de)?)?|[Ww]onend(?: aan(?: de)?)?|[Ww]oonachtig(?: aan(?: de)?)?|[Ww]oonachtig op(?: de| het)?)[ \t]*:?[ \t]*)(?:${CAP}[ \t]){1,4}${HOUSE_NUMBER}`,
      'gu',
    ),
  },
  {
    kind: 'address',
    // A form's bar separates the street from its postcode as a comma does: "De Run 4600 | 5504 DB".
    re: new RegExp(
      String.raw`(?<![\p{L}])${CAP}\s+${HOUSE_NUMBER}(?=(?:,|[ \t]+\|)?\s+[1-9]\d{3}(?:\s?[A-Z]{2}\b|[ \t]+(?:IJ|\p{Lu})\p{Ll}{2,}))`,
      'gu',
    ),
    prefix: STREET_PREFIX_END,
    skip: leadingContext,
    gate: /[1-9]\d{3}(?:\s?[A-Z]{2}\b|[ \t]+\p{Lu})/u,
  },
  {
    kind: 'age',
    // Also in English and Papiamentu or Spanish: "96 aña", "92 años", "93 yo", "95-year-old".
    re: /\b(\d{2,3})\s?-?\s?(?:jarige|jaar(?:\s+oud)?|jr\.?|j\.|aña|años|anos|y\.?o\.?|yrs?\.?|years?(?:[ -]old)?)(?![a-zA-ZÀ-ÿ])/gi,
    accept: (m) => isOldAge(Number(m[1])),
    trim: (m) => m[1]!.length,
    gate: /\d\s?-?\s?(?:[Jj]ar|[Jj]aa|[Jj]r|[Jj]\.|añ|año|ano|y\.?o|yr|year)/i,
  },
  // An old age written out, as dictated: "is eh negentig jaar", "vierennegentig jaar", "honderd jaar oud".
  {
    kind: 'age',
    re: /(?<![\p{L}])(?:(?:een|twee|drie|vier|vijf|zes|zeven|acht|negen)(?:ën|en)negentig|negentig|honderd(?:(?:en|ën)?(?:een|twee|drie|vier|vijf|zes|zeven|acht|negen|tien))?)(?=[ \t-]*(?:jaar|jarige)(?![\p{L}]))/giu,
    gate: /negentig|honderd/i,
  },
  // An old age as a birthday: "op mijn 95ste", "voor haar 100e verjaardag".
  {
    kind: 'age',
    re: /(?<ctx>(?<![\p{L}])(?:[Mm]ijn|[Mm]'n|[Zz]ijn|[Zz]'n|[Hh]aar)[ \t]+)(\d{2,3})(?=(?:ste|e|de)(?![\p{L}]))/gu,
    accept: (_, body) => isOldAge(Number(body)),
    gate: /(?:9\d|1[01]\d)(?:ste|e|de)/,
  },
  {
    kind: 'age',
    re: /(?<ctx>\b(?:leeftijd|lft\.?|age)\s*:?\s*)\d{2,3}\b/gi,
    accept: (_, body) => isOldAge(Number(body)),
    gate: /[Ll]eeftijd|[Ll]ft|[Aa]ge\b/,
  },
  // An old age a birthday announces: "wordt volgende maand 100", "werd gisteren 95".
  {
    kind: 'age',
    re: /(?<ctx>(?<![\p{L}])(?:wordt|werd)(?:[ \t]+(?:volgende|vorige|deze|dit|maand|week|jaar|binnenkort|morgen|vandaag|gisteren|bijna|al|net|op|in|a\.s\.|zaterdag|zondag|\p{Ll}+dag|januari|februari|maart|april|mei|juni|juli|augustus|september|oktober|november|december)){0,3}[ \t]+)\d{2,3}(?=[ \t]*(?:jaar)?[ \t]*(?:[.,;!)]|\r?\n|$))/gu,
    accept: (m, body) => isOldAge(Number(body)) && !VITAL_BEFORE.test(before(m, 30)),
    gate: /(?:wordt|werd)[ \t]/,
  },
  // A title and an age in brackets: "Dhr. (90) is mantelzorger".
  {
    kind: 'age',
    re: /(?<ctx>(?<![\p{L}])(?:[Dd]hr|[Mm]evr|[Mm]w|[Pp]te?|[Pp]atiënte?)\.?[ \t]*\()\d{2,3}(?=[ \t]*(?:jr\.?|jaar)?\))/gu,
    accept: (_, body) => isOldAge(Number(body)),
    gate: /(?:hr|evr|[Mm]w|[Pp]te?|iënte?)\.?[ \t]*\(\d/,
  },
  // An acronym after a specialist or a department names the hospital: "Neuroloog ASZ gebeld",
  // "cardioloog HMC", "SEH LZR" (never a test or a ward: "radioloog CT", "poli MDL").
  // A hospital's abbreviation after a specialty, closing a bracket or a clause: "(orthopedie SMK)",
  // "cardiologie MST, daarna …".
  {
    kind: 'institution',
    re: /(?<ctx>(?<![\p{L}])\p{L}*(?:ologie|chirurgie|pedie|iatrie|geneeskunde)[ \t]+)\p{Lu}{2,5}(?=[ \t]*(?:[),;]|\r?\n|$))/gu,
    accept: (_, body) =>
      !MEDICAL_ACRONYMS.has(body) &&
      !isSectionWord(body.toLowerCase()) &&
      !/^(?:CTG|PUVA|EMG|EEG|MDO|OK|SEH|IC|POH|HAP)$/.test(body),
    gate: /(?:ologie|chirurgie|pedie|iatrie|geneeskunde)[ \t]+\p{Lu}{2}/u,
  },
  // A school written as one word with its name: "Stanislascollege", "Sintermeertencollege", "Barlaeusgymnasium".
  {
    kind: 'institution',
    re: /(?<![\p{L}])\p{Lu}\p{Ll}{3,}(?:college|lyceum|gymnasium|tandverzorging)(?![\p{L}])/gu,
    accept: (m) => !gazetteer.commonWords.has(m[0].toLowerCase()),
    gate: /\p{Ll}(?:college|lyceum|gymnasium|tandverzorging)/u,
  },
  {
    kind: 'institution',
    re: /(?<ctx>(?<![\p{L}])(?:\p{L}*(?:loog|arts|chirurg|geriater|psychiater|internist|orthopeed|intensivist)|SEH|[Pp]oli|[Ss]pecialist)[ \t]+(?:van[ \t]+(?:het[ \t]+)?|in[ \t]+(?:het[ \t]+)?)?)\p{Lu}{2,5}[a-z+]?(?![\p{L}\d/-])/gu,
    accept: (_, body) => !MEDICAL_ACRONYMS.has(body.toUpperCase()) && !isSectionWord(body),
    gate: /(?:loog|arts|chirurg|geriater|psychiater|internist|orthopeed|intensivist|SEH|[Pp]oli|[Ss]pecialist)[ \t]+(?:van |in )?(?:het )?\p{Lu}{2}/u,
  },
  // A named site of a care organisation: "Zorggroep Tellens, locatie Hoog Eind", "locatie Dordwijk" (a
  // listed town after "locatie" is a place, left to the place rules).
  {
    kind: 'institution',
    re: new RegExp(String.raw`(?<ctx>(?<![\p{L}])[Ll]ocatie[ \t]+)${INSTITUTION_NAME}`, 'gu'),
    accept: (_, body) => {
      const words = body.split(/[ \t]+/);
      const first = words[0]!.toLowerCase();
      return (
        !gazetteer.lowerPlaces.has(body.toLowerCase()) &&
        !isSectionWord(first) &&
        !isContextWord(first) &&
        !COMMON_WORDS.has(first) &&
        !MEDICAL_ACRONYMS.has(words[0]!)
      );
    },
    gate: /[Ll]ocatie[ \t]+\p{Lu}/u,
  },
  // An acronym before a role names the employer: "Overleg met JCZ arts Van Son".
  {
    kind: 'institution',
    re: /(?<![\p{L}\d-])\p{Lu}{2,5}(?=[ \t]+(?:arts|huisarts|verpleegkundige|psycholoog|psychiater|casemanager|begeleider|consulent|fysiotherapeut|maatschappelijk werker)(?![\p{L}]))/gu,
    accept: (m) => !MEDICAL_ACRONYMS.has(m[0]) && !isSectionWord(m[0]),
    gate: /\p{Lu}{2}[ \t]+(?:arts|huisarts|verpleegkundige|psycholoog|psychiater|casemanager|begeleider|consulent|fysiotherapeut|maatschappelijk)/u,
  },
  // A sports club by its abbreviation written with full stops: "v.v. Harkemase Boys", "s.v. Den Ham".
  {
    kind: 'institution',
    re: new RegExp(
      String.raw`(?<![\p{L}.])(?:[VvSsHhZzKk]\.[Vv]\.|[Rr]\.[Kk]\.[VvSs]\.[Vv]\.|[Vv]\.[Cc]\.|[Ss]\.[Cc]\.)[ \t]+${INSTITUTION_NAME}`,
      'gu',
    ),
    accept: (_, body) => !isSectionWord(body.split(/[ \t]+/)[1]!.toLowerCase()),
    gate: /\.[VvCc]\.[ \t]+\p{Lu}/u,
  },
  // An institution word and the name after it: "Huisartsenpost Kennemerland", "Sociaal Team Westerveld".
  {
    kind: 'institution',
    re: new RegExp(String.raw`(?<![\p{L}])(?:${INSTITUTION_LEAD})[ \t]+${INSTITUTION_NAME}(?![\p{L}])`, 'gu'),
    accept: acceptLeadInstitution,
    rescan: true,
    skip: repeatedLead,
    trim: trimInstitutionName,
  },
  // A word that ends in an institution's head noun, and its name: "Kindcentrum De Vlinderboom",
  // "Huisartsengroep Maasmechelen", "audiologisch centrum Pento", "fysiotherapiepraktijk 't Zand".
  {
    kind: 'institution',
    re: new RegExp(
      String.raw`(?<![\p{L}-])\p{L}*(?:${HEAD_NOUNS})[ \t]+(?=['\p{Lu}])${INSTITUTION_NAME}(?![\p{L}])`,
      'gu',
    ),
    accept: acceptLeadInstitution,
    rescan: true,
    skip: repeatedLead,
    trim: trimInstitutionName,
    gate: new RegExp(`(?:${HEAD_NOUNS})[ \t]+['A-ZÀ-ÞĲ]`),
  },
  // A service named after its region: "Arbodienst Noord", "Keuringsartsen Friesland", "Dementieketen
  // Leeuwarden", "Palliatief Team Drenthe", "Publieke Gezondheid Bonaire" (a listed place or a compass
  // word after a capitalised service word; never a shift, "Nachtdienst Noord" names no one either way).
  {
    kind: 'institution',
    re: /(?<![\p{L}-])(?:\p{Lu}\p{Ll}+[ \t]+)?(?:\p{Lu}\p{Ll}*(?:dienst|diensten|artsen|keten|team|zorg|centrum|netwerk)|Team|Centrum|Gezondheid|Netwerk)[ \t]+(?:\p{Lu}\p{Ll}+[ \t]+)?(?<region>(?:Noord|Zuid|Oost|West|Midden)(?:-\p{Lu}[\p{Ll}]+)?|\p{Lu}[\p{L}'-]+(?:[ \t]\p{Lu}[\p{L}'-]+){0,2})(?![\p{L}])/gu,
    accept: (m) => {
      const first = m[0].split(/[ \t]/)[0]!;
      if (/^(?:[Oo]chtend|[Mm]iddag|[Aa]vond|[Nn]acht|[Ww]eekend|[Dd]ag|[Ss]poed)/.test(first)) return false;
      // A heading before the name is not part of it ("Verslag Wijkteam Lombok"): other rules take the name.
      if (
        isSectionWord(first) ||
        /(?:formulier|dossier|overleg|bespreking|gesprek)$/.test(first) ||
        STOP_WORDS.has(first.toLowerCase())
      )
        return false;
      const region = m.groups!.region!;
      return /^(?:Noord|Zuid|Oost|West|Midden)/.test(region) || isListedPlace(region);
    },
    gate: /(?:dienst|artsen|keten|[Tt]eam|zorg|[Cc]entrum|[Gg]ezondheid|[Nn]etwerk)[ \t]+\p{Lu}/u,
  },
  // A name and the word that ends it: "Maasstad Ziekenhuis", "Ten Brinke Bouw", "Schiphol Group".
  {
    kind: 'institution',
    re: new RegExp(
      String.raw`(?:(?:Van der|Van den|Van de|Van|De|Den|Ten|Ter)[ \t])?(?:(?:${CAP}|\p{Lu}{2,5})[ \t]){1,3}(?:${INSTITUTION_TAIL}|\p{Lu}\p{Ll}+(?:revalidatie|zorg|apotheek|kliniek))(?![\p{L}])`,
      'gu',
    ),
    skip: leadingSection,
    gate: new RegExp(
      String.raw`[ \t](?:${INSTITUTION_TAIL}|\p{Lu}\p{Ll}+(?:revalidatie|zorg|apotheek|kliniek))(?![\p{L}])`,
      'u',
    ),
  },
  {
    kind: 'institution',
    re: /\b\p{Lu}[\p{Ll}]+(?:ziekenhuis|gasthuis|kliniek|zorggroep|huisartsen)\b/gu,
  },
  // `JANSEN, J.P.` / `van der Berg, M.`: surname, comma, initials — how many record systems print a person.
  {
    kind: 'name',
    re: new RegExp(
      String.raw`(?<![\p{L}])(?:(?:${TV}|VAN|DE|DER|DEN|TER|TEN|VAN DER|VAN DEN|VAN DE)\s)*(?:\p{Lu}{2,}(?:[- ]\p{Lu}{2,})*|${CAP}), ?(?:\p{Lu}\.){1,4}`,
      'gu',
    ),
  },
  // A name in capitals after a record field: "Patiënt: JANSEN-VAN DAM, PETRA", "Naam: DE BOER, J.".
  {
    kind: 'name',
    re: /(?<ctx>(?:^|[^\p{L}])(?:[Pp]atiënte?|[Pp]atient|[Nn]aam|[Bb]etreft|[Cc]liënte?|[Cc]lient|[Pp]t)\.?[ \t]*:[ \t]*)(?:(?:VAN|DE|DER|DEN|TER|TEN|VAN DER|VAN DEN|VAN DE)[ \t])*\p{Lu}{2,}(?:[- ](?:VAN |DE |DER |DEN )*\p{Lu}{2,})*(?:,[ \t]*\p{Lu}{2,}(?:[- ]\p{Lu}{2,})*)?(?![\p{L}])/gu,
    // Not an acronym ("Pt: CT, MRI gedaan"): a surname of three letters or more, with a first name after
    // its comma, a hyphen or a particle, or a listed surname.
    accept: (_, body) => {
      const [surname, first] = body.split(/,[ \t]*/);
      const words = surname!.split(/[\s-]+/);
      const last = words[words.length - 1]!;
      if (last.length < 3) return false;
      if (first !== undefined) return first.length >= 3;
      const cap = last[0]! + last.slice(1).toLowerCase();
      return words.length > 1 || surnames.has(cap);
    },
    gate: /(?:[Pp]ati[eë]nte?|[Nn]aam|[Bb]etreft|[Cc]li[eë]nte?|[Pp]t)\.?[ \t]*:[ \t]*(?:VAN |DE |DER |DEN |TER |TEN )*[A-ZÀ-Þ]{2}/,
  },
  // "De Vries, Sjoukje (*02-07-1958)": a surname, a comma and a listed first name opening a line or a field.
  {
    kind: 'name',
    re: new RegExp(
      String.raw`(?<ctx>(?:^|\n|:)[ \t]*)(?:(?:${TV}|De|Van|Ter|Ten|Van der|Van den|Van de)[ \t])*${CAP}(?:-${CAP})?,[ \t]*${CAP}(?=[ \t]*[(,–-]|[ \t]*$)`,
      'gmu',
    ),
    accept: (_, body) => {
      const first = body.split(/,[ \t]*/)[1]!;
      const surname = body.split(',')[0]!;
      const last = surname.split(/[\s-]/).pop()!;
      if (/^(?:groet(?:en|jes)?|gr|met|hoi|hallo|beste|dag|hoogachtend)$/i.test(surname)) return false;
      return (
        (firstNames.has(first) || surnames.has(last)) &&
        !isContextWord(last) &&
        !isSectionWord(last.toLowerCase()) &&
        !isSectionWord(first.toLowerCase())
      );
    },
  },
  // A short greeting and a name closing a note: "Gr. Ton", "Groet, Annelies", "Groetjes Sanne".
  {
    kind: 'name',
    re: new RegExp(
      String.raw`(?<ctx>(?:^|[^\p{L}])(?:[Gg]r\.|[Gg]roet(?:en|jes)?,?|[Mm]vg,?|[Gg]roetjes,?)[ \t]+)${CAP}(?:[ \t]${SURNAME})?(?=[ \t]*(?:[\r\n]|$))`,
      'gu',
    ),
    accept: (_, body) => !isContextWord(body.split(/\s/)[0]!),
    gate: /[Gg]r\.|[Gg]roet|[Mm]vg/,
  },
  // A signature: the name on the line after the closing greeting.
  {
    kind: 'name',
    re: new RegExp(
      String.raw`(?<ctx>(?:groet(?:en)?|hoogachtend|namens),?[ \t]*\r?\n[ \t]*(?:${TITLE}[ \t]*)*)${PERSON}`,
      'giu',
    ),
    accept: (_, body) => /^\p{Lu}/u.test(body) && !STOP_WORDS.has(body.split(/\s/)[0]!.toLowerCase()),
    gate: /groet|hoogachtend|namens/i,
  },
  // Names typed in lower case after a word that announces the patient ("pt. jan de vries").
  {
    kind: 'name',
    re: new RegExp(
      String.raw`(?<ctx>(?:^|[^\p{L}])(?:[Pp]t\.?|[Pp]te\.?|[Pp]atiënte?|[Bb]etreft:?|[Dd]hr\.?|[Mm]evr\.?|[Mm]vr\.?|[Mm]w\.?|[Dd]r\.?)[ \t]+)\p{Ll}[\p{Ll}'’-]+(?:[ \t](?:${TV}(?![\p{L}])|\p{Ll}[\p{Ll}'’-]+)){1,4}`,
      'gu',
    ),
    accept: acceptLowerCaseName,
    trim: trimLowerCaseName,
  },
  // One lower-case listed surname after a title, or first name in brackets after a relation:
  // "mw. wolters naar huis", "zoon (erik) haalt op".
  {
    kind: 'name',
    re: /(?<ctx>(?:^|[^\p{L}])(?:(?:[Dd]hr|[Mm]evr|[Mm]w|[Dd]r)\.?[ \t]+|(?:zoon|dochter|man|vrouw|partner|moeder|vader|broer|zus)[ \t]+\())\p{Ll}[\p{Ll}'’-]{2,}(?![\p{L}])/gu,
    accept: (m, body) => {
      const lower = body.toLowerCase();
      if (COMMON_WORDS.has(lower) || STOP_WORDS.has(lower) || gazetteer.commonWords.has(lower)) return false;
      return m.groups!.ctx!.endsWith('(')
        ? gazetteer.lowerFirstNames.has(lower)
        : gazetteer.lowerSurnames.has(lower);
    },
    gate: /(?:[Dd]hr|[Mm]evr|[Mm]w|[Dd]r)\.?[ \t]+[a-z]|\([a-z]/,
  },
  // A lower-case listed first name after a word for a relative, friend or client, in notes typed without
  // capitals: "moeder nadia gebeld", "bij vriend dylan", "cl. ayoub".
  {
    kind: 'name',
    re: /(?<ctx>(?:^|[^\p{L}])(?:zoon|dochter|man|vrouw|echtgeno(?:ot|te)|partner|moeder|vader|stief(?:vader|moeder|zoon|dochter)|broer(?:tje)?|zus(?:je)?|oom|tante|opa|oma|neef|nicht|vriend(?:in)?|buurman|buurvrouw|kleinzoon|kleindochter|schoonzoon|schoondochter|cl\.|cliënte?)[ \t]+)\p{Ll}[\p{Ll}'’-]{2,}(?![\p{L}])/gu,
    accept: (_, body) => isFirstNameAfterRelative(body.toLowerCase()),
    gate: /(?:zoon|dochter|man|vrouw|partner|moeder|vader|broer|zus|oom|tante|opa|oma|neef|nicht|vriend|buur|cl\.|cliënt)[ \t]+\p{Ll}/u,
  },
  // A listed institution typed in lower case after a word that sends or refers: "kweek naar saltro",
  // "ambulance naar dijklander", "via certe" (a single listed word that is no Dutch word).
  {
    kind: 'institution',
    re: /(?<ctx>(?:^|[^\p{L}])(?:naar|bij|via|van|door|in|uit)[ \t]+)\p{Ll}[\p{Ll}-]{2,}(?![\p{L}])/gu,
    accept: (_, body) => isLowerCaseListedInstitution(body),
  },
  // A care home typed in lower case with its word: "woonzorgcentrum de meerwaarde in hoorn".
  {
    kind: 'institution',
    re: /(?<![\p{L}])(?:verpleeghuis|verzorgingshuis|woonzorgcentrum|zorgcentrum|woonzorgcomplex|hospice|revalidatiecentrum)[ \t]+(?:de|het|'t|ons)[ \t]+\p{Ll}{3,}(?:[ \t]\p{Ll}{3,})?(?=[ \t]+(?:in|te|uit|aan)[ \t]|[ \t]*(?:[,.;)]|\r?\n|$))/gu,
    accept: (m) => {
      const words = m[0].split(/[ \t]+/).slice(2);
      return words.every(
        (w) => !STOP_WORDS.has(w) && !COMMON_WORDS.has(w) && !LOWER_NOT_A_HOME.has(w) && !isSectionWord(w),
      );
    },
    gate: /(?:huis|centrum|complex|hospice)[ \t]+(?:de|het|'t|ons)[ \t]+\p{Ll}/u,
  },
  // A town typed in lower case after a word that places it: "bij vriend in vlaardingen", "uit schiedam".
  {
    kind: 'location',
    re: /(?<ctx>(?:^|[^\p{L}])(?:in|uit|naar|te|vanuit|richting|wonend|woont)[ \t]+)\p{Ll}[\p{Ll}-]{3,}(?![\p{L}])/gu,
    accept: (_, body) => gazetteer.lowerPlaces.has(body) && !COMMON_WORDS.has(body) && !STOP_WORDS.has(body),
  },
  // A town typed in lower case set off by a comma or closing a bracket: "praktijk dr van den hoven ,
  // etten-leur.", "(huisartsenpost west-brabant roosendaal)"; five letters at least, never a Dutch word.
  {
    kind: 'location',
    re: /(?<ctx>,[ \t]*)\p{Ll}[\p{Ll}-]{4,}(?=[ \t]*[.,;)\n]|$)|(?<![\p{L}-])\p{Ll}[\p{Ll}-]{4,}(?=\))/gu,
    accept: (_, body) => gazetteer.lowerPlaces.has(body) && !COMMON_WORDS.has(body) && !STOP_WORDS.has(body),
    gate: /,[ \t]*\p{Ll}[\p{Ll}-]{4}|[\p{Ll}-]{5}\)/u,
  },
  // The writer of a chat line typed in lower case: "anne: heeft iemand …"; in a chat (two writers or
  // more) also a listed first name that is a Dutch word as well ("bram: bel ik wel").
  {
    kind: 'name',
    re: /(?<ctx>^[ \t]*)\p{Ll}{3,}(?=:[ \t])/gmu,
    accept: (m, body) =>
      !JOURNAL_WORDS.has(body) &&
      (isLowerCaseListedName(body) ||
        (gazetteer.lowerFirstNames.has(body) &&
          !COMMON_WORDS.has(body) &&
          !STOP_WORDS.has(body) &&
          chatWriters(m.input) >= 2)),
    gate: /^[ \t]*\p{Ll}{3,}:[ \t]/mu,
  },
  // The writer of a chat line with its time: "[07:52] Sanne K: wie heeft …", "Okke 22:15: ik kom zo".
  {
    kind: 'name',
    re: new RegExp(
      String.raw`(?<ctx>^[ \t]*\[\d{1,2}[:.]\d{2}\][ \t]*)${CAP}(?:[ \t]\p{Lu}\.?|[ \t]${CAP})?(?=[ \t]*:)|^[ \t]*${CAP}(?:[ \t]\p{Lu}\.?)?(?=[ \t]+\d{1,2}[:.]\d{2}[ \t]*:[ \t])`,
      'gmu',
    ),
    accept: (m, body) => {
      const first = body.split(/[ \t]/)[0]!;
      const lower = first.toLowerCase();
      if (isSectionWord(lower) || isContextWord(lower) || COMMON_WORDS.has(lower) || STOP_WORDS.has(lower))
        return false;
      if (JOURNAL_WORDS.has(lower) || MEDICAL_ACRONYMS.has(first.toUpperCase())) return false;
      // A listed first name, or a word that writes two lines of the chat.
      return firstNames.has(first) || timedChatWriters(m.input).filter((w) => w === first).length >= 2;
    },
    gate: /^[ \t]*(?:\[\d{1,2}[:.]\d{2}\][ \t]*\p{Lu}|\p{Lu}\p{Ll}+(?:[ \t]\p{Lu}\.?)?[ \t]+\d{1,2}[:.]\d{2}[ \t]*:)/mu,
  },
  // Initials that sign a line at its end, after a full stop or an arrow: "… vm gestuurd. ak",
  // "-> jvd", "visite middag. KB", "… via Fysio Oost. LdG".
  {
    kind: 'name',
    re: new RegExp(
      String.raw`(?<ctx>(?:[.!?)]|->|→|–|—|--)[ \t]+)${SIGNING_INITIALS}(?=[ \t]*(?:${SIGNING_TAIL})?[ \t]*(?:\r?\n|$))`,
      'gu',
    ),
    accept: (_, body) => acceptSigningInitials(body),
    gate: /(?:[.!?)]|->|→|–|—|--)[ \t]+\p{L}{2,5}[ \t]*(?:\d[\d:./-]{2,4}[ \t]*)?(?:\r?\n|$)/u,
  },
  // Initials that sign an entry on a line of their own, under a line that ends a sentence, perhaps with
  // a role, a time or a day: "… klaarzetten.\nmk", "… aanwezig.\nAV", "… Emmen.\nMdB 10:12",
  // "… Isala.\nvk AB", "… verstuurd 11:02.\nj.m.".
  {
    kind: 'name',
    re: new RegExp(
      String.raw`(?<ctx>[.!?)][ \t]*\r?\n[ \t]*(?:(?:--|–|—|-)[ \t]*)?(?:(?:vk|vpk|ha|ass|poh|ja|jgz|wvk)[ \t]+)?)(?:${SIGNING_INITIALS}|\p{Ll}\.\p{Ll}\.(?:\p{Ll}\.)?)(?=[ \t]*(?:${SIGNING_TAIL})?[ \t]*(?:\r?\n|$))`,
      'gu',
    ),
    accept: (_, body) => acceptSigningInitials(body.replace(/\./g, '')),
    gate: /[.!?)][ \t]*\r?\n[^\n]{0,12}\p{L}{1,4}\.?[ \t]*(?:\d[\d:./-]{2,4}[ \t]*)?(?:\r?\n|$)/u,
  },
  // Two writers who sign a handover together on a line of their own: "Wendy / Achmed".
  {
    kind: 'name',
    re: new RegExp(String.raw`(?<ctx>(?:^|\n)[ \t]*)${CAP}[ \t]*\/[ \t]*${CAP}(?=[ \t]*(?:\r?\n|$))`, 'gu'),
    accept: (_, body) => {
      const words = body.split(/[ \t]*\/[ \t]*/);
      return (
        words.some((w) => firstNames.has(w)) &&
        words.every(
          (w) => !isSectionWord(w.toLowerCase()) && !isContextWord(w) && !COMMON_WORDS.has(w.toLowerCase()),
        )
      );
    },
    gate: /\p{Lu}\p{Ll}+[ \t]*\/[ \t]*\p{Lu}\p{Ll}+[ \t]*(?:\r?\n|$)/u,
  },
  // Everyone in an attendee list written as a name with a role or a unit in brackets: "Aanwezig: Bakx
  // (MDL), Van Lieshout (chirurg), Sommeijer (int. oncoloog), Sietsma (nucleair)".
  {
    kind: 'name',
    re: new RegExp(
      String.raw`(?<ctx>(?:^[ \t]*(?:[Aa]anwezig(?:en)?|[Dd]eelnemers|[Gg]enodigd(?:en)?|[Tt]eam|[Bb]ehandelteam)[ \t]*:[^\n]*?|[,;][ \t]*)(?:${TITLE}[ \t]+)?)(?:${TV}[ \t]+)?${CAP}(?:[ \t]${CAP})?(?=[ \t]*\([^()\n]{2,40}\))`,
      'gmu',
    ),
    accept: (m, body) => {
      const line = m.input.slice(m.input.lastIndexOf('\n', m.index) + 1, m.index);
      if (
        !/^[ \t]*(?:[Aa]anwezig(?:en)?|[Dd]eelnemers|[Gg]enodigd(?:en)?|[Tt]eam|[Bb]ehandelteam)[ \t]*:/.test(
          line + m[0],
        )
      )
        return false;
      const words = body.split(/[ \t]+/);
      const last = words[words.length - 1]!;
      return (
        words.every(
          (w) =>
            !isSectionWord(w.toLowerCase()) &&
            !isContextWord(w) &&
            !MEDICAL_ACRONYMS.has(w.toUpperCase()) &&
            !COMMON_WORDS.has(w.toLowerCase()) &&
            !EPONYMS.has(w),
        ) && !/^\p{Lu}+$/u.test(last)
      );
    },
    gate: /^[ \t]*(?:[Aa]anwezig|[Dd]eelnemers|[Gg]enodigd|[Tt]eam|[Bb]ehandelteam)[^\n:]{0,3}:/mu,
  },
  // A patient written surname first on a journal line or a list item: "1-4 Vos, Gerrit: herhaalrecept",
  // "- vd Wal, Jelle: …", "5-3 Lam, Thi Hoa 12-12-1977 – …", "vr 5/2 dhr Kingma, Ate: …" (the word after
  // the comma a listed first name).
  {
    kind: 'name',
    re: new RegExp(
      String.raw`(?<ctx>(?:${JOURNAL_LINE_START}|^[ \t]*(?:[-–•*]|\d{1,2}\.)[ \t]+|^[ \t]*\d{1,2}[ \t]+(?:${MONTH_ABBR}|${MONTHS})\.?[ \t]+)(?:(?:dhr|mw|mevr|mvr|mr|mrs)\.?[ \t]+)?)(?:${TV}[ \t]+)?${CAP},[ \t]*(?:\p{Lu}\p{Ll}+(?:[ \t]\p{Lu}\p{Ll}+)?|(?:\p{Lu}\.){1,3}(?:[ \t]${TV}(?![\p{L}]))?)(?=[ \t]*(?::|[–—-][ \t]|\(|,?[ \t]*\d{1,2}[-/.]\d{1,2}))`,
      'gmu',
    ),
    accept: (_, body) => {
      const [surname, given] = body.split(/,[ \t]*/) as [string, string];
      const last = surname.split(/[ \t]+/).pop()!;
      const lower = last.toLowerCase();
      return (
        (firstNames.has(given.split(/[ \t]/)[0]!) || surnames.has(last) || /^\p{Lu}\./u.test(given)) &&
        !isSectionWord(lower) &&
        !isContextWord(last) &&
        !COMMON_WORDS.has(lower) &&
        !STOP_WORDS.has(lower) &&
        !JOURNAL_WORDS.has(lower) &&
        !EPONYMS.has(last) &&
        !gazetteer.lowerPlaces.has(lower)
      );
    },
    gate: /\p{Lu}\p{Ll}+,[ \t]*\p{Lu}\p{Ll}+[ \t]*(?::|[–—-][ \t]|\(|\d)/u,
  },
  // The writer's initials or first name after the date that opens a journal line: "08-12-2025 C EvdS:",
  // "19-11 - mvd - consult", "ma 1/12 08:05 – roos (ass.): …", "[03-12] T AK: …", "20-10 – Roelof: …".
  {
    kind: 'name',
    re: new RegExp(
      String.raw`(?<ctx>${JOURNAL_LINE_START})(?:\p{Lu}\p{Ll}{0,3}\p{Lu}[\p{L}]{0,3}|\p{Lu}{2,4}|\p{Lu}?\p{Ll}{2,12})(?=[ \t]*(?:[:–-][ \t]|:|\((?:ass|poh|da|vpk|arts|ha|dokters)|\r?\n|$))`,
      'gmu',
    ),
    accept: (_, body) => {
      const lower = body.toLowerCase();
      if (COMMON_WORDS.has(lower) || STOP_WORDS.has(lower) || JOURNAL_WORDS.has(lower)) return false;
      if (/^\p{Ll}/u.test(body))
        return body.length <= 4 ? !gazetteer.commonWords.has(lower) : isLowerCaseListedName(lower);
      if (/^\p{Lu}\p{Ll}{3,}$/u.test(body)) return firstNames.has(body) && !gazetteer.commonWords.has(lower);
      return !MEDICAL_ACRONYMS.has(body) && !isSectionWord(lower) && !isContextWord(lower);
    },
    gate: /^[ \t]*\[?(?:(?:ma|di|wo|do|vr|za|zo)\.?[ \t]+)?\d{1,2}[-/.]\d{1,2}/m,
  },
  // A name in capitals after a title in capitals: "DHR. P. VAN DER HEIJDEN", "MEVR. YILMAZ-DEMIR".
  {
    kind: 'name',
    re: /(?<ctx>(?<![\p{L}])(?:DHR|MEVR|MW|DR|DRS|PROF|PT|PAT)\.?[ \t]+)(?:\p{Lu}\.[ \t]?){0,4}(?:(?:VAN|DE|DER|DEN|TER|TEN|TE|VAN 'T|OP DE|IN 'T)[ \t]+){0,3}(?:\p{Lu}['’])?\p{Lu}{2,}(?:-(?:(?:VAN|DE|DER|DEN)[ \t]+)*\p{Lu}{2,})*(?![\p{Ll}])/gu,
    accept: (_, body) => {
      const surname = body.split(/[ \t]+/).at(-1)!;
      return !isSectionWord(surname) && !isContextWord(surname);
    },
    gate: /(?:DHR|MEVR|MW|DR|DRS|PROF|PT|PAT)\.?[ \t]+\p{Lu}/u,
  },
  // Names after a title (dhr., mevr., dr.) or a word that announces a person (huisarts, dochter, naam:).
  {
    kind: 'name',
    re: new RegExp(String.raw`(?<ctx>(?:^|[^\p{L}])${TITLE}\s*(?:${TITLE}\s*)?\(?)${PERSON}`, 'gu'),
  },
  {
    kind: 'name',
    re: new RegExp(String.raw`(?<ctx>(?:^|[^\p{L}])(?:${CONTEXT})[ \t]*:?[ \t]*\(?)${PERSON}`, 'gu'),
    accept: (_, body) => {
      const first = body.split(/\s+/)[0]!.toLowerCase();
      return (
        !body.split(/\s+/).every((w) => isContextWord(w)) &&
        // "logopedist van Gent": a lower-case particle starts a surname too.
        (/^\p{Lu}/u.test(body) ||
          (lowerParticles.has(first) &&
            /^\p{Ll}+(?:[ \t]\p{Ll}+)*[ \t]\p{Lu}/u.test(body) &&
            // "moeder van Sem" is a relation and a first name.
            !(
              first === 'van' &&
              firstNames.has(body.split(/\s+/)[1]!) &&
              !surnames.has(body.split(/\s+/)[1]!)
            ))) &&
        !LANGUAGES.has(first) &&
        (!COMMON_WORDS.has(first) || lowerParticles.has(first)) &&
        !isSectionWord(first)
      );
    },
  },
  {
    kind: 'name',
    re: new RegExp(String.raw`(?<![\p{L}./])${INITIALS}${NICK}?[ \t]?${SURNAME}`, 'gu'),
    // Not a unit after a number ("1,5 L. Herstel"), nor morbus before an eponym ("M. Graves").
    accept: (m) =>
      !/^(?:N\.B\.|P\.S\.|A\.U\.B\.|T\.Z\.T\.|I\.V\.M\.|O\.A\.)/.test(m[0]) &&
      !/(?:^|[^\d:.\/-])\d{1,3}(?:,\d+)?[ \t]*$/.test(before(m, 8)) &&
      !(/^M\.[ \t]*\p{Lu}/u.test(m[0]) && EPONYMS.has(m[0].slice(2).trim().split(/[ \t]/)[0]!)),
  },
  // Initials alone after a role or relation: "Arrestant M.K. (geb. 1994)", "cliënt J.B.".
  {
    kind: 'name',
    re: new RegExp(
      String.raw`(?<ctx>(?:^|[^\p{L}])(?:${CONTEXT})[ \t]*:?[ \t]*)(?:\p{Lu}\.){2,4}(?![\p{L}])`,
      'gu',
    ),
    accept: (m) =>
      !/^(?:N\.B\.|P\.S\.|A\.U\.B\.|T\.Z\.T\.|I\.V\.M\.|O\.A\.)/.test(m[0].slice(m.groups?.ctx?.length ?? 0)),
    gate: /[A-ZÀ-Þ]\.[A-ZÀ-Þ]\./,
  },
  // A person before their role or relation in brackets: "Wilbert (zoon)", "Wieke Schuiling (SO)".
  {
    kind: 'name',
    re: new RegExp(String.raw`(?<![\p{L}.])${PERSON}(?=[ \t]*\((?:${CONTEXT})[),])`, 'gu'),
    accept: (_, body) => !isContextWord(body.split(/\s/)[0]!) && !EPONYMS.has(body),
    gate: new RegExp(String.raw`\((?:${CONTEXT})[),]`, 'u'),
  },
  // Initials as a signature after "Gezien:" or "Paraaf:" ("AvR", "JdV", "MK").
  {
    kind: 'name',
    re: /(?<ctx>(?:^|[^\p{L}])(?:[Gg]ezien|[Pp]araaf|[Oo]ndertekend|[Aa]utorisatie|[Vv]erslag)[ \t]*(?:door)?[ \t]*:[ \t]*)\p{Lu}[a-z]{0,2}\p{Lu}{1,2}(?![\p{L}])/gu,
  },
  // A known first name in brackets after a role or a relation: "POH-GGZ (Nadia)", "zoon (Ruud)".
  {
    kind: 'name',
    re: new RegExp(String.raw`(?<=\()${CAP}(?:[ \t]${SURNAME})?(?=[),])`, 'gu'),
    accept: (m) => firstNames.has(m[0].split(/[\s-]/)[0]!),
  },
  // A person with their age in brackets: "Jaylen (6) en Shaniqua (3)", "Heinz-Peter Brückner (61, Köln)".
  {
    kind: 'name',
    re: new RegExp(
      String.raw`(?<![\p{L}])${CAP}(?:[ \t](?:${TV}[ \t])*${CAP}){0,2}(?=[ \t]*\((?:ca\.?[ \t]*)?\d{1,3}(?:[ \t]*(?:jr|jaar|j|mnd|maanden|wk|weken))?\.?(?:\)|,[ \t])|,[ \t]*\d{1,3}(?:[ \t]*(?:jr|jaar|j))?\.?,[ \t])`,
      'gu',
    ),
    accept: acceptNameBeforeAge,
    skip: leadingContextWords,
    rescan: true,
    gate: /\([ \t]*(?:ca\.?[ \t]*)?\d|,[ \t]*\d{1,3}(?:[ \t]*j\S*)?,/,
  },
  {
    kind: 'name',
    re: new RegExp(
      // A name does not run over a line end ("FACT Parkstad⏎Client Roy Ramakers").
      String.raw`(?<![\p{L}])${CAP}${NICK}?(?:[ \t]${CAP})?(?:[ \t](?:${TV}[ \t])*${CAP}(?:-(?:${TV}[ \t])?${CAP})?)?`,
      'gu',
    ),
    accept: acceptBareName,
    rescan: true,
  },
  {
    kind: 'name',
    re: new RegExp(String.raw`(?<![\p{L}])(?:${TV}[ \t])+${CAP}(?:-(?:${TV}[ \t])?${CAP})?`, 'gu'),
    accept: acceptParticleName,
    rescan: true,
  },
];

/**
 * Rules that run after the listed places: places a context word announces, names of buildings and
 * care homes written mid-sentence with a capital article, long numbers, street names without a number.
 */
const LATE_RULES: Rule[] = [
  // An employer or school: "werkt als monteur bij Enexis", "werkgever: Gemeente Zwolle".
  {
    kind: 'institution',
    re: new RegExp(
      String.raw`(?<ctx>\b(?:[Ww]erk(?=[ \t]+bij[ \t])|[Ww]erkt|[Ww]erkzaam|[Ww]erken|[Ww]erkte|[Ww]erkgever|in dienst|[Ss]tudent|[Ll]eerling|[Ss]tage|[Ss]port|[Ss]porten|[Tt]raint|lid)(?:[ \t]+\p{Ll}+){0,3}?(?:[ \t]+in[ \t]+${CAP})?(?:[ \t]+(?:bij|van|aan|op)(?:[ \t]+de)?)?[ \t]*:?[ \t]*\(?[ \t]*)(?:${CAP}|\p{Lu}{2,6}(?![\p{L}]))(?:[ \t](?:${CAP}|\p{Lu}{2,4}(?![\p{L}]))){0,2}`,
      'gu',
    ),
    accept: (_, body) => acceptEmployer(body),
  },
  // Someone's work and where: "magazijnmedewerker bij Ten Brinke Bouw", "grensarbeider bij Hollandia Kaas".
  {
    kind: 'institution',
    re: new RegExp(
      // Matched from "bij", the job looked up behind it: a pattern starting with the job would be tried at every word.
      String.raw`(?<ctx>(?<![\p{L}])bij[ \t]+)(?<=\p{Ll}{3}(?:medewerker|medewerkster|arbeider|chauffeur|monteur|werker|werkster|kundige|technicus|assistent|assistente|verkoper|verkoopster|leidster|leider|planner|adviseur|docent|manager|directeur|eigenaar|stagiair|vrijwilliger)[ \t]+bij[ \t]+)(?:${CAP}|\p{Lu}{2,6}(?![\p{L}]))(?:[ \t](?:${CAP}|\p{Lu}{2,4}(?![\p{L}]))){0,2}`,
      'gu',
    ),
    accept: (_, body) => acceptEmployer(body),
    gate: /[ \t]bij[ \t]/,
  },
  {
    kind: 'location',
    re: new RegExp(
      String.raw`(?<ctx>\b(?:woont|wonend|woonachtig|verhuisd|verhuist|afkomstig|geboren|opgegroeid|regio|omgeving|gemeente|vanuit|verblijfplaats|woonplaats|geboorteplaats|\d{2,4}[ \t]+te)[ \t]+(?:(?:in|te|naar|uit|van)[ \t]+)?)(?:'s-)?${CAP}(?:[ \t](?:aan|op|bij|in)(?: de| den)?[ \t]${CAP})?`,
      'gu',
    ),
    accept: (_, body) => !isContextWord(body) && !ambiguousNames.has(body),
  },
  // A place of several words after a word that places it, also after "bij": "fietsen bij Egmond aan den
  // Hoef", "in Alphen aan den Rijn", "uit Bergen op Zoom".
  {
    kind: 'location',
    re: new RegExp(
      String.raw`(?<ctx>(?<![\p{L}])(?:bij|in|naar|uit|te|vanuit|nabij|richting)[ \t]+)${CAP}[ \t](?:aan|op|onder)(?:[ \t](?:de|den|het|der))?[ \t]${CAP}(?![\p{L}])`,
      'gu',
    ),
    accept: (_, body) => acceptProperNameAfterPreposition(body) && !firstNames.has(body.split(/[ \t]/)[0]!),
    gate: /[ \t](?:aan|op|onder)[ \t](?:de[ \t]|den[ \t]|het[ \t]|der[ \t])?\p{Lu}/u,
  },
  // "op wintersport in Ischgl", "opname in Vijverdal": inside a sentence, where Dutch capitalises only
  // names, a capitalised word after "in", "naar" or "uit" is a place or an institution.
  {
    kind: 'location',
    re: new RegExp(
      String.raw`(?<ctx>[\p{Ll}\d,)][ \t]+(?:in|naar|uit|vanuit|nabij|richting)[ \t]+)(?:'s-)?${CAP}(?:[ \t](?:aan|op|bij)(?: de| den)?[ \t]${CAP})?(?![\p{L}])`,
      'gu',
    ),
    accept: (_, body) => acceptProperNameAfterPreposition(body),
    gate: /(?:in|naar|uit|nabij|richting)[ \t]+[A-ZÀ-ÞĲ']/,
  },
  // "zuurstof via Vivisol", "kraamzorg geregeld bij Yunio", "stratenmaker bij Heijmans": inside a sentence a
  // capitalised word after "via" or "bij" is an organisation or a person (not a country, eponym, month,
  // language, department or drug written as a brand: those are kept by the same checks as after "in").
  {
    kind: 'institution',
    re: new RegExp(
      String.raw`(?<ctx>(?:[\p{Ll},][ \t]+|\()(?:via|bij)[ \t]+)${CAP}(?:[ \t](?:${CAP}|\p{Lu}{2,4}(?![\p{L}]))){0,2}(?![\p{L}])`,
      'gu',
    ),
    accept: (_, body) => acceptProperNameAfterPreposition(body) && !/^\p{Lu}+$/u.test(body),
    gate: /(?:via|bij)[ \t]+[A-ZÀ-ÞĲ][a-zà-ÿ]/,
  },
  // The addressee or sender of a referral: "Naar: Mentaal Beter Rotterdam", "Van: Fysio Vitaal".
  {
    kind: 'institution',
    re: new RegExp(
      String.raw`(?<ctx>(?:^|\n)[ \t]*(?:Naar|Van|Aan|Afzender|Geadresseerde|Verwezen naar)[ \t]*:[ \t]*)${CAP}(?:[ \t](?:&[ \t])?${CAP}){0,3}(?![\p{L}])`,
      'gu',
    ),
    accept: (_, body) => {
      const first = body.split(/\s/)[0]!.toLowerCase();
      return !isSectionWord(first) && !isContextWord(first) && acceptProperNameAfterPreposition(body);
    },
    gate: /(?:Naar|Van|Aan|Afzender|Geadresseerde|Verwezen naar)[ \t]*:/,
  },
  // A care home or hospital before its ward: "De Blauwbörgh, afd. Dijkzicht", "Huize Tabitha afdeling 2".
  {
    kind: 'institution',
    re: new RegExp(
      String.raw`(?<![\p{L}])(?:(?:De|Het|'t|Huize|Sint|St\.)[ \t])?${CAP}(?:[ \t]${CAP}){0,2}(?=,?[ \t]+(?:afd\.|afdeling[ \t]+\p{Lu}|locatie[ \t]+\p{Lu}))`,
      'gu',
    ),
    accept: (_, body) => {
      const name = body.replace(/^(?:De|Het|'t|Huize|Sint|St\.)[ \t]/, '');
      const first = name.split(/\s/)[0]!.toLowerCase();
      return !isSectionWord(first) && !isContextWord(first) && !STOP_WORDS.has(first) && !EPONYMS.has(name);
    },
    gate: /afd\.|afdeling [A-Z]|locatie [A-Z]/,
  },
  // "bij de Reehorst", "naar het Rijnhof": a capitalised word after a lower-case article inside a sentence
  // is a proper name (Dutch writes nouns in lower case), unless it is an eponym ("de Holter").
  {
    kind: 'institution',
    re: new RegExp(
      String.raw`(?<ctx>(?:^|[^\p{L}])(?:bij|in|naar|van|uit|op|aan|voor|vanuit)[ \t]+(?:de|het)[ \t]+)${CAP}(?![\p{L}-])`,
      'gu',
    ),
    accept: (_, body) => !EPONYMS.has(body) && !isContextWord(body),
  },
  // "in De Lingehof", "bij Het Anker": a capitalised article inside a sentence starts a proper name.
  {
    kind: 'institution',
    re: new RegExp(
      String.raw`(?<=[\p{Ll},;)][ \t]+)(?:De|Het|'t|Den)[ \t]${CAP}(?:[ \t]${CAP})?(?![\p{L}]|[ \t]+\d)`,
      'gu',
    ),
    accept: (m) => !EPONYMS.has(m[0].split(/\s/)[1]!),
  },
  // "MDO De Wilgenhof", "Kliniek Het Hooge Holt": Dutch writes nouns in lower case, so an article and a
  // capitalised word is a proper name — a care home, a clinic, a school — wherever it stands.
  {
    kind: 'institution',
    // Not a street with its number ("p/a Het Stroink 8, Enschede").
    re: new RegExp(
      // The article first and the letter before it checked in `accept`: a leading lookbehind would be
      // tried at every position of the note.
      String.raw`(?:De|Het|'t)[ \t]${CAP}(?:[ \t]${CAP})?(?![\p{L}]|[ \t]+\d)`,
      'gu',
    ),
    accept: (m) => {
      if (m.index > 0 && /[\p{L}'’]/u.test(m.input[m.index - 1]!)) return false;
      const words = m[0].split(/[ \t]/).slice(1);
      return words.every((w) => {
        const lower = w.toLowerCase();
        return (
          !EPONYMS.has(w) &&
          !surnames.has(w) &&
          !isContextWord(w) &&
          !isSectionWord(lower) &&
          !LANGUAGES.has(lower) &&
          acceptProperNameAfterPreposition(w)
        );
      });
    },
    gate: /(?:De|Het|'t)[ \t][A-ZÀ-ÞĲ]/,
  },
  // After every date rule (a weekday before a date belongs to it): a weekday written out, alone, dates the note's events ("terugbellen vrijdag", "staken zaterdag").
  {
    kind: 'date',
    re: /(?<![\p{L}])[MmDdWwVvZz](?:aandag|insdag|oensdag|onderdag|rijdag|aterdag|ondag)(?:ochtend|middag|avond|nacht)?(?![\p{L}])/gu,
    accept: (m) =>
      /^(?:[Mm]aandag|[Dd]insdag|[Ww]oensdag|[Dd]onderdag|[Vv]rijdag|[Zz]aterdag|[Zz]ondag)/.test(m[0]),
    gate: /aandag|insdag|oensdag|onderdag|rijdag|aterdag|ondag/,
  },
  { kind: 'id', re: /(?<![\d.,-])(?:[A-Z]{1,4}\d{0,6}-?)?\d{7,}(?![\d]|[.,]\d)/gu },
  // Seven or eight digits grouped by dots, as record numbers are written after a hospital's name
  // ("LUMC 9.882.104"); not an amount or a count ("€ 1.250.000", "2.500.000 IE").
  {
    kind: 'id',
    re: /(?<![\d.,€$-])\d{1,2}\.\d{3}\.\d{3}(?![\d]|[.,]\d)/gu,
    accept: (m) =>
      !/^\s*(?:x|keer|\/|per|mg|mcg|µg|ml|eenheden|IE|E\b|cellen|kopieën|euro|EUR|inwoners|mensen|patiënten)/iu.test(
        after(m, 12),
      ) && !/(?:€|EUR|euro|ca\.?|circa|ruim|bijna)\s*$/iu.test(before(m, 8)),
    gate: /\d\.\d{3}\.\d{3}/,
  },
  // A code of letters and digits with six digits or more in a row ("RX23-557019", "Z-668120"), or six
  // digits alone that are no amount, count or measurement: record, order and sample numbers.
  {
    kind: 'id',
    re: /(?<![\p{L}\d.,€$-])(?:[A-Z]{1,5}\d{0,4}[-/]?)?\d{6}(?![\d\p{L}]|[.,]\d)/gu,
    accept: (m) =>
      !/^\s*(?:x|keer|\/|per|mg|mcg|µg|ml|mmol|cm|mm|kg|g\b|eenheden|IE|E\b|cellen|kopieën|euro|EUR)/iu.test(
        after(m, 12),
      ) && !/(?:€|EUR|euro)\s*$/iu.test(before(m, 8)),
    gate: /\d{6}/,
  },
  {
    kind: 'address',
    re: /(?<![\p{L}])\p{Lu}\p{Ll}+(?:straat|laan|weg|plein|gracht|kade|singel|dreef|steeg|baan)(?:-\p{Lu}\p{Ll}+)?(?![\p{L}])/gu,
    accept: (m) => !atSentenceStart(m.input, m.index),
  },
];

const LEAD_AT_START = new RegExp(String.raw`^(?:(?:${INSTITUTION_LEAD})|\p{L}*(?:${HEAD_NOUNS}))[ \t]+`, 'u');

const LEAD_ONLY = new RegExp(String.raw`^(?:${INSTITUTION_LEAD}|\p{L}*(?:${HEAD_NOUNS}))$`, 'u');

/** An institution word and a name, unless the name is a first name after a role ("Fysio Anouk"). */
function acceptLeadInstitution(m: RegExpExecArray, body: string): boolean {
  const words = body.split(/[ \t]+/);
  // "POH-GGZ Mark" is a role and a person: an acronym joined to the word before it starts nothing.
  if (/^\p{Lu}{2,}$/u.test(words[0]!) && /\p{L}-$/u.test(before(m, 2))) return false;
  const last = words[words.length - 1]!;
  if (/^(?:de|het|een)$/i.test(last)) return false;
  const name = body.slice(LEAD_AT_START.exec(body)?.[0].length ?? 0);
  if (!name || isSectionWord(name.split(/[ \t]/)[0]!.toLowerCase())) return false;
  if (isContextWord(words[0]!) && !/\s/.test(name) && firstNames.has(name)) return false;
  return !EPONYMS.has(name.split(/[ \t]/)[0]!);
}

/** "HAP Huisartsenpost Kennemerland", "Logopedie Logopediepraktijk Spreekbuis": the first word only says what follows. */
function repeatedLead(body: string): number {
  const first = LEAD_AT_START.exec(body);
  if (!first) return 0;
  const rest = body.slice(first[0].length);
  const second = LEAD_AT_START.exec(rest);
  return second && second[0].length < rest.length ? first[0].length : 0;
}

/**
 * An institution's name ends before a department or specialty ("Ziekenhuis Rivierenland Afdeling
 * Cardiologie") and before the next institution.
 */
function trimInstitutionName(_: RegExpExecArray, body: string): number {
  const lead = LEAD_AT_START.exec(body)?.[0].length ?? 0;
  const WORDS = /[\p{L}]+/gu;
  WORDS.lastIndex = lead;
  for (let w = WORDS.exec(body); w !== null; w = WORDS.exec(body)) {
    if (w.index <= lead) continue;
    if (isSectionWord(w[0].toLowerCase()))
      return body
        .slice(0, w.index)
        .replace(/(?:[ \t]+(?:aan|op|bij|van|ter|ten|en|de|den|het|&))+[ \t]*$/, '')
        .trimEnd().length;
    // "Welzijn Lochem en Kindcentrum De Vlinderboom": two institutions, not one.
    if (w[0] === 'en' && LEAD_AT_START.test(body.slice(w.index + 3)))
      return body.slice(0, w.index).trimEnd().length;
  }
  return body.length;
}

/** Capitalised words before an institution that head the note or name a department ("Ontslagbrief Heelkunde"). */
function leadingSection(match: string): number {
  let skip = 0;
  for (const w of match.split(/(?<=\s)/)) {
    const word = w.trim().toLowerCase();
    if (!isSectionWord(word) && !STOP_WORDS.has(word) && !ADDRESS_CONTEXT.has(word)) break;
    // A capitalised particle starts a firm's name ("Van der Wal Transport").
    if (/^\p{Lu}/u.test(w) && lowerParticles.has(word)) break;
    skip += w.length;
  }
  // Nothing but the word that ends a name is left ("Ontslagbrief kliniek"): no institution.
  return ONLY_TAIL.test(match.slice(skip)) ? match.length : skip;
}

const ONLY_TAIL = new RegExp(`^(?:${INSTITUTION_TAIL})$`, 'u');

const STREET_NAME_END =
  /\p{Ll}(?:straat|laan|weg|plein|gracht|kade|singel|dreef|steeg|baan|boulevard)(?:-\p{Lu}\p{Ll}+)?$/u;

function acceptProperNameAfterPreposition(body: string): boolean {
  const first = body.split(/\s/)[0]!;
  const lower = first.toLowerCase();
  return (
    !COUNTRIES.has(first) &&
    !EPONYMS.has(first) &&
    !isContextWord(first) &&
    !isSectionWord(lower) &&
    !LANGUAGES.has(lower) &&
    !/^(?:Januari|Februari|Maart|April|Mei|Juni|Juli|Augustus|September|Oktober|November|December)$/.test(
      first,
    )
  );
}

/** An employer's name, not a person's role, a department or a place (a town is found as a town). */
function acceptEmployer(body: string): boolean {
  const first = body.split(/\s/)[0]!;
  return !isContextWord(first) && !isSectionWord(first.toLowerCase()) && !COUNTRIES.has(first);
}

const FIRST_INSTITUTION_RULE = RULES.findIndex((r) => r.kind === 'institution');
const FIRST_BARE_NAME_RULE = RULES.findIndex((r) => r.accept === acceptNameBeforeAge);

const ADDRESS_CONTEXT = new Set(
  'woont wonend woonachtig adres verhuisd verblijft thuis naar aan bij via huisbezoek bezoek visite'.split(
    ' ',
  ),
);

/** Capitalised words before a street or institution that only introduce it ("Woont Kerkstraat 5"). */
function leadingContext(match: string): number {
  let skip = 0;
  for (const w of match.split(/(?<=\s)/)) {
    const word = w.trim().toLowerCase();
    // A particle belongs to the street ("Van Goghstraat", "De Ruyterlaan"), a lower-case article after a
    // preposition does not ("aan de Loolaan 31").
    if (skip === 0 && (w.startsWith('de ') || w.startsWith('het '))) {
      skip += w.length;
      continue;
    }
    if (lowerParticles.has(word) || (!STOP_WORDS.has(word) && !ADDRESS_CONTEXT.has(word))) break;
    skip += w.length;
  }
  return skip;
}

// Words after which a capitalised word is an eponym or a named method, not a person ("ziekte van Parkinson").
const EPONYM_BEFORE =
  /(?:ziekte|syndroom|morbus|teken|test|proef|methode|fractuur|cyste|reflex|manoeuvre|score|criteria|classificatie|schaal|cel|cellen)\s+(?:van\s+)?$/iu;

/** A first name from the list (+ surname), or a listed surname; one that is also a word only mid-sentence. */
function acceptBareName(m: RegExpExecArray): boolean {
  const words = m[0].replace(/\s*\([^)]*\)/, '').split(/\s+/);
  const first = words[0]!;
  const base = first.split('-')[0]!;
  if (EPONYM_BEFORE.test(before(m, 30)) || (words.length === 1 && EPONYMS.has(base))) return false;
  if (isSectionWord(first.toLowerCase()) || LANGUAGES.has(first.toLowerCase())) return false;
  const midSentence = !atSentenceStart(m.input, m.index);
  // "Cor: ritmisch": a word alone before a colon at the start of a line is a heading.
  if (words.length === 1 && !midSentence && /^[ \t]*:/.test(after(m, 3))) return false;
  if (firstNames.has(base) && (words.length > 1 || !ambiguousNames.has(base) || midSentence)) return true;
  if (words.length === 1) return surnames.has(base) && (!ambiguousNames.has(base) || midSentence);
  // Two or three capitalised words ending in a known surname: "Tomasz Huisman".
  const last = words[words.length - 1]!.split('-')[0]!;
  return surnames.has(last) && !isContextWord(first);
}

/**
 * Capitalised words before an age in brackets are a person unless they are a word a note starts with, a
 * role, a department, an eponym or an ordinary Dutch word; at the start of a sentence one of them must be
 * a listed name, or there must be two.
 */
function acceptNameBeforeAge(m: RegExpExecArray): boolean {
  const words = m[0].split(/[ \t]+/).filter((w) => /^\p{Lu}/u.test(w));
  const names = words.filter((w) => !isContextWord(w) && !isSectionWord(w.toLowerCase()));
  if (
    names.length === 0 ||
    names.some((w) => w.length < 3 || EPONYMS.has(w) || LANGUAGES.has(w.toLowerCase()))
  )
    return false;
  if (names.some((w) => ambiguousNames.has(w) && !firstNames.has(w) && !surnames.has(w))) return false;
  const listed = names.some((w) => firstNames.has(w.split('-')[0]!) || surnames.has(w.split('-')[0]!));
  return (
    listed || names.length >= 2 || !atSentenceStart(m.input, m.index + (m[0].length - names.join(' ').length))
  );
}

/** Roles and headings before a person ("Slachtoffer Dewi Ramcharan"). */
function leadingContextWords(match: string): number {
  let skip = 0;
  for (const w of match.split(/(?<=\s)/)) {
    const word = w.trim().toLowerCase();
    if (!isContextWord(word) && !isSectionWord(word)) break;
    skip += w.length;
  }
  return skip;
}

/** `van Dijk`, `de Vries`, `Ait Hamou`: a particle and a listed surname, a capitalised particle mid-sentence. */
function acceptParticleName(m: RegExpExecArray): boolean {
  const words = m[0].split(/\s+/);
  const last = words[words.length - 1]!.split('-')[0]!;
  if (EPONYM_BEFORE.test(before(m, 30)) || EPONYMS.has(last)) return false;
  // "op de Ringbaan-West" is a street.
  if (STREET_NAME_END.test(words[words.length - 1]!)) return false;
  if (surnames.has(last)) return true;
  // A capitalised Arabic or Berber particle inside a sentence only starts a name ("Ait Hamou", "El Idrissi").
  if (/^(?:Ait|El|Al|Ben|Bou|Abou|Abu)$/.test(words[0]!) && !atSentenceStart(m.input, m.index)) return true;
  return words.length >= 3 && /^(?:van|in|op|uit)$/i.test(words[0]!) && !STOP_WORDS.has(last.toLowerCase());
}

// Words that follow "pt." in ordinary sentences ("pt. is van mening", "pt. heeft de …"): never a name.
const COMMON_WORDS = new Set(
  `is was wordt werd heeft had gaat ging komt kwam krijgt kreeg geeft gaf zegt zei meldt vertelt voelt wil
  kan moet zal zou ligt lag zit zat loopt eet drinkt rookt gebruikt neemt nam slaapt belt blijft vindt
  denkt weet woont werkt reageert herstelt ervaart toont lijkt maakt doet ziet hoort mag kon wilde
  en of met zonder in op bij naar uit voor na om te tot als dan dat die dit deze er hier daar ook nog
  niet geen wel zeer erg goed slecht matig licht ernstig pijn klachten koorts thuis alleen samen
  afdeling polikliniek opname ontslag controle huisarts specialist ziekenhuis kamer bed akkoord`.split(/\s+/),
);

/** Words that follow a date at the start of a journal line and are no writer's initials. */
const JOURNAL_WORDS = new Set(
  `tel telefonisch cons consult visite vis con mail email e-mail brief recept herhaal ass poh ha hap seh pt
  pat mw dhr mevr lab uitslag echo ecg rtg mri ct ok nb ivm cito spoed ctrl controle dd sms chat nacht
  dag avond ochtend middag dienst`.split(/\s+/),
);

const lowerParticles = new Set(TUSSENVOEGSELS.flatMap((t) => t.split(' ')));

// Words after "verpleeghuis de" that say which one, not its name ("verpleeghuis de hele dag").
const LOWER_NOT_A_HOME = new Set(
  'hele eerste laatste volgende vorige andere nieuwe oude zelfde afdeling kamer gang dag nacht week ochtend middag avond bewoners zorg'.split(
    ' ',
  ),
);

/** A single-word listed institution typed in lower case ("saltro", "mcl"), not a Dutch word. */
function isLowerCaseListedInstitution(word: string): boolean {
  if (COMMON_WORDS.has(word) || STOP_WORDS.has(word) || gazetteer.commonWords.has(word)) return false;
  if (gazetteer.lowerPlaces.has(word) || isSectionWord(word)) return false;
  for (const form of [word[0]!.toUpperCase() + word.slice(1), word.toUpperCase()]) {
    const hit = gazetteer.findPhrases(form)[0];
    if (hit && hit.category === 'institution' && hit.start === 0 && hit.end === form.length && !hit.ambiguous)
      return !MEDICAL_ACRONYMS.has(word.toUpperCase());
  }
  return false;
}

/** How many lines of a text open with a lower-case writer and a colon ("anne: …"). */
function chatWriters(text: string): number {
  return text.match(/^[ \t]*\p{Ll}{3,}:[ \t]/gmu)?.length ?? 0;
}

/** The writers of a chat's timed lines ("[07:52] Sanne K:", "Okke 22:15:"), once per line. */
function timedChatWriters(text: string): string[] {
  return [
    ...text.matchAll(
      /^[ \t]*(?:\[\d{1,2}[:.]\d{2}\][ \t]*(\p{Lu}\p{Ll}+)[^:\n]{0,20}:|(\p{Lu}\p{Ll}+)(?:[ \t]\p{Lu}\.?)?[ \t]+\d{1,2}[:.]\d{2}[ \t]*:)/gmu,
    ),
  ].map((m) => (m[1] ?? m[2])!);
}

/** Two or three letters that sign a line: initials, not a word, an abbreviation or a unit. */
function acceptSigningInitials(body: string): boolean {
  const lower = body.toLowerCase();
  if (COMMON_WORDS.has(lower) || STOP_WORDS.has(lower) || JOURNAL_WORDS.has(lower)) return false;
  if (MEDICAL_ACRONYMS.has(body.toUpperCase()) || SIGN_OFF_WORDS.has(lower)) return false;
  if (isSectionWord(lower) || isContextWord(lower) || gazetteer.commonWords.has(lower)) return false;
  return true;
}

// Short words and abbreviations that end a line and are no initials.
const SIGN_OFF_WORDS = new Set(
  `ok oke nee ja jaa zn vm nm ivm evt nvt nb ps bv dd mg ml kg cm mm uur min sec dag wk mnd jr
  thuis ziek goed mee wel niet nog al ook aan uit bij tot wie wat hoe zie zo en of af op om in te
  tel fax sms app mail pm am ca etc enz vlg zgn cito spoed ctrl poli seh hap ha ic cc aub svp dank
  top fijn prima gr mvg grt thx doei bye hoi ben was kan mag zal wil moet gaat komt doe heb`.split(/\s+/),
);

function isLowerCaseListedName(word: string): boolean {
  return (
    (gazetteer.lowerSurnames.has(word) || gazetteer.lowerFirstNames.has(word)) &&
    !COMMON_WORDS.has(word) &&
    !STOP_WORDS.has(word) &&
    !lowerParticles.has(word) &&
    !gazetteer.commonWords.has(word)
  );
}

/** The words of a lower-case name: a known first name first, or a known surname within the first four words. */
function lowerCaseNameLength(body: string): number {
  const words = body.split(/[ \t]+/);
  if (lowerParticles.has(words[0]!)) {
    // "mw de jager van …": particles and a listed surname, also one that is a Dutch word.
    let i = 0;
    while (i < words.length && lowerParticles.has(words[i]!)) i++;
    const last = words[i]?.replace(/[,.;:]+$/, '');
    if (!last || i > 3 || !/^\p{L}{3,}$/u.test(last) || STOP_WORDS.has(last) || COMMON_WORDS.has(last))
      return 0;
    // Two particles ("dr van den hoven") join an unlisted surname too.
    return gazetteer.lowerSurnames.has(last) || i >= 2 ? [...words.slice(0, i), last].join(' ').length : 0;
  }
  // The name ends at its surname: the first non-particle word after the first name and its particles.
  let end = 1;
  while (end < words.length && lowerParticles.has(words[end]!)) end++;
  if (end >= words.length) return 0;
  end++;
  const taken = words.slice(0, end);
  const first = taken[0]!;
  const last = taken[taken.length - 1]!.replace(/[,.;:]+$/, '');
  if (STOP_WORDS.has(last) || STOP_WORDS.has(first) || COMMON_WORDS.has(first) || COMMON_WORDS.has(last))
    return 0;
  // "mw yildiz van nr 14": a particle before an abbreviation joins no surname.
  if (taken.length > 1 && !/^\p{L}{3,}/u.test(last)) return 0;
  // "shanti van der velde": an unknown first name is still a name when particles join it to a surname.
  const joined = taken.length > 2;
  if (!gazetteer.lowerFirstNames.has(first) && !gazetteer.lowerSurnames.has(last) && !joined) return 0;
  return taken.join(' ').length;
}

function acceptLowerCaseName(_: RegExpExecArray, body: string): boolean {
  return lowerCaseNameLength(body) > 0;
}

function trimLowerCaseName(_: RegExpExecArray, body: string): number {
  return lowerCaseNameLength(body);
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

type Add = (start: number, end: number, kind: PhiKind) => void;

/**
 * Removes names, dates, BSNs and other numbers that point at a person, phone numbers, e-mail and web
 * addresses, street addresses, postcodes, towns and regions, ages over 89 and care institutions from Dutch
 * clinical free text, replacing each with a tagged placeholder such as `[PERSOON]`. Rule-based (in the
 * spirit of the Dutch `deduce` de-identifier): titles, initials, particles, context words and lists of names
 * (`data/`) for persons; lists of places and institutions with the words that introduce them; formats
 * and the BSN check for numbers. A name found once is removed wherever it recurs in the same text.
 *
 * @example
 * deidentifyDutchText('Dhr. J. de Vries, 06-12345678').text // 'Dhr. [PERSOON], [TELEFOON]'
 */
export function deidentifyDutchText(text: string): DeidentifiedText {
  const ruleSpans = findIdentifiersByRules(text);
  const spans = combineWithTagger(text, ruleSpans, tagNote(tagger, text, ruleSpans), tagger.adds);
  return { text: replaceSpans(text, spans), spans };
}

/** The rules alone, without the tagger (for training the tagger and for comparing). */
export function deidentifyDutchTextByRules(text: string): DeidentifiedText {
  const spans = findIdentifiersByRules(text);
  return { text: replaceSpans(text, spans), spans };
}

/** The text with every span (sorted, not overlapping) replaced by its kind's placeholder. */
function replaceSpans(text: string, spans: readonly PhiSpan[]): string {
  let out = '';
  let at = 0;
  for (const s of spans) {
    out += text.slice(at, s.start) + PhiPlaceholders[s.kind];
    at = s.end;
  }
  return out + text.slice(at);
}

/** What the rules remove from a text, sorted by start; the spans do not overlap. */
export function findIdentifiersByRules(text: string): PhiSpan[] {
  const taken = new Uint8Array(text.length);
  const spans: PhiSpan[] = [];
  const add: Add = (start, end, kind) => {
    if (taken[start]) return;
    const wanted = end;
    // A match that runs into an earlier, stronger span keeps the part before it ("Evelien van
    // [Verloskundigenpraktijk …]" still removes "Evelien").
    for (let i = start; i < end; i++) {
      if (taken[i]) {
        end = i;
        break;
      }
    }
    let piece = text.slice(start, end);
    // "De Jong-Gierveld", "Kellgren-Lawrence": a scale named after people, not a person or a home.
    const partner = /-(\p{Lu}\p{Ll}+)$/u.exec(piece);
    if (partner && (kind === 'name' || kind === 'institution') && EPONYMS.has(partner[1]!)) return;
    if (kind === 'name') {
      piece = piece.replace(TRAILING_PARTICLES, '');
      // "huisarts te Leusden": "te" before a listed place is where someone works, not a particle.
      const te = /^te[ \t]+/.exec(piece);
      if (te && isListedPlace(piece.slice(te[0].length))) {
        start += te[0].length;
        kind = 'location';
        piece = piece.slice(te[0].length);
      }
      // A lone lower-case word left after trimming ("in" of "in het …") is not a name.
      // A listed name typed in lower case after a title ("mw. wolters") is still a name.
      if (
        ONLY_PARTICLES.test(piece) ||
        (!/\s/.test(piece) &&
          (!/\p{Lu}/u.test(piece)
            ? !isLowerCaseListedName(piece) && !isJournalWriter(text, start, piece)
            : isContextWord(piece)))
      )
        return;
    }
    // Trailing punctuation or space a pattern may have swallowed.
    piece = piece.replace(/[\s,;:(-]+$/u, '');
    // "Buurtzorg team Sneek": a team of an organisation named before it,
    // where the place is what identifies (the parts label the place alone).
    if (kind === 'institution') {
      const lead = /^[Tt]eam[ \t]+/.exec(piece);
      if (lead && isListedPlace(piece.slice(lead[0].length))) {
        start += lead[0].length;
        kind = 'location';
        piece = piece.slice(lead[0].length);
      }
    }
    // What is left of an institution before a listed one may be only a word that introduced it: a lower-case
    // one ("kliniek [Reinier van Arkel]"), or one before another ("Tandartspraktijk [Tandartsen aan de Dam]");
    // a capitalised one heads the name ("Revalidatiecentrum [Tolbrug]").
    if (
      kind === 'institution' &&
      end < wanted &&
      LEAD_ONLY.test(piece) &&
      (/^\p{Ll}/u.test(piece) ||
        LEAD_AT_START.test(text.slice(start + piece.length, start + piece.length + 40).trimStart()))
    )
      return;
    // A capitalised word that introduced a listed institution right after it joins it: "Woningcorporatie
    // [Mitros]" is one name.
    if (kind === 'institution' && end < wanted && LEAD_ONLY.test(piece) && /^\p{Lu}/u.test(piece)) {
      const gap = /^[\s,;:(-]*/u.exec(text.slice(start + piece.length, end))![0].length;
      const next = spans.find((s) => s.kind === 'institution' && s.start === start + piece.length + gap);
      if (next && gap > 0 && /^[ \t]+$/.test(text.slice(start + piece.length, next.start))) {
        taken.fill(1, start, next.start);
        next.start = start;
        return;
      }
    }
    end = start + piece.length;
    if (end <= start || (kind === 'institution' && /^(?:De|Het|'t|Den)$/.test(piece))) return;
    taken.fill(1, start, end);
    spans.push({ start, end, kind });
  };
  const phrases = gazetteer.findPhrases(text);
  runRules(RULES.slice(0, FIRST_INSTITUTION_RULE), text, add);
  // Listed institutions before the patterns: "Catharina Ziekenhuis Eindhoven" is longer than a pattern's
  // "Catharina Ziekenhuis".
  addPhrases(text, phrases, 'institution', add);
  runRules(RULES.slice(FIRST_INSTITUTION_RULE, FIRST_BARE_NAME_RULE), text, add);
  // Places of several words before names from the lists: "Broek op Langedijk" is no Mr Broek.
  addPhrases(text, phrases, 'place', add, true);
  runRules(RULES.slice(FIRST_BARE_NAME_RULE), text, add);
  addPhrases(text, phrases, 'place', add);
  runRules(LATE_RULES, text, add);
  addLooseDayMonths(text, spans, add);
  addPlaces(text, spans, add);
  addInstitutionsBefore(text, spans, add);
  addNameNeighbours(text, spans, add);
  addAddressesAround(text, spans, add);
  addAfterPlacesAndDates(text, spans, add);
  propagateNames(text, spans, add);
  // A capitalised particle left before a name at the start of a sentence or line ("De Vries belt",
  // "'t Zandt"), or a capitalised article before an institution ("naar Het Zonnehuis"), belongs to it.
  for (const s of spans) {
    const before = s.kind === 'name' ? PARTICLE_BEFORE : s.kind === 'institution' ? ARTICLE_BEFORE : null;
    const m =
      before?.exec(text.slice(Math.max(0, s.start - 12), s.start)) ??
      (s.kind === 'name'
        ? LOWER_PARTICLE_IN_LIST.exec(text.slice(Math.max(0, s.start - 14), s.start))
        : null);
    if (!m || taken[s.start - m[0].length]) continue;
    s.start -= m[0].length;
    taken.fill(1, s.start, s.start + m[0].length);
  }
  // The legal form after a company: "(Bouwbedrijf Frissen B.V., Brunssum)".
  for (const s of spans) {
    if (s.kind !== 'institution') continue;
    const m = LEGAL_FORM_AFTER.exec(text.slice(s.end, s.end + 8));
    if (!m || taken[s.end + 1]) continue;
    taken.fill(1, s.end, s.end + m[0].length);
    s.end += m[0].length;
  }
  // A first name and the initial of a surname: "Gedetineerde Rachid B., reg.nr. …".
  for (const s of spans) {
    if (s.kind !== 'name') continue;
    const m = SURNAME_INITIAL.exec(text.slice(s.end, s.end + 4));
    if (!m || taken[s.end + 1] || !firstNames.has(text.slice(s.start, s.end))) continue;
    taken.fill(1, s.end, s.end + m[0].length);
    s.end += m[0].length;
  }
  // The letters of a code around its number: "paspoort EK 4419073", "polis CZ 40028817", "pompnr
  // CADD-SN 771204", "serienr PZK 412889 S", "pt.nr SG 40 21 993" (never a label such as AGB or BIG).
  for (const s of spans) {
    const body = text.slice(s.start, s.end);
    if (s.kind !== 'id' && !(s.kind === 'phone' && /^\d/.test(body) && !body.startsWith('0'))) continue;
    const left = ID_LETTERS_BEFORE.exec(text.slice(Math.max(0, s.start - 14), s.start));
    if (left && !ID_LABELS.has(left[1]!) && !taken[s.start - left[0].length]) {
      s.start -= left[0].length;
      taken.fill(1, s.start, s.start + left[0].length);
      s.kind = 'id';
    }
    const right = ID_LETTERS_AFTER.exec(text.slice(s.end, s.end + 5));
    if (right && s.kind === 'id' && /\d$/.test(body) && !taken[s.end + 1]) {
      taken.fill(1, s.end, s.end + right[0].length);
      s.end += right[0].length;
    }
  }
  // A part of a hospital named after it: "Isala Vrouw-Kindcentrum", "Rijnstate Hartcentrum".
  for (const s of spans) {
    if (s.kind !== 'institution') continue;
    const m = PART_AFTER.exec(text.slice(s.end, s.end + 40));
    if (!m || taken[s.end + m[0].length - 1]) continue;
    taken.fill(1, s.end, s.end + m[0].length);
    s.end += m[0].length;
  }
  spans.sort((a, b) => a.start - b.start);
  return spans;
}

const ID_LETTERS_BEFORE = /(?<![\p{L}\d.-])(\p{Lu}{1,5}(?:-\p{Lu}{1,5})?)[ \t]$/u;
const ID_LETTERS_AFTER = /^[ \t]\p{Lu}{1,2}(?![\p{L}\d])/u;
/** Labels written in capitals before a number that are not part of it. */
const ID_LABELS: ReadonlySet<string> = new Set(
  `AGB BIG UZI BSN ZIS EZIS HIX ZIN EPD ECD HIS ZNR PV NR ID MRN UPN KVK IBAN PIN CAK CIZ ZH ZKH PT PAT T F M E C
  TEL FAX GSM MOB INR HB CRP BMI RR HR POH HA AD G P`.split(/\s+/),
);

/** Lower-case initials after the date that opens a journal line ("19-11 - mvd - consult"). */
/**
 * A listed first name after a relative: "vrouw ria belde", also when it is a Dutch word as well ("man
 * kees"), unless it is a word that follows a relative in a sentence ("man heeft", "vrouw mag").
 */
function isFirstNameAfterRelative(lower: string): boolean {
  if (COMMON_WORDS.has(lower) || STOP_WORDS.has(lower) || JOURNAL_WORDS.has(lower)) return false;
  if (!gazetteer.lowerFirstNames.has(lower) || gazetteer.lowerPlaces.has(lower)) return false;
  return !gazetteer.commonWords.has(lower) || lower.length >= 3;
}

const RELATIVE_BEFORE =
  /(?:^|[^\p{L}])(?:zoon|dochter|man|vrouw|echtgeno(?:ot|te)|partner|moeder|vader|broer|zus|vriend(?:in)?)[ \t]+$/u;

function isJournalWriter(text: string, start: number, piece: string): boolean {
  const lineStart = text.lastIndexOf('\n', start - 1) + 1;
  if (RELATIVE_BEFORE.test(text.slice(Math.max(0, start - 14), start)) && isFirstNameAfterRelative(piece))
    return true;
  // A listed first name writing a line of a chat ("bram: bel ik wel"), also when it is a Dutch word.
  if (
    /^[ \t]*$/.test(text.slice(lineStart, start)) &&
    text[start + piece.length] === ':' &&
    gazetteer.lowerFirstNames.has(piece) &&
    chatWriters(text) >= 2
  )
    return !COMMON_WORDS.has(piece) && !STOP_WORDS.has(piece) && !JOURNAL_WORDS.has(piece);
  // Initials signing the end of a line: "… vm gestuurd. ak", "-> jvd".
  if (
    /^(?:\p{Ll}{2,3}|[bcdfghjklmnpqrstvwxz]{4}|\p{Ll}\.\p{Ll}\.(?:\p{Ll}\.)?)$/u.test(piece) &&
    new RegExp(String.raw`^[ \t]*(?:(?:${SIGNING_TAIL})[ \t]*)?(?:\r?\n|$)`).test(
      text.slice(start + piece.length, start + piece.length + 12),
    ) &&
    /(?:(?:[.!?)]|->|→|–|—|--)[ \t]+|[.!?)][ \t]*\r?\n[ \t]*(?:(?:--|–|—|-)[ \t]*)?(?:(?:vk|vpk|ha|ass|poh|ja|jgz|wvk)[ \t]+)?)$/.test(
      text.slice(Math.max(0, start - 12), start),
    )
  )
    return acceptSigningInitials(piece.replace(/\./g, ''));
  if (!/^\p{Ll}{2,4}$/u.test(piece) || gazetteer.commonWords.has(piece) || JOURNAL_WORDS.has(piece))
    return false;
  return JOURNAL_PREFIX.test(text.slice(lineStart, start));
}

function runRules(rules: Rule[], text: string, add: Add): void {
  for (const rule of rules) {
    if (rule.gate && !rule.gate.test(text)) continue;
    rule.re.lastIndex = 0;
    for (let m = rule.re.exec(text); m !== null; m = rule.re.exec(text)) {
      if (m[0].length === 0) {
        rule.re.lastIndex++;
        continue;
      }
      const ctx = m.groups?.ctx?.length ?? 0;
      const body = ctx > 0 ? m[0].slice(ctx) : m[0];
      if (rule.accept && !rule.accept(m, body)) {
        if (rule.rescan) {
          const space = m[0].slice(ctx).search(/[ \t]/);
          if (space > 0) rule.re.lastIndex = m.index + ctx + space;
        }
        continue;
      }
      let start = m.index + ctx;
      const end = start + (rule.trim?.(m, body) ?? body.length);
      if (rule.prefix) {
        const words = rule.prefix.exec(text.slice(Math.max(0, start - 60), start));
        if (words) start -= words[0].length;
      }
      add(start + (rule.skip?.(text.slice(start, end)) ?? 0), end, rule.kind);
    }
  }
}

/**
 * Listed places and institutions. One that is also a Dutch word counts only inside a sentence; an
 * acronym only where it is not part of a compound or a dose ("MCL-letsel", "MST 10 mg").
 */
function addPhrases(
  text: string,
  phrases: PhraseHit[],
  category: PhraseHit['category'],
  add: Add,
  onlySeveralWords = false,
): void {
  for (const p of phrases) {
    if (p.category !== category) continue;
    const phrase = text.slice(p.start, p.end);
    if (onlySeveralWords && !/\s/.test(phrase)) continue;
    const next = text.slice(p.end, p.end + 40);
    if (p.ambiguous && atSentenceStart(text, p.start) && !(category === 'institution' && headingAfter(next)))
      continue;
    if (/^-\p{Ll}/u.test(next)) continue;
    // "MST 10 mg" is a drug, "MST 07:58" the hospital at a time.
    if (/^\p{Lu}+$/u.test(phrase) && /^[ \t]*\d/.test(next) && !/^[ \t]*\d{1,2}[:.]\d{2}(?!\d)/.test(next))
      continue;
    // "Berg Balance Scale" is a test; "afd. Oosterpark" a ward named after a district.
    if (
      EPONYMS.has(phrase) ||
      (category === 'place' && WARD_BEFORE.test(text.slice(Math.max(0, p.start - 12), p.start)))
    )
      continue;
    add(p.start, p.end, category === 'place' ? 'location' : 'institution');
  }
}

/** Abbreviations of tests, wards, diagnoses and roles that follow a specialist in notes; never a hospital. */
const MEDICAL_ACRONYMS: ReadonlySet<string> = new Set(
  `CT MRI ECG EEG EMG ENG SEH IC ICU CCU MC OK PA MDL KNO AIOS ANIOS PCI CAG CABG CVA TIA DBC DOT VG MDO
  HA POH SPV NRS VAS BMI RR HR SO PET CTA NB NVT ZN IV IM SC AF DM COPD OSAS ALS MS ADHD ASS PTSS GGZ
  ECT EVV AVG SOG PICC ERCP EUS TEE TTE DXA BMD LP RX US ECHO OR NIET EN DE VAN OF IN OP
  KNMG BIG AGB NHG NVK KNGF NIP NVVP NVAB NVN LHV HAP GGD CJG JGZ RAV UMC POH WMO ABR`.split(/\s+/),
);
const WARD_BEFORE = /(?:^|[^\p{L}])(?:afd\.?|afdeling|unit|kamer|paviljoen)[ \t]*$/iu;
/**
 * What follows a listed institution that is also a word ("Karakter", "Parnassia") when it heads a note
 * or letter: a dash, bar or comma or the line's end, perhaps after a capitalised place, or a department
 * ("Karakter Ede – verslag", "Parnassia – kliniek …", "Altrecht Psychosenzorg").
 */
const HEADING_AFTER = new RegExp(String.raw`^(?:[ \t]+${CAP})?[ \t]*(?:[–|/,]|-[ \t]|\r?\n|$)`, 'u');
const headingAfter = (next: string) => {
  const word = /^[ \t]+(\p{L}+)/u.exec(next)?.[1] ?? '';
  return HEADING_AFTER.test(next) || isSectionWord(word) || /^(?:team|locatie|regio)$/.test(word);
};

// A Dutch place name: `Utrecht`, `'s-Hertogenbosch`, `Den Haag`, `Alphen aan den Rijn`, `Bergen op Zoom`.
const PLACE = new RegExp(
  String.raw`^(?:,[ \t]*(?:locatie[ \t]+)?|[ \t]+(?:te[ \t]+|in[ \t]+|locatie[ \t]+)?|[ \t]+-[ \t]+)((?:'s-|’s-)?(?:(?:Den|De|Het|Nieuw|Oud|Sint|St\.|Groot|Klein|Oost|West|Noord|Zuid)[ -])?` +
    String.raw`(?:IJ|\p{Lu})[\p{Ll}'’]+(?:-\p{Lu}?[\p{Ll}]+)*(?:[ ](?:aan|op|bij|in|ter|ten|aan den|aan de|an de)[ ]\p{Lu}[\p{L}]+)?)(?![\p{L}])`,
  'u',
);
/** A Belgian or German postcode after an address: four or five digits and a town. */
const FOREIGN_POSTCODE = /^,?[ \t]+(?:[A-Z]-)?(\d{4,5})[ \t]+((?:IJ|\p{Lu})\p{Ll}+)/u;
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
 * "Huisartsenpraktijk De Linde, Breda"): together with the rest it points at a household or a practice.
 */
function addPlaces(text: string, spans: PhiSpan[], add: Add): void {
  for (const s of [...spans]) {
    if (s.kind !== 'address' && s.kind !== 'postcode' && s.kind !== 'institution') continue;
    const m = PLACE.exec(text.slice(s.end, s.end + 60));
    if (!m) continue;
    const place = m[1]!;
    if (isContextWord(place) || NOT_PLACES.has(place.toLowerCase()) || isSectionWord(place)) continue;
    // An address or institution followed by a bare capitalised word is only a town when a comma or
    // "te/in/locatie" joins them; after a postcode any capitalised word is the town.
    const joined = /^(?:,|[ \t]+(?:te|in|locatie)[ \t])/.test(m[0]);
    const start = s.end + m[0].length - place.length;
    const phraseEnds = /^[ \t]*(?:$|[\r\n,.;:)–-])/.test(
      text.slice(start + place.length, start + place.length + 3),
    );
    // "Klinikum Emden, Innere Medizin": a capitalised word after an institution's comma that runs on
    // into more words is a department, not a town.
    if (s.kind === 'institution' && m[0].startsWith(',') && !phraseEnds) continue;
    if (s.kind === 'institution' && !joined) {
      // "Isala Zwolle", "St Jansdal Lelystad": a town right after the name, ending the line or phrase.
      if (/^[ \t]*(?:$|[\r\n,.;:)])/.test(text.slice(start + place.length, start + place.length + 3))) {
        add(start, start + place.length, 'location');
      }
      continue;
    }
    if (s.kind !== 'postcode' && !joined) continue;
    add(start, start + place.length, 'location');
  }
  for (const s of [...spans]) {
    if (s.kind !== 'address') continue;
    const m = FOREIGN_POSTCODE.exec(text.slice(s.end, s.end + 40));
    if (!m) continue;
    const start = s.end + m[0].indexOf(m[1]!);
    add(start, start + m[1]!.length, 'postcode');
    const town = s.end + m[0].length - m[2]!.length;
    if (!isContextWord(m[2]!)) add(town, town + m[2]!.length, 'location');
  }
}

const NAME_BEFORE_PLACE = new RegExp(
  String.raw`(?<![\p{L}])(?:${CAP}[ \t]){0,2}${CAP}[ \t]+(?:in|te)[ \t]+$`,
  'u',
);
const NAME_BEFORE_BRACKET = new RegExp(String.raw`(?<![\p{L}])(?:${CAP}|\p{Lu}{2,6})[ \t]*\($`, 'u');

/**
 * A proper name right before a recognised place or institution: "opname Vijverdal in Maastricht" (a
 * clinic in a town, inside a sentence), "Vreedenhoff (Cordaan)" (a care home and its organisation).
 */
function addInstitutionsBefore(text: string, spans: PhiSpan[], add: Add): void {
  for (const s of [...spans]) {
    if (s.kind !== 'location' && s.kind !== 'institution') continue;
    const pre = text.slice(Math.max(0, s.start - 60), s.start);
    // Cheap tests of the word before the span first; the name patterns run only where they can match.
    const m =
      s.kind === 'location'
        ? /[ \t](?:in|te)[ \t]+$/.test(pre)
          ? NAME_BEFORE_PLACE.exec(pre)
          : null
        : text[s.end] === ')' && pre.endsWith('(')
          ? NAME_BEFORE_BRACKET.exec(pre)
          : null;
    if (!m) continue;
    const start = s.start - pre.length + m.index;
    const name = m[0].replace(/[ \t]+(?:in|te)[ \t]+$|[ \t]*\($/, '');
    const first = name.split(/[ \t]/)[0]!;
    // An acronym before its expansion in brackets is its name wherever it stands ("GZA (Gezondheidszorg
    // Asielzoekers)").
    if (atSentenceStart(text, start) && !/^\p{Lu}{2,6}$/u.test(name)) continue;
    if (!acceptProperNameAfterPreposition(name) || STOP_WORDS.has(first.toLowerCase())) continue;
    add(start, start + name.length, 'institution');
  }
}

const HOUSE_NUMBER_BEFORE_TOWN = /^[ \t]+(\d{1,4}[a-z]?),[ \t]+(?:IJ|\p{Lu})\p{Ll}{2,}/u;
const WORD_BETWEEN_NAMES = new RegExp(String.raw`^[ \t]+(${CAP})[ \t]+`, 'u');
const ORGANISATION_IN_BRACKETS = new RegExp(String.raw`^[ \t]*\((${CAP})\)`, 'u');
const NAME_BEFORE_BIRTH_DATE = new RegExp(
  String.raw`(?<![\p{L}])(${CAP})[ \t]*\([ \t]*(?:\*|°|geb\.?[ \t]*|geboren[ \t]+)$`,
  'u',
);
const STREET_BEFORE_TOWN = new RegExp(
  String.raw`(?:^|[\n(:]|,[ \t]|p\/a[ \t]|thuis,[ \t])[ \t]*((?:(?:De|Het|'t)[ \t])?${CAP}(?:[ \t](?:(?:van|de|der|den|ter|ten)[ \t]){0,2}${CAP}){0,2}[ \t]+${HOUSE_NUMBER}),[ \t]*$`,
  'u',
);
const STREET_IN_BRACKETS = new RegExp(
  String.raw`^[ \t]*\(((?:(?:De|Het|'t)[ \t])?${CAP}(?:[ \t]${CAP}){0,2}[ \t]+${HOUSE_NUMBER})\)`,
  'u',
);
const NAME_BEFORE_NAME_IN_BRACKETS = new RegExp(
  String.raw`(?<![\p{L}])(${CAP})[ \t]*\((?:${TITLE}[ \t]*)?$`,
  'u',
);
const SURNAME_BEFORE = new RegExp(String.raw`(?<![\p{L}])(${CAP})[ \t]+$`, 'u');

/**
 * Streets that only their place in the note gives away: a name and a house number before a comma and
 * a town ("p/a Het Stroink 8, Enschede", "thuis, Vogelzang 2, Ede") or in brackets after a person
 * ("dhr. Van Lieshout (Kerkakkers 21)"); and people around a recognised name: a first name before the
 * full name in brackets ("Koen (K. Lammers)"), a listed surname before a first name ("Bakker Sanne").
 */
function addAddressesAround(text: string, spans: PhiSpan[], add: Add): void {
  for (const s of [...spans]) {
    // A village that names a street too: "Oranjewoud 12, Heerenveen" (the number completes the address).
    if (s.kind === 'location') {
      const number = HOUSE_NUMBER_BEFORE_TOWN.exec(text.slice(s.end, s.end + 40));
      if (number)
        add(
          s.end + number[0].indexOf(number[1]!),
          s.end + number[0].indexOf(number[1]!) + number[1]!.length,
          'address',
        );
    }
    // A capitalised word between two recognised names of places or institutions belongs to the first:
    // "naar Mentaal Beter Leeuwarden" (the rule after "naar" took one word).
    if (s.kind === 'location' || s.kind === 'institution') {
      const middle = WORD_BETWEEN_NAMES.exec(text.slice(s.end, s.end + 40));
      const word = middle?.[1];
      const nextStart = middle ? s.end + middle[0].length : -1;
      if (
        word &&
        spans.some((t) => t.start === nextStart && (t.kind === 'location' || t.kind === 'institution')) &&
        !isContextWord(word) &&
        !isSectionWord(word)
      ) {
        const start = s.end + middle[0].indexOf(word);
        add(start, start + word.length, 'institution');
      }
    }
    // An organisation in brackets after its care home: "Zorgcentrum De Bron (Viattence)".
    if (s.kind === 'institution') {
      const org = ORGANISATION_IN_BRACKETS.exec(text.slice(s.end, s.end + 40));
      const word = org?.[1];
      if (
        word &&
        !isContextWord(word) &&
        !isSectionWord(word) &&
        !COUNTRIES.has(word) &&
        !EPONYMS.has(word)
      ) {
        const start = s.end + org[0].indexOf(word);
        add(start, start + word.length, 'institution');
      }
    }
    // A person before a birth date in brackets: "Sara (*22-8-2021)", "Bram (geb. 3-4-2019)".
    if (s.kind === 'date') {
      const pre = text.slice(Math.max(0, s.start - 40), s.start);
      const person = NAME_BEFORE_BIRTH_DATE.exec(pre);
      const word = person?.[1];
      if (word && !isContextWord(word) && !isSectionWord(word.toLowerCase()) && !EPONYMS.has(word)) {
        const start = s.start - pre.length + person.index;
        add(start, start + word.length, 'name');
      }
    }
    // A town may have been taken as a person first ("Ede", "Hengelo" are names too).
    const town =
      s.kind === 'location' || (s.kind === 'name' && /^,[ \t]*$/.test(text.slice(s.start - 2, s.start)));
    if (town) {
      const pre = text.slice(Math.max(0, s.start - 50), s.start);
      const m = STREET_BEFORE_TOWN.exec(pre);
      if (m) {
        const street = m[1]!;
        const first = street.replace(/^(?:De|Het|'t)[ \t]/, '').split(/[ \t]/)[0]!;
        if (!isContextWord(first) && !isSectionWord(first) && !EPONYMS.has(first)) {
          const start = s.start - pre.length + m.index + m[0].indexOf(street);
          add(start, start + street.length, 'address');
        }
      }
    }
    if (s.kind === 'name') {
      const bracket = STREET_IN_BRACKETS.exec(text.slice(s.end, s.end + 50));
      if (bracket) {
        const street = bracket[1]!;
        const first = street.replace(/^(?:De|Het|'t)[ \t]/, '').split(/[ \t]/)[0]!;
        if (!isContextWord(first) && !isSectionWord(first) && !EPONYMS.has(first)) {
          const start = s.end + bracket[0].indexOf(street);
          add(start, start + street.length, 'address');
        }
      }
      const pre = text.slice(Math.max(0, s.start - 30), s.start);
      const before = NAME_BEFORE_NAME_IN_BRACKETS.exec(pre) ?? SURNAME_BEFORE.exec(pre);
      if (!before) continue;
      const word = before[1]!;
      const listed = before[0].includes('(')
        ? firstNames.has(word)
        : surnames.has(word) && firstNames.has(text.slice(s.start, s.end));
      if (!listed || isContextWord(word) || isSectionWord(word)) continue;
      const start = s.start - pre.length + before.index + before[0].indexOf(word);
      add(start, start + word.length, 'name');
    }
  }
}

const NEIGHBOUR = new RegExp(String.raw`^(?:,[ \t]*|[ \t]+(?:en|&)[ \t]+)(${CAP})(?![\p{L}])`, 'u');
const PARTICLE_BEFORE =
  /(?<![\p{L}'’])(?:Van der|Van den|Van de|Van 't|Van|De|Den|Ter|Ten|Op de|In 't|'t|’t)[ \t]$/u;
const LEGAL_FORM_AFTER = /^[ \t]+(?:B\.V\.|N\.V\.|V\.O\.F\.|BV|NV|VOF|b\.v\.|bv)(?![\p{L}])/u;

// A lower-case particle before a surname that opens an item of a list or a line: "Aanwezig: Terpstra
// (longarts), van Lente (radiotherapeut)", "mw de jager" (the particle then is the name's, not a word).
const LOWER_PARTICLE_IN_LIST =
  /(?<=(?:^|\n|[,:;(]|(?<![\p{L}])(?:mw|mevr|dhr|hr|dr)\.?)[ \t]*)(?:van der|van den|van de|van 't|van|de|den|ter|ten|op de|in 't)[ \t]$/u;
const SURNAME_INITIAL = /^[ \t]\p{Lu}\.(?![\p{L}])/u;
const PART_AFTER =
  /^[ \t](?:\p{Lu}[\p{Ll}]*-)?\p{Lu}[\p{Ll}]*(?:centrum|kliniek|ziekenhuis|gasthuis)(?![\p{L}])/u;
const ARTICLE_BEFORE = /(?<![\p{L}'’])(?:De|Het|Den|'t|’t|Dr\.|Prof\.|St\.|Sint|Mijn)[ \t]$/u;
const SECOND_SURNAME_WORD = new RegExp(String.raw`^[ \t](${CAP})(?=[ \t]*(?:[,(\r\n]|$))`, 'u');
const PARTICLE_INSIDE = /[ \t](?:van|de|der|den|ter|ten|te|in 't|op|'t)[ \t]\p{Lu}/u;
// "mw. Kroes (91)", "mw Stien de Ruijter, 99 – stabiel", "dhr Pieters, 92: valt".
const AGE_AFTER =
  /^(?:[ \t]*\((\d{2,3})(?:[ \t]*(?:jaar|jr\.?|j\.?))?\)|,[ \t]*(\d{2,3})(?:[ \t]*(?:jaar|jr\.?|j\.?))?[ \t]*(?:[,;):–]|-[ \t]|\r?\n|$))/u;

const NICKNAME_AFTER = new RegExp(String.raw`^[ \t]*\([ \t]*["'“‘]?(${CAP})["'”’]?[ \t]*\)`, 'u');
/** A district in brackets after a town: "Nijmegen (Dukenburg)", "Amsterdam (Indische Buurt)". */
const DISTRICT_AFTER = new RegExp(String.raw`^[ \t]*\((${CAP}(?:[ \t-]${CAP})?)\)`, 'u');
/** An old age between commas after a date of birth: "geb. 15-05-1929, 96, kamer 108". */
const AGE_AFTER_DATE = /^,[ \t]*(\d{2,3})(?:[ \t]*(?:jaar|jr\.?|j\.?))?[ \t]*[,;)\r\n]/u;
/** An age in brackets after a date whose year it agrees with, as it would today: "23 sep 1929 (94)". */
function agreeingAgeInBrackets(date: string, rest: string): RegExpExecArray | null {
  const m = /^[ \t]*\((\d{2,3})(?:[ \t]*(?:jaar|jr\.?|j\.?))?\)/u.exec(rest);
  const year = /(?:^|\D)((?:18|19)\d{2})(?!\d)/.exec(date)?.[1];
  if (!m || !year) return null;
  const born = Number(year) + Number(m[1]);
  return born >= 2015 && born <= 2030 ? m : null;
}

const WEEKDAY_OR_MONTH = new RegExp(`^(?:${WEEKDAYS}|${MONTHS})$`, 'iu');
const PLACE_TAIL_AFTER = new RegExp(
  String.raw`^[ \t](?:aan|op|onder)(?:[ \t](?:de|den|het|der))?[ \t](${CAP})(?![\p{L}])`,
  'u',
);
const DATE_LINE_PLACE = new RegExp(String.raw`^[ \t]*(${CAP}(?:[ \t-]${CAP})?),[ \t]*$`, 'u');

/** A place of the lists written as it is listed, whole. */
function isListedPlace(words: string): boolean {
  const lower = words.toLowerCase();
  if (isSectionWord(lower) || isContextWord(words) || COUNTRIES.has(words)) return false;
  const hit = gazetteer.findPhrases(words)[0];
  return !!hit && hit.category === 'place' && hit.start === 0 && hit.end === words.length;
}

/** An IBAN: a Dutch one by its form (bank code of four letters, ten digits), any by its check digits. */
function isIban(compact: string): boolean {
  if (/^NL\d{2}[A-Z]{4}\d{10}$/.test(compact)) return true;
  if (compact.length < 15 || compact.length > 34 || !/^[A-Z]{2}\d{2}[A-Z\d]+$/.test(compact)) return false;
  const digits = (compact.slice(4) + compact.slice(0, 4)).replace(/[A-Z]/g, (c) =>
    String(c.charCodeAt(0) - 55),
  );
  let rest = 0;
  for (const d of digits) rest = (rest * 10 + Number(d)) % 97;
  return rest === 1;
}

/** How many characters of `text` hold its first `n` characters that are not spaces. */
function lengthWithSpaces(text: string, n: number): number {
  let seen = 0;
  for (let i = 0; i < text.length; i++) if (text[i] !== ' ' && ++seen === n) return i + 1;
  return text.length;
}

/** A value after a number's label: four digits at least, or a code of five capitals and digits. */
function isLabelledCode(body: string): boolean {
  const digits = body.match(/\d/g)?.length ?? 0;
  return digits >= 4 || (digits >= 2 && /^[A-Z\d]{5,12}$/.test(body) && /[A-Z]/.test(body));
}

// A second code in a list after a labelled one: "batchnr X9F27A en MN0442B", "kenmerk 22-3381, 22-3390".
const CODE_AFTER = /^(?:,|[ \t]+(?:en|&)|[ \t]*\/)[ \t]*([A-Z]{0,4}\d[\dA-Z-]{3,14})(?![\p{L}\d])/u;

/** Districts after towns, old ages after dates of birth, further codes after a labelled one. */
function addAfterPlacesAndDates(text: string, spans: PhiSpan[], add: Add): void {
  for (const s of [...spans]) {
    const rest = text.slice(s.end, s.end + 40);
    if (s.kind === 'location') {
      // The rest of a place of several words: "bij [Egmond] aan den Hoef".
      const tail = PLACE_TAIL_AFTER.exec(rest);
      if (
        tail &&
        !isSectionWord(tail[1]!.toLowerCase()) &&
        !isContextWord(tail[1]!) &&
        !firstNames.has(tail[1]!) &&
        !COUNTRIES.has(tail[1]!) &&
        !WEEKDAY_OR_MONTH.test(tail[1]!)
      ) {
        add(s.end, s.end + tail[0].length, 'location');
        continue;
      }
      const m = DISTRICT_AFTER.exec(rest);
      const words = (m?.[1] ?? '').split(/[ \t-]/);
      if (
        m &&
        words.every((w) => {
          const lower = w.toLowerCase();
          return (
            !isSectionWord(lower) &&
            !isContextWord(lower) &&
            !COMMON_WORDS.has(lower) &&
            !STOP_WORDS.has(lower) &&
            !COUNTRIES.has(w) &&
            (w === 'Buurt' || !gazetteer.commonWords.has(lower))
          );
        })
      ) {
        const start = s.end + m[0].indexOf(m[1]!);
        add(start, start + m[1]!.length, 'location');
      }
    } else if (s.kind === 'id') {
      const m = CODE_AFTER.exec(rest);
      if (
        m &&
        isLabelledCode(m[1]!.replace(/-/g, '')) &&
        /[A-Z]/.test(m[1]!) === /[A-Z]/.test(text.slice(s.start, s.end))
      ) {
        const start = s.end + m[0].length - m[1]!.length;
        add(start, start + m[1]!.length, 'id');
      }
    } else if (s.kind === 'date') {
      // The place of a letter's date line: "Soest, 3 juli 2025" (a listed place, also one that is a word).
      const lineStart = text.lastIndexOf('\n', s.start - 1) + 1;
      const place = DATE_LINE_PLACE.exec(text.slice(lineStart, s.start));
      if (place && /^[ \t]*(?:\r?\n|$)/.test(rest) && isListedPlace(place[1]!)) {
        const start = lineStart + place[0].indexOf(place[1]!);
        add(start, start + place[1]!.length, 'location');
      }
      const m = AGE_AFTER_DATE.exec(rest) ?? agreeingAgeInBrackets(text.slice(s.start, s.end), rest);
      if (m && isOldAge(Number(m[1]))) {
        const start = s.end + m[0].indexOf(m[1]!);
        add(start, start + m[1]!.length, 'age');
      }
    }
  }
}

/**
 * What follows a recognised name: more names in a list ("Bart, Floor en Merel"), and an age in brackets
 * ("mw. Kroes (91)").
 */
function addNameNeighbours(text: string, spans: PhiSpan[], add: Add): void {
  const queue = spans.filter((s) => s.kind === 'name');
  while (queue.length > 0) {
    const s = queue.pop()!;
    const rest = text.slice(s.end, s.end + 40);
    const age = AGE_AFTER.exec(rest);
    const years = age?.[1] ?? age?.[2];
    if (age && years && isOldAge(Number(years))) {
      const start = s.end + age[0].indexOf(years);
      add(start, start + years.length, 'age');
    }
    // A surname of two words after a particle: "mw. G.A. ter Haar Romeny, geb. …".
    const second = SECOND_SURNAME_WORD.exec(rest);
    if (second && PARTICLE_INSIDE.test(text.slice(s.start, s.end))) {
      const word = second[1]!;
      const lower = word.toLowerCase();
      if (!isSectionWord(lower) && !isContextWord(lower) && !EPONYMS.has(word)) {
        const start = s.end + second[0].length - word.length;
        add(start, start + word.length, 'name');
      }
    }
    // A nickname in brackets after the name: "mevr v.d. Kerkhof (Dien), 95", "Lataster ("Jeu")".
    const nick = NICKNAME_AFTER.exec(rest);
    if (nick) {
      const word = nick[1]!;
      const lower = word.toLowerCase();
      if (
        !isSectionWord(lower) &&
        !isContextWord(lower) &&
        !COMMON_WORDS.has(lower) &&
        !gazetteer.commonWords.has(lower) &&
        !gazetteer.lowerPlaces.has(lower) &&
        !MEDICAL_ACRONYMS.has(word.toUpperCase())
      ) {
        const start = s.end + nick[0].indexOf(word);
        const before = spans.length;
        add(start, start + word.length, 'name');
        if (spans.length > before) {
          // The age after the bracket: "(Dien), 95,".
          const after = AGE_AFTER.exec(text.slice(s.end + nick[0].length, s.end + nick[0].length + 30));
          const y = after?.[1] ?? after?.[2];
          if (after && y && isOldAge(Number(y))) {
            const at = s.end + nick[0].length + after[0].indexOf(y);
            add(at, at + y.length, 'age');
          }
        }
      }
    }
    const m = NEIGHBOUR.exec(rest);
    if (!m) continue;
    const word = m[1]!;
    const base = word.split('-')[0]!;
    if (!firstNames.has(base) && !surnames.has(base)) continue;
    const start = s.end + m[0].length - word.length;
    const before = spans.length;
    add(start, start + word.length, 'name');
    if (spans.length > before) queue.push(spans[spans.length - 1]!);
  }
}

// A capitalised word not preceded by a letter; its apostrophes are part of it ("D'Souza", "Jan's").
const CAPITALISED_WORD = /(?<![\p{L}])(?:IJ|\p{Lu})[\p{Ll}'’]*/gu;
const NAME_WORD = /(?:IJ|\p{Lu})[\p{Ll}'’]{2,}/gu;
const LETTER = /\p{L}/u;
const letterAt = (text: string, i: number) => {
  const c = text.codePointAt(i);
  return c !== undefined && LETTER.test(String.fromCodePoint(c));
};

/** Every later mention of a name word already recognised in this text is a name too ("Dhr. Pietersma … Pietersma"). */
function propagateNames(text: string, spans: PhiSpan[], add: Add): void {
  const words = new Set<string>();
  for (const s of spans) {
    if (s.kind !== 'name') continue;
    for (const w of text.slice(s.start, s.end).match(NAME_WORD) ?? []) {
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
