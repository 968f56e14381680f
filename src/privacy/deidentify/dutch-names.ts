import { gazetteer } from './gazetteer.ts';

/** Particles between first name and surname (`van der`, `de`, `ter`, …), longest first for matching. */
export const TUSSENVOEGSELS = [
  'van der',
  'van den',
  'van de',
  "van 't",
  'van het',
  'in het',
  "in 't",
  'in den',
  'op de',
  'op den',
  'op ten',
  "op 't",
  'uit den',
  'uit de',
  'uit het',
  'onder de',
  'voor de',
  'van',
  'von',
  'de',
  'der',
  'den',
  'het',
  "'t",
  'ten',
  'ter',
  'te',
  'la',
  'le',
  'du',
  'da',
  'das',
  'dos',
  'di',
  'del',
  'el',
  'al',
  'ben',
  'bin',
  'ibn',
  'abu',
  'ait',
  'v.d.',
  'v.d',
  'v/d',
  'vd.',
  'vd',
  'v.',
] as const;

/**
 * Capitalised words that start a surname without being a particle ("Oude Egberink", "Klein Gunnewiek",
 * "Groot Wassink"): taken only before another capitalised word.
 */
export const SURNAME_PREFIXES = ['Oude', 'Klein', 'Groot', 'Lange'] as const;

/**
 * Surnames and first names that are also ordinary Dutch words (`Bos`, `Visser`, `Roos`): alone, they count
 * as names only in the middle of a sentence or next to a first name, initials, a title or a particle.
 */
const AMBIGUOUS = `
Baas Bakker Beek Berg Bijl Blok Boer Bos Bosch Boven Brink Broek Bruin Dam Doorn Graaf Groen Groot Haan
Heuvel Hoek Jong Kok Koning Koster Kroon Laan Leeuwen Linden Maas Meer Post Prins Rijn Roos Sluis
Spijker Stam Veen Vink Visser Vliet Vos Vries Wal Wit Zwart Jan Mark Floor Rosa Ben Els Bas Sem
`;

const capitalise = (w: string) => w.charAt(0).toUpperCase() + w.slice(1);

export const ambiguousNames: ReadonlySet<string> = new Set([
  ...AMBIGUOUS.split(/\s+/).filter(Boolean),
  ...[...gazetteer.commonWords].map(capitalise),
]);
export const firstNames: ReadonlySet<string> = gazetteer.firstNames;
export const surnames: ReadonlySet<string> = gazetteer.surnames;
