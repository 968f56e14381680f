import { SURNAME_PREFIXES, TUSSENVOEGSELS } from './dutch-names.ts';

/**
 * Building blocks of the Dutch de-identifier's patterns (Unicode-aware: Özdemir, Çelik, Yılmaz, IJzerman,
 * O'Connor, Tjon-A-Fat). No `i` flag on name patterns: it would make `\p{Lu}` match lower case, so only
 * the first letter of a context word may vary.
 */
export const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** One capitalised part of a name: `Jansen`, `IJzerman`, `D'Souza`, `Öztürk`. */
const CAPSEG = String.raw`(?:\p{Lu}['’])?(?:IJ|\p{Lu})[\p{Ll}'’]+`;
/** A capitalised word, hyphenated parts included: `Brinkman-Zwart`, `Tjon-A-Fat`, `Utrecht-Stad`. */
export const CAP = String.raw`${CAPSEG}(?:-(?:\p{Lu}-)*${CAPSEG})*`;

/** A literal word whose first letter may be either case. */
const caseFree = (w: string) =>
  /^[a-z]/.test(w) ? `[${w[0]}${w[0]!.toUpperCase()}]${escapeRe(w.slice(1))}` : escapeRe(w);
/** The same for a pattern fragment (`patiënte?`): its first letter may be either case. */
const caseFreePattern = (w: string) =>
  /^[a-z]/.test(w) ? `[${w[0]}${w[0]!.toUpperCase()}]${w.slice(1)}` : w;

export const TV_ALTS = TUSSENVOEGSELS.map(caseFree).join('|');
/** A particle (`van der`, `de`, `ter`): lower case inside a name, capitalised at its start (`De Vries`). */
export const TV = `(?:${TV_ALTS})`;
const MULTI_TV = `(?:${TUSSENVOEGSELS.filter((t) => t.includes(' '))
  .map(caseFree)
  .join('|')})`;
const PREFIX = `(?:${SURNAME_PREFIXES.join('|')})`;

export const INITIALS = String.raw`(?:(?:\p{Lu}|Th|Chr|Joh|Ph|Ij|IJ|Wm|Jac|Corn)\.[ \t]?){1,4}`;
/**
 * A nickname in brackets or quotes after initials or a first name: `A.C. (Arie) den Hollander`,
 * `Marcel "Mars" Vrolijk`.
 */
export const NICK = String.raw`(?:[ \t]?\((?:IJ|\p{Lu})[\p{Ll}]+\)|[ \t]["“'‘](?:IJ|\p{Lu})[\p{Ll}]+["”'’](?=[ \t]\p{Lu}))`;
/**
 * A surname: particles or a prefix (`Oude`, `Klein`), the name, a second name after a two-word particle
 * (`Schimmelpenninck van der Oije`), a hyphenated partner's name (`Lammers-van Dijk`).
 */
export const SURNAME =
  String.raw`(?:(?:${TV}|${PREFIX}(?=[ \t]\p{Lu}))[ \t])*${CAP}` +
  // A partner's name joined by a hyphen, or by a dash between spaces ("van der Linden – Bos").
  String.raw`(?:[ \t]${MULTI_TV}[ \t]${CAP})?(?:(?:-|[ \t][-–][ \t])(?:${TV}[ \t])?${CAP})?`;
/** A person after a title or a context word: initials and/or first names (with a nickname), surname. */
export const PERSON = String.raw`(?:${INITIALS}${NICK}?[ \t]?)?(?:${CAP}${NICK}?[ \t]){0,2}${SURNAME}`;

export const TITLE = String.raw`(?:[Dd]hr|[Mm]evr|[Mm]w|[Mm]ej|[Dd]r|[Dd]rs|[Pp]rof|[Ii]r|[Ii]ng|[Mm]r|[Hh]r|[Dd]okter|[Ff]am|[Dd]s|[Pp]astor|[Pp]astoor|[Pp]ater)\.?`;

