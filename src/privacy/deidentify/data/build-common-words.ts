/**
 * Rebuilds `common-words.txt`: the words of the name, place and institution lists that are also ordinary
 * Dutch words ("Bos", "Best", "Meander"), which the de-identifier only takes with context. Reads the
 * OpenTaal word list as Debian's `wdutch` package installs it (BSD / CC BY 3.0).
 *
 *   node bin/run-ts.mjs src/privacy/deidentify/data/build-common-words.ts [/usr/share/dict/dutch]
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { GAZETTEER_FILES, readGazetteerLines } from '../gazetteer-files.ts';

const wordList = process.argv[2] ?? '/usr/share/dict/dutch';
const dutch = new Set(
  readFileSync(wordList, 'utf8')
    .split('\n')
    .filter((w) => /^\p{Ll}/u.test(w)),
);
const words = new Set<string>();
for (const file of GAZETTEER_FILES) {
  for (const entry of readGazetteerLines(file)) {
    for (const token of entry.split(/[\s-]+/)) {
      const lower = token.toLowerCase();
      if (token.length > 1 && dutch.has(lower)) words.add(lower);
    }
  }
}
const header = `# Words of the name, place and institution lists that are also ordinary Dutch words (lower case).
# A gazetteer hit on one of these needs context (a title, a particle, "in"/"te", a postcode, the middle of
# a sentence) before it is removed. Derived on ${new Date().toISOString().slice(0, 10)} by build-common-words.ts
# from the OpenTaal word list (opentaal.org, BSD or CC BY 3.0, as Debian's wdutch package ships it).
`;
writeFileSync(new URL('./common-words.txt', import.meta.url), `${header}${[...words].sort().join('\n')}\n`);
console.info(`${words.size} words`);
