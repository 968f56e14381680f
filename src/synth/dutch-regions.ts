import { badInput } from '../common/app-error.ts';

/**
 * A small built-in map of the Netherlands: the twelve provinces with their population (CBS StatLine,
 * 1 January 2024, rounded to thousands) and a few of their larger municipalities, each with its
 * population (thousands, same source, rounded) and an approximate range of 4-digit postcodes (PC4).
 * Patients are spread over provinces by population and, inside a province, over the listed
 * municipalities by population (the unlisted rest of a province is not represented).
 */
export interface Municipality {
  readonly name: string;
  readonly population: number;
  /** Inclusive PC4 range. */
  readonly pc4: readonly [number, number];
}

export interface Province {
  readonly code: string;
  readonly name: string;
  readonly population: number;
  readonly municipalities: readonly Municipality[];
  readonly hospitals: readonly string[];
}

const m = (name: string, population: number, from: number, to: number): Municipality => ({
  name,
  population,
  pc4: [from, to],
});

export const PROVINCES: readonly Province[] = [
  {
    code: 'GR',
    name: 'Groningen',
    population: 596,
    municipalities: [
      m('Groningen', 243, 9711, 9747),
      m('Midden-Groningen', 61, 9601, 9649),
      m('Oldambt', 39, 9671, 9699),
      m('Het Hogeland', 48, 9950, 9989),
    ],
    hospitals: ['UMCG', 'Martini Ziekenhuis', 'Ommelander Ziekenhuis Groningen'],
  },
  {
    code: 'FR',
    name: 'Friesland',
    population: 659,
    municipalities: [
      m('Leeuwarden', 127, 8911, 8941),
      m('Súdwest-Fryslân', 92, 8600, 8699),
      m('Smallingerland', 57, 9200, 9249),
      m('Heerenveen', 52, 8440, 8449),
    ],
    hospitals: ['Medisch Centrum Leeuwarden', 'Antonius Sneek', 'Tjongerschans'],
  },
  {
    code: 'DR',
    name: 'Drenthe',
    population: 502,
    municipalities: [
      m('Assen', 69, 9400, 9409),
      m('Emmen', 108, 7811, 7891),
      m('Hoogeveen', 56, 7900, 7909),
      m('Meppel', 35, 7940, 7949),
    ],
    hospitals: ['Wilhelmina Ziekenhuis Assen', 'Treant Zorggroep'],
  },
  {
    code: 'OV',
    name: 'Overijssel',
    population: 1180,
    municipalities: [
      m('Zwolle', 133, 8011, 8046),
      m('Enschede', 161, 7511, 7548),
      m('Deventer', 102, 7411, 7432),
      m('Almelo', 74, 7600, 7611),
      m('Hengelo', 82, 7550, 7559),
    ],
    hospitals: ['Isala', 'Medisch Spectrum Twente', 'Deventer Ziekenhuis', 'ZGT'],
  },
  {
    code: 'FL',
    name: 'Flevoland',
    population: 444,
    municipalities: [
      m('Almere', 223, 1311, 1364),
      m('Lelystad', 82, 8211, 8245),
      m('Noordoostpolder', 49, 8300, 8316),
    ],
    hospitals: ['Flevoziekenhuis', 'St Jansdal Lelystad'],
  },
  {
    code: 'GE',
    name: 'Gelderland',
    population: 2140,
    municipalities: [
      m('Nijmegen', 182, 6511, 6546),
      m('Arnhem', 166, 6811, 6846),
      m('Apeldoorn', 167, 7311, 7336),
      m('Ede', 121, 6710, 6719),
      m('Doetinchem', 59, 7000, 7009),
    ],
    hospitals: [
      'Radboudumc',
      'Rijnstate',
      'Gelre ziekenhuizen',
      'Ziekenhuis Gelderse Vallei',
      'Slingeland Ziekenhuis',
    ],
  },
  {
    code: 'UT',
    name: 'Utrecht',
    population: 1390,
    municipalities: [
      m('Utrecht', 374, 3511, 3585),
      m('Amersfoort', 161, 3811, 3829),
      m('Nieuwegein', 64, 3430, 3439),
      m('Veenendaal', 68, 3900, 3909),
      m('Zeist', 66, 3700, 3709),
    ],
    hospitals: ['UMC Utrecht', 'St. Antonius Ziekenhuis', 'Meander Medisch Centrum', 'Diakonessenhuis'],
  },
  {
    code: 'NH',
    name: 'Noord-Holland',
    population: 2950,
    municipalities: [
      m('Amsterdam', 931, 1011, 1109),
      m('Haarlem', 164, 2011, 2037),
      m('Zaanstad', 160, 1500, 1509),
      m('Alkmaar', 111, 1811, 1827),
      m('Hilversum', 93, 1211, 1223),
    ],
    hospitals: ['Amsterdam UMC', 'OLVG', 'Spaarne Gasthuis', 'Noordwest Ziekenhuisgroep', 'Tergooi MC'],
  },
  {
    code: 'ZH',
    name: 'Zuid-Holland',
    population: 3800,
    municipalities: [
      m('Rotterdam', 664, 3011, 3089),
      m("'s-Gravenhage", 566, 2491, 2597),
      m('Leiden', 128, 2311, 2334),
      m('Dordrecht', 121, 3311, 3319),
      m('Zoetermeer', 127, 2711, 2729),
      m('Delft', 107, 2611, 2629),
    ],
    hospitals: [
      'Erasmus MC',
      'Maasstad Ziekenhuis',
      'Haaglanden Medisch Centrum',
      'LUMC',
      'Albert Schweitzer ziekenhuis',
      'Reinier de Graaf',
    ],
  },
  {
    code: 'ZE',
    name: 'Zeeland',
    population: 390,
    municipalities: [
      m('Middelburg', 49, 4330, 4339),
      m('Vlissingen', 45, 4380, 4389),
      m('Goes', 39, 4460, 4469),
      m('Terneuzen', 55, 4530, 4539),
    ],
    hospitals: ['Admiraal De Ruyter Ziekenhuis', 'ZorgSaam Ziekenhuis'],
  },
  {
    code: 'NB',
    name: 'Noord-Brabant',
    population: 2650,
    municipalities: [
      m('Eindhoven', 243, 5611, 5658),
      m('Tilburg', 227, 5011, 5049),
      m('Breda', 186, 4811, 4841),
      m("'s-Hertogenbosch", 160, 5211, 5249),
      m('Helmond', 94, 5700, 5709),
    ],
    hospitals: [
      'Catharina Ziekenhuis',
      'Elisabeth-TweeSteden Ziekenhuis',
      'Amphia',
      'Jeroen Bosch Ziekenhuis',
      'Elkerliek ziekenhuis',
    ],
  },
  {
    code: 'LI',
    name: 'Limburg',
    population: 1120,
    municipalities: [
      m('Maastricht', 122, 6211, 6229),
      m('Venlo', 103, 5911, 5928),
      m('Heerlen', 87, 6411, 6422),
      m('Sittard-Geleen', 91, 6130, 6136),
      m('Roermond', 59, 6040, 6045),
    ],
    hospitals: [
      'Maastricht UMC+',
      'VieCuri Medisch Centrum',
      'Zuyderland Medisch Centrum',
      'Laurentius Ziekenhuis',
    ],
  },
];

/**
 * The province named by `value`: its name (case-insensitive, e.g. `noord-holland`), its two-letter code
 * (`NH`) or its ISO 3166-2 code (`NL-NH`).
 */
export function findProvince(value: string): Province {
  const v = value.trim().toLowerCase();
  const code = v.startsWith('nl-') ? v.slice(3) : v;
  const hit = PROVINCES.find((p) => p.name.toLowerCase() === v || p.code.toLowerCase() === code);
  if (!hit) {
    throw badInput(
      `unknown region "${value}"; use a province name or code: ${PROVINCES.map((p) => `${p.code} (${p.name})`).join(', ')}`,
      '--region',
    );
  }
  return hit;
}