/** Words that announce a person: relations, roles, salutations, record fields. */
export const CONTEXT_WORDS_LIST = [
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
  'pat',
  'cliënte?',
  'client',
  'jeugdige',
  'kind',
  'werknemer',
  'naam',
  'zoon',
  'dochter',
  'echtgeno(?:ot|te)',
  'partner',
  'moeder',
  'vader',
  'ouders',
  'kinderen',
  'broer',
  'zus(?:ter)?',
  'kleinzoon',
  'kleindochter',
  'schoonzoon',
  'schoondochter',
  'schoonmoeder',
  'schoonvader',
  'stiefvader',
  'stiefmoeder',
  'pleegmoeder',
  'pleegvader',
  'zwager',
  'schoonzus',
  'buurman',
  'buurvrouw',
  'vriendin',
  'vriend',
  'mantelzorger',
  'contactpersoon',
  'huisarts',
  'HA',
  'arts',
  'dokter',
  'specialist',
  'cardioloog',
  'internist',
  'longarts',
  'neuroloog',
  'neurochirurg',
  'chirurg',
  'geriater',
  'psychiater',
  'psycholoog',
  'GZ-psycholoog',
  'regiebehandelaar',
  'behandelaar',
  'verpleegkundige',
  'wijkverpleegkundige',
  'wondverpleegkundige',
  'longverpleegkundige',
  'jeugdverpleegkundige',
  'verpleegkundig specialist',
  'physician assistant',
  'praktijkondersteuner',
  'POH',
  'SPV',
  'EVV',
  'SO',
  'fysiotherapeut',
  'fysio',
  'verloskundige',
  'logopedist',
  'ergotherapeut',
  'radiotherapeut',
  'psychotherapeut',
  'tandarts',
  'oogarts',
  'kinderarts',
  'jeugdarts',
  'schoolarts',
  'bedrijfsarts',
  'uroloog',
  'gynaecoloog',
  'oncoloog',
  'dermatoloog',
  'reumatoloog',
  'orthopeed',
  'anesthesist',
  'radioloog',
  'klinisch chemicus',
  'patholoog',
  'SEH-arts',
  'AIOS',
  'ANIOS',
  'coassistent',
  'co',
  'mentor',
  'juf',
  'meester',
  'leidinggevende',
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
  'weduwe',
  'diëtist',
  'apotheker',
  'assistente',
  'doktersassistente',
  'triagist',
  'tolk',
  'dominee',
  'imam',
  'priester',
  'pastoraal werker',
  'gezinsvoogd',
  'jeugdbeschermer',
  'casemanager',
  'ervaringsdeskundige',
  'begeleider',
  'aanvrager',
  'ondertekend',
  'gezien door',
  'consult door',
  'gevalideerd door',
  'namens',
  'aanwezig',
  'i\\.o\\.m\\.',
  'beste',
  'geachte',
  'betreft',
  'pt\\.',
  'pte\\.',
  // Without the full stop, as quick notes write them ("Pt Liam O'Connor").
  'pt',
  'pte',
  // The person a note is about, by the role the note gives them.
  'baby',
  'zuigeling',
  'pasgeborene',
  'slachtoffer',
  'betrokkene',
  'overledene',
  'onderzochte',
  'leerling',
  'bewoner',
  'bewoonster',
  'deelnemer',
  'familie',
  'gezin',
  'arrestant',
  'gedetineerde',
  'verdachte',
  'invalkracht',
  'invaller',
  'stagiair',
  'stagiaire',
  'pleegkind',
  'pleegouders',
  'intensivist',
  'nefroloog',
  'kraamverzorgende',
  'vrijwilliger',
  'notulist',
  'agent',
  'wijkagent',
  'politieagent',
  'rechercheur',
  'SOG',
  'AVG',
  'specialist ouderengeneeskunde',
  'schouwarts',
  'zaalarts',
  'arts-assistent',
  'consulent',
  'wondconsulent',
  'apothekersassistente',
  'klinisch geriater',
  'ambulanceverpleegkundige',
  'meldkamercentralist',
] as const;

export const CONTEXT = CONTEXT_WORDS_LIST.map(caseFreePattern).join('|');

export const MONTHS =
  'januari|februari|maart|april|mei|juni|juli|augustus|september|oktober|november|december';
export const MONTH_ABBR = 'jan|febr?|mrt|mar|apr|jun|jul|aug|sept?|okt|oct|nov|dec';
export const WEEKDAYS =
  'maandag|dinsdag|woensdag|donderdag|vrijdag|zaterdag|zondag|maa|din|woe|don|vrij|zat|zon|ma|di|wo|do|vr|za|zo';

// Capitalised words that start sentences or headings in notes and are never names.
export const STOP_WORDS: ReadonlySet<string> = new Set(
  `de het een en in op met van voor bij naar is was werd heeft had geen niet ook nog wel dat die deze dit
  patiënt patient zij hij ze we wij u er al als maar dus om te ter tot na sinds vanaf over onder tegen
  beleid conclusie anamnese lichamelijk onderzoek status voorgeschiedenis medicatie allergieën diagnose
  plan afspraak controle verwijzing brief opname ontslag klachten overleg uitslag datum betreft aan van
  tel telefoon adres email e-mail geboren geb leeftijd bsn heden graag dhr mevr mw mevrouw meneer heer dr drs
  prof ir ing mr mej dokter`.split(/\s+/),
);

const CONTEXT_WORD_SET = new Set(
  CONTEXT_WORDS_LIST.map((w) => w.replace(/\\\./g, '.').toLowerCase()).filter((w) => /^[\p{L}.-]+$/u.test(w)),
);
for (const w of ['patiënt', 'patiënte', 'cliënt', 'cliënte', 'echtgenoot', 'echtgenote', 'zuster', 'zus'])
  CONTEXT_WORD_SET.add(w);

/**
 * Capitalised words that head a note, a section or a department, or name a specialty or a service:
 * "Ontslagbrief Heelkunde Spaarne Gasthuis", "Medicatiebeoordeling Apotheek Hoogvliet". Before or inside
 * an institution's name they are not part of it.
 */
