/**
 * Rebuilds `first-names-wide.txt` and `surnames-wide.txt`: given names and surnames of the origins of
 * people living in the Netherlands, beyond the hand-written lists (`first-names.txt`, `surnames.txt`).
 * Reads the name lists of the locales below as the npm package `@faker-js/faker` ships them (MIT; lists
 * of common names per country, compiled by its contributors), keeps names in the Latin alphabet of three
 * letters or more that are not already in the hand-written lists and that a note does not use for
 * something else (eponyms, particles such as "Van", roles such as "Baby", departments, languages).
 *
 *   npm install --no-save @faker-js/faker@10.6.0
 *   node bin/run-ts.mjs src/privacy/deidentify/data/build-wide-names.ts
 *
 * A name that is also an ordinary Dutch word lands in `common-words.txt` when that is rebuilt
 * (`build-common-words.ts`), and is then only taken inside a sentence.
 */
import { writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { TUSSENVOEGSELS } from '../dutch-names.ts';
import { isContextWord, LANGUAGES, SECTION_WORDS } from '../dutch-text-patterns.ts';
import { readGazetteerLines } from '../gazetteer-files.ts';

/** Where people in the Netherlands and the notes' patients come from, in the locales the package has. */
const LOCALES = [
  'nl',
  'nl_BE',
  'de',
  'fr',
  'en',
  'en_GB',
  'en_IE',
  'tr',
  'pl',
  'ro',
  'cs_CZ',
  'hu',
  'hr',
  'sr_RS_latin',
  'es',
  'pt_BR',
  'pt_PT',
  'it',
  'id_ID',
  'vi',
  'en_IN',
  'en_GH',
  'en_NG',
  'af_ZA',
];

type NameList = string[] | Record<string, unknown>;
interface LocaleDefinition {
  person?: { first_name?: NameList; last_name?: NameList };
}

const require = createRequire(import.meta.url);
const faker = (await import(
  pathToFileURL(require.resolve('@faker-js/faker', { paths: [process.cwd()] })).href
)) as Record<string, LocaleDefinition | undefined>;

const names = (list: NameList | undefined): string[] => {
  if (!list) return [];
  if (Array.isArray(list)) return list;
  return Object.values(list).flatMap((v) => (Array.isArray(v) ? (v as string[]) : []));
};

const LATIN_NAME = /^[A-ZÀ-ÖØ-ÞĀ-ž][a-zß-öø-ÿĀ-ž'’-]{2,}$/u;
const eponyms = new Set(readGazetteerLines('eponyms'));
const particles = new Set(TUSSENVOEGSELS.flatMap((t) => t.split(' ')));
/** Words a note uses for something else: eponyms, particles ("Van"), roles ("Baby"), departments, languages. */
const notAName = (name: string) => {
  const lower = name.toLowerCase();
  return (
    eponyms.has(name) ||
    particles.has(lower) ||
    isContextWord(name) ||
    SECTION_WORDS.has(lower) ||
    LANGUAGES.has(lower)
  );
};
const known = {
  first: new Set(readGazetteerLines('first-names')),
  last: new Set(readGazetteerLines('surnames')),
};
const wide = { first: new Set<string>(), last: new Set<string>() };
const used: string[] = [];
for (const locale of LOCALES) {
  const person = faker[locale]?.person;
  if (!person) continue;
  used.push(locale);
  for (const [kind, list] of [
    ['first', person.first_name],
    ['last', person.last_name],
  ] as const) {
    for (const name of names(list)) {
      if (LATIN_NAME.test(name) && !notAName(name) && !known[kind].has(name)) wide[kind].add(name);
    }
  }
}

const write = (file: string, what: string, set: Set<string>) => {
  const sorted = [...set].sort((a, b) => a.localeCompare(b, 'nl'));
  const lines: string[] = [];
  for (let i = 0; i < sorted.length; i += 12) lines.push(sorted.slice(i, i + 12).join(' '));
  const header = `# ${what} beyond the hand-written list: the name lists of the locales ${used.join(', ')}
# of the npm package @faker-js/faker 10.6.0 (MIT), Latin alphabet, three letters or more; eponyms, particles,
# roles, departments and languages left out.
# Derived on ${new Date().toISOString().slice(0, 10)} by build-wide-names.ts. Do not edit: rebuild. ${sorted.length} names.
`;
  writeFileSync(new URL(`./${file}`, import.meta.url), `${header}${lines.join('\n')}\n`);
  console.info(`${file}: ${sorted.length}`);
};
write('first-names-wide.txt', 'Given names', wide.first);
write('surnames-wide.txt', 'Surnames', wide.last);
