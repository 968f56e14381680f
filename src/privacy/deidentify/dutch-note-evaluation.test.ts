import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { evaluateDeidentification, type LabelledNote } from './evaluate-deidentification.ts';
import { type NamedLabelledNote, parseMarkedNotes } from './marked-notes.ts';

/**
 * The hand-written evaluation notes (`eval/`, not made by the synthetic generator): the development
 * parts the rules were tuned on, and the first test part, measured once with the rules frozen (0.963 /
 * 0.970) and since then used for development like the others. The targets: recall ≥ 0.98 of
 * identifiers, precision ≥ 0.95 of the removed words.
 */
const read = (file: string) => readFileSync(new URL(`./eval/${file}`, import.meta.url), 'utf8');
const ndjson = (file: string): NamedLabelledNote[] =>
  read(file)
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as NamedLabelledNote);
const PARTS = [
  'dev',
  'dev2',
  'dev3',
  'dev4',
  'dev5',
  'dev6',
  'dev7',
  'dev8',
  'dev9',
  'dev10',
  'dev13',
  'dev14',
  'dev15',
  'test',
] as const;

describe('hand-written Dutch evaluation notes', () => {
  it('ship as deid-eval NDJSON that is exactly what their marked-up source says', () => {
    for (const part of PARTS) {
      expect(ndjson(`${part}.ndjson`), part).toEqual(
        parseMarkedNotes(read(`${part}.marked.txt`), `${part}.marked.txt`),
      );
    }
  });

  it('are at least 60 notes, 40 of them in the test part, of every kind of note', () => {
    const dev = ['dev', 'dev2', 'dev3', 'dev4'].flatMap((p) => ndjson(`${p}.ndjson`));
    const test = ndjson('test.ndjson');
    expect(dev.length + test.length).toBeGreaterThanOrEqual(60);
    expect(test.length).toBeGreaterThanOrEqual(40);
    const types = test.map((n) => n.type.toLowerCase()).join(' | ');
    for (const kind of [
      'seh',
      'huisarts',
      'ontslagbrief',
      'overdracht',
      'ggz',
      'verwijs',
      'lab',
      'fysio',
      'wijkverpleging',
    ]) {
      expect(types, kind).toContain(kind);
    }
  });

  const score = (part: string) => {
    const result = evaluateDeidentification(ndjson(`${part}.ndjson`) as LabelledNote[]);
    // Scores only, never note content.
    console.info(
      `${part}: ${result.notes} notes, ${result.overall.expected} identifiers, recall ` +
        `${result.overall.recall?.toFixed(4)}, precision ${result.overall.precision?.toFixed(4)}`,
    );
    expect(result.overall.expected).toBeGreaterThan(50);
    return result.overall;
  };

  // `test` was measured once with the rules frozen (314 of 326, docs/decisions/pseudonymisation.md);
  // after that the rules were tuned on it too, so it now holds them to the target like the others.
  it.each(['dev', 'dev2', 'dev3', 'dev4', 'dev5', 'dev6', 'dev7', 'dev8', 'test'])(
    '%s (tuned on): recall ≥ 0.98 of identifiers at precision ≥ 0.95',
    (part) => {
      const overall = score(part);
      expect(overall.recall).toBeGreaterThanOrEqual(0.98);
      expect(overall.precision).toBeGreaterThanOrEqual(0.95);
    },
  );

  // dev9 and dev10 (60 notes, written before the fourth round and measured once before any rule changed
  // for them: 0.909 / 0.980 and 0.879 / 0.989) and dev11 (25 notes, written after the rules for dev9 and
  // dev10 and measured once with them: 0.876 / 0.960) and dev12 (20 notes, written after the rules for
  // dev11, measured once with them: 0.965 / 0.972) hold the fourth round's rules at the level reached.
  it.each([
    ['dev9', 0.99, 0.98],
    ['dev10', 0.99, 0.99],
    ['dev11', 0.975, 0.965],
    ['dev12', 0.98, 0.97],
    // dev13 (60 notes, 616 identifiers, written for the fifth round and measured once before any rule
    // changed for it: rules + tagger 0.898 / 0.989, rules alone 0.882 / 0.990) trains the tagger now.
    ['dev13', 0.975, 0.985],
    // dev14 (33 notes, 113 identifiers, written for the sixth round from the classes of heldout6's
    // misses in fresh contexts, measured once before any rule changed for it: rules + tagger 0.708 /
    // 0.981, rules alone 0.673 / 0.980) trains the tagger now: 0.991 / 0.984 after the round.
    ['dev14', 0.99, 0.98],
    // dev15 (62 notes, 590 identifiers, written for the eighth round in settings the other parts hold
    // thinly: midwifery, youth care and Veilig Thuis, dentistry, pharmacy, ambulance and dispatch,
    // rehabilitation, district nursing, forensic care, occupational health and the UWV, Frisian and
    // Limburg places, the Caribbean Netherlands; IBANs, number plates, BIG and AGB numbers), measured once
    // before any rule changed for it: rules + tagger 0.973 / 0.987, rules alone 0.956 / 0.986. It trains
    // the tagger now: 0.995 / 0.988 after the round, an in-sample guard.
    ['dev15', 0.99, 0.98],
  ] as const)('%s (tuned on): recall ≥ %s and precision ≥ %s', (part, recall, precision) => {
    const overall = score(part);
    expect(overall.recall).toBeGreaterThanOrEqual(recall);
    expect(overall.precision).toBeGreaterThanOrEqual(precision);
  });

  // Held-out parts, never read or tuned on. `heldout` (another author, 82 notes) was measured once after
  // the second round: recall 0.896, precision 0.974. `heldout2` (a third author, 101 notes) was measured
  // once before the third round: 0.889 / 0.962. Both were measured once more after the third round was
  // final (rules tuned on dev5 … dev8 only): heldout recall 0.931 (866 of 930), precision 0.965 (1,896 of
  // 1,964 removed words); heldout2 recall 0.927 (1,337 of 1,443), precision 0.953 (2,775 of 2,912). The
  // target of 0.98 is not reached; these floors hold the measured level, rounded down to 0.005, so a
  // regression fails. No rule was changed after the measurement. `heldout3` (a fourth author, 106 notes,
  // 1,704 identifiers) was written for the fourth round and measured twice: with the third round's rules
  // 0.931 / 0.971 and once with the fourth round final (tuned on dev9 … dev12 only): recall 0.936 (1,595
  // of 1,704), precision 0.971 (3,417 of 3,520 removed words). Not reached either.
  // The learned tagger beside the rules (note-tagger.ts) was trained on every part but heldout3, its
  // combination chosen by leave-one-part-out cross-validation, and heldout3 measured once with it final:
  // recall 0.954 (1,625 of 1,704), precision 0.970 (3,475 of 3,584). heldout and heldout2 are training
  // parts of the tagger now, so their floors only guard against regressions. `heldout4` (a fifth author,
  // 111 notes, 2,003 identifiers, written without reading the rules, lists or other parts) was measured
  // twice, blind: with the rules alone 0.939 / 0.969 (institution 0.845, address 0.92, id 0.905, name
  // 0.961) and with rules + tagger 0.956 (1,915 of 2,003) / 0.964 (institution 0.897, address 0.93, id
  // 0.924, name 0.973). Neither the rules nor the tagger were changed for it.
  // The fifth round then used heldout3 and heldout4 as development material (their misses led rules, and
  // the tagger trains on them now), so their floors below only guard against regressions. `heldout5` (118
  // notes, 1,511 identifiers, another style, written after the fifth round was final) was measured once,
  // blind: rules + tagger recall 0.981 (1,482 of 1,511), precision 0.983 (3,121 of 3,174 removed words);
  // the fourth round's system on the same notes 0.966 / 0.983. It trains nothing. heldout5's author also
  // wrote the fifth round's rules, so it is not an independent test: `heldout6` (127 notes, 1,526
  // identifiers) is, by an author who read none of the rules, lists or parts, measured once, blind, with
  // the fifth round final: recall 0.973 (1,485 of 1,526), precision 0.981 (3,067 of 3,127 removed words);
  // the fourth round's system 0.954 / 0.981. Recall ≥ 0.98 on notes written elsewhere is not reached:
  // names 0.970, institutions 0.954, ids 0.968, locations 0.973. The sixth round then used heldout6 as
  // development material (its misses led the rules, the tagger trains on it), so it is no longer held
  // out: after the round 0.996 (1,520 of 1,526) / 0.984, an in-sample number; its floor only guards
  // against regressions. heldout5 still trains nothing. `heldout7` (111 notes, 1,629 identifiers) is a
  // second independent author's, deliberately outside hospital and GP letters (ambulance, prison,
  // asylum-seeker care, forensic, public health, Caribbean Netherlands), measured once, blind: the fifth
  // round 0.928 / 0.975, the sixth 0.936 (1,525 of 1,629) / 0.974 — institutions 0.881, ids 0.843,
  // addresses 0.898, locations 0.927, dates 0.949, names 0.977. Far from 0.98 where the development
  // notes do not reach. The seventh round then used heldout7 as development material (its misses led
  // lists and rules by class, the tagger trains on it), so it is no longer held out: after the round
  // 0.988 (1,609 of 1,629) / 0.978 in-sample (rules alone 0.898 → 0.952); its floor only guards against
  // regressions. heldout5 still trains nothing; the next independent part is the estimate. `heldout8`
  // (134 notes, 1,546 identifiers) is a third independent author's, the ordinary work of Dutch care over
  // all 12 provinces, measured once, blind: the sixth round 0.978 / 0.975, the seventh 0.981 (1,517 of
  // 1,546) / 0.975 — names 0.979, institutions 0.973, ids 0.964, dates 0.984, locations 0.991. It trains
  // nothing. `heldout9` (124 notes, 1,568 identifiers) is a fourth independent author's, ordinary care
  // with the weight on general practice, mental health and elderly care, written after the seventh round
  // was final and measured once, blind: 0.981 (1,538 of 1,568) / 0.978 — names 0.966, institutions 0.970,
  // addresses 0.951. It trains nothing.
  // The eighth round then used heldout8 and heldout9 as development material: their misses and false
  // positives were read by class and led rules and lists, and the tagger trains on both now. Their floors
  // below therefore only guard against regressions (in-sample after the round: heldout8 0.997 / 0.988,
  // heldout9 0.996 / 0.983); they are no estimate. heldout5 still trains nothing and is not read; the
  // next independent part, measured once after the round, is the estimate. `heldout10` (134 notes) is a
  // fifth independent author's, across the breadth of care (also midwifery, youth health, dentistry,
  // occupational health, pharmacy, ambulance, the Caribbean Netherlands, names of many origins), written
  // while the eighth round was being made and measured once, blind, after it was final. Its author marked
  // every age and every year standing alone; the project's conventions (ages of 90 and over, never a
  // year alone) were applied to the marks mechanically before the measurement: 1,752 identifiers. The
  // eighth round 0.980 (1,717 of 1,752) / 0.972 (3,552 of 3,654 removed words) — names 0.986, dates
  // 0.981, institutions 0.959, ids 0.944, addresses 0.987, locations 0.989; the seventh round on the same
  // notes 0.977 / 0.970. With the author's own year marks (1,766 identifiers) 0.973 / 0.972. It trains
  // nothing; what it misses (initials signing a note, UZOVI codes, the second date of a range, dates
  // such as `22-7` after a ward, national and regional organisations, a lower-case e-mail) is written
  // down in the README, not turned into rules.
  it.each([
    // heldout's author did not mark national agencies (UWV, CIZ), which the fifth round's list removes
    // as the later authors mark them: 3 words, precision 0.966 → 0.965.
    ['heldout', 0.93, 0.96],
    ['heldout2', 0.925, 0.95],
    ['heldout3', 0.95, 0.965],
    ['heldout4', 0.955, 0.96],
    ['heldout5', 0.975, 0.98],
    ['heldout6', 0.995, 0.98],
    ['heldout7', 0.985, 0.975],
    ['heldout8', 0.995, 0.985],
    ['heldout9', 0.99, 0.98],
    ['heldout10', 0.975, 0.97],
  ] as const)(
    '%s (held out when measured; heldout5 and heldout10 unseen by rules and tagger): recall ≥ %s and precision ≥ %s, as measured',
    (part, recall, precision) => {
      expect(ndjson(`${part}.ndjson`)).toEqual(
        parseMarkedNotes(read(`${part}.marked.txt`), `${part}.marked.txt`),
      );
      const overall = score(part);
      expect(overall.recall).toBeGreaterThanOrEqual(recall);
      expect(overall.precision).toBeGreaterThanOrEqual(precision);
    },
  );

  it('dev5 … dev8 hold the kinds of note and cases they were written for', () => {
    const types = ['dev5', 'dev6', 'dev7', 'dev8']
      .flatMap((p) => ndjson(`${p}.ndjson`))
      .map((n) => n.type.toLowerCase())
      .join(' | ');
    for (const kind of ['seh', 'huisarts', 'ontslagbrief', 'overdracht', 'ggz', 'verwijs', 'lab', 'brief']) {
      expect(types, kind).toContain(kind);
    }
    expect(ndjson('dev5.ndjson').length).toBeGreaterThanOrEqual(40);
  });

  it('heldout5 holds at least 100 notes and 1,500 identifiers of many kinds of note', () => {
    const notes = ndjson('heldout5.ndjson');
    expect(notes.length).toBeGreaterThanOrEqual(100);
    expect(notes.reduce((n, note) => n + note.spans.length, 0)).toBeGreaterThanOrEqual(1500);
    const types = notes.map((n) => n.type.toLowerCase()).join(' | ');
    for (const kind of [
      'seh',
      'huisarts',
      'ontslag',
      'overdracht',
      'ggz',
      'verwijs',
      'lab',
      'radiologie',
      'fysio',
      'thuiszorg',
      'e-mail',
    ]) {
      expect(types, kind).toContain(kind);
    }
  });

  it('dev9 … dev12 hold the kinds of note they were written for', () => {
    const parts = ['dev9', 'dev10', 'dev11', 'dev12'].map((p) => ndjson(`${p}.ndjson`));
    const types = parts
      .flat()
      .map((n) => n.type.toLowerCase())
      .join(' | ');
    for (const kind of [
      'seh',
      'huisarts',
      'hap',
      'ontslag',
      'verwijs',
      'sbar',
      'ggz',
      'wijk',
      'lab',
      'radiologie',
      'ambulance',
      'brief',
      'pathologie',
    ]) {
      expect(types, kind).toContain(kind);
    }
    expect(parts.reduce((n, p) => n + p.length, 0)).toBeGreaterThanOrEqual(100);
  });

  it('dev4 holds every kind of note it was written for', () => {
    const types = ndjson('dev4.ndjson')
      .map((n) => n.type.toLowerCase())
      .join(' | ');
    for (const kind of [
      'ambulance',
      'apotheek',
      'jeugdarts',
      'verpleeghuis',
      'verloskunde',
      'maatschappelijk werk',
      'radiologie',
      'forensisch',
    ]) {
      expect(types, kind).toContain(kind);
    }
    expect(ndjson('dev4.ndjson').length).toBeGreaterThanOrEqual(30);
  });
});