export const SECTION_WORDS: ReadonlySet<string> = new Set(
  `ontslagbrief brief verslag rapportage overdracht notitie consult intake verwijzing verwijsbrief
  medicatiebeoordeling herhaalservice terhandstelling uitslag uitslagen eindrapport rapport zorgplan
  teambespreking visite spreekuur dossier medicatieoverzicht medicatielijst probleemanalyse behandelplan
  waarneembericht partusverslag transfer ritformulier afdeling afd poli polikliniek locatie route unit
  heelkunde chirurgie cardiologie neurologie interne geneeskunde longziekten longgeneeskunde geriatrie
  psychiatrie kindergeneeskunde gynaecologie verloskunde urologie orthopedie dermatologie oogheelkunde
  radiotherapie oncologie reumatologie revalidatie anesthesiologie diëtetiek ergotherapie wijkverpleging
  spoedeisende hulp seh ic icu ccu mdl kno jgz mmt triage radiologie nucleaire pathologie microbiologie
  psychosenzorg verslavingszorg ouderenpsychiatrie`.split(/\s+/),
);

/** Languages and nationalities, capitalised in Dutch: after "tolk" or "spreekt" they are not a person. */
export const LANGUAGES: ReadonlySet<string> = new Set(
  `arabisch turks tigrinya tigrinia amhaars dari farsi perzisch pasjtoe pashto koerdisch somalisch pools
  roemeens bulgaars russisch oekraïens engels frans duits spaans portugees italiaans grieks chinees
  mandarijn kantonees vietnamees thai berbers tamazight sranantongo sranan papiaments papiamento hindi
  urdu bengaals tamil nederlands fries vlaams limburgs marokkaans eritrees syrisch afghaans`.split(/\s+/),
);

/** A word that announces a person or starts a sentence, never a name itself. */
/**
 * A word that heads a note or names a section, department or specialty, also as a compound
 * ("Dialyseverslag", "Kraamdossier", "Planning"): never part of a person's or institution's name.
 */
export function isSectionWord(word: string): boolean {
  const w = word.toLowerCase();
  if (SECTION_WORDS.has(w) || w === 'planning' || w === 'overzicht' || w === 'spoedlab') return true;
  if (w.length < 9) return false;
  for (const end of SECTION_ENDS) if (w.length >= end.length + 3 && w.endsWith(end)) return true;
  return false;
}
const SECTION_ENDS = [
  'verslag',
  'brief',
  'notitie',
  'rapportage',
  'overdracht',
  'formulier',
  'dossier',
  'planning',
  'overzicht',
  'bewaking',
];

export function isContextWord(word: string): boolean {
  const w = word.toLowerCase();
  return STOP_WORDS.has(w) || CONTEXT_WORD_SET.has(w);
}

/**
 * Does the word at `index` start a sentence, a line or a field? There Dutch capitalises any word, so a
 * capital says nothing; in the middle of a sentence only names are capitalised.
 */
export function atSentenceStart(text: string, index: number): boolean {
  let i = index - 1;
  while (i >= 0 && (text[i] === ' ' || text[i] === '\t')) i--;
  if (i < 0) return true;
  const c = text[i]!;
  return (
    c === '\n' ||
    c === '\r' ||
    c === '.' ||
    c === '!' ||
    c === '?' ||
    c === ':' ||
    c === ';' ||
    c === '-' ||
    c === '–' ||
    c === '•' ||
    c === '*' ||
    c === '/' ||
    c === '>' ||
    c === '"'
  );
}

/** The text just before a match. */
export function before(m: RegExpExecArray, n: number): string {
  return m.input.slice(Math.max(0, m.index - n), m.index);
}

/** The text just after a match. */
export function after(m: RegExpExecArray, n: number): string {
  const end = m.index + m[0].length;
  return m.input.slice(end, end + n);
}

/**
 * Countries and parts of the world: where a patient comes from, not where they live. The islands of the
 * Kingdom in the Caribbean are not among them: there they are where a patient lives, among few people.
 */
export const COUNTRIES: ReadonlySet<string> = new Set(
  `Nederland Holland België Duitsland Frankrijk Engeland Schotland Ierland Spanje Portugal Italië Griekenland
  Turkije Marokko Tunesië Algerije Egypte Syrië Irak Iran Afghanistan Pakistan India China Japan Indonesië
  Suriname Antillen Polen Roemenië Bulgarije Hongarije Tsjechië Slowakije Oekraïne
  Rusland Litouwen Letland Estland Servië Kroatië Bosnië Kosovo Albanië Eritrea Ethiopië Somalië Soedan
  Ghana Nigeria Kaapverdië Congo Zuid-Afrika Brazilië Colombia Venezuela Argentinië Chili Mexico Amerika
  Canada Australië Thailand Vietnam Filipijnen Oostenrijk Zwitserland Denemarken Zweden Noorwegen Finland
  Europa Afrika Azië Oekraine Jemen Libanon Jordanië Israël Palestina Koerdistan Armenië Georgië`.split(
    /\s+/,
  ),
);
