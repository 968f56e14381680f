import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildTaggerWeights } from './data/build-tagger-weights.ts';
import { deidentifyDutchText, findIdentifiersByRules } from './deidentify-dutch-text.ts';
import {
  combineWithTagger,
  parseModel,
  readShippedTagger,
  serialiseModel,
  shapeOf,
  TAGS,
  type TaggerModel,
  tagsToSpans,
  tokenize,
  viterbi,
} from './note-tagger.ts';
import { goldTags } from './note-tagger-training.ts';

describe('note tagger', () => {
  it('splits a note into words and single marks, with their places', () => {
    expect(tokenize('Dhr. Jansen, 06-1234').map((t) => [t.text, t.start])).toEqual([
      ['Dhr', 0],
      ['.', 3],
      ['Jansen', 5],
      [',', 11],
      ['06', 13],
      ['-', 15],
      ['1234', 16],
    ]);
  });

  it('describes a word by its shape', () => {
    expect(shapeOf('Jansen')).toBe('Xx');
    expect(shapeOf('UMCG')).toBe('XX');
    expect(shapeOf('2024')).toBe('d4');
    expect(shapeOf('AB12')).toBe('XXdd');
    expect(shapeOf('McDonald')).toBe('XxXx');
  });

  it('tags tokens with the kind of the labelled span they overlap, and young ages not at all', () => {
    const text = 'Jan (45) en Piet (93)';
    const note = {
      text,
      spans: [
        { start: 0, end: 3, kind: 'name' },
        { start: 5, end: 7, kind: 'age', value: '45' },
        { start: 12, end: 16, kind: 'name' },
        { start: 18, end: 20, kind: 'age', value: '93' },
      ],
    };
    const tags = goldTags(note, tokenize(text)).map((t) => TAGS[t]);
    expect(tags).toEqual(['name', 'O', 'O', 'O', 'O', 'name', 'O', 'age', 'O']);
  });

  it('decodes with its weights and transitions, and joins tokens of one kind into a span', () => {
    const model: TaggerModel = {
      weights: new Map([['w=Jansen', Float64Array.from(TAGS, (t) => (t === 'name' ? 2 : 0))]]),
      transitions: new Float64Array(TAGS.length ** 2),
      start: new Float64Array(TAGS.length),
      outsideBias: 1,
      adds: new Set(['name']),
    };
    const text = 'Jansen Jansen belt';
    const tokens = tokenize(text);
    const tags = viterbi(
      model,
      tokens.map((t) => [`w=${t.text}`]),
    );
    expect(tags.map((t) => TAGS[t])).toEqual(['name', 'name', 'O']);
    expect(tagsToSpans(tokens, tags)).toEqual([{ start: 0, end: 13, kind: 'name' }]);
    // A bias towards O above the weight leaves the name to the rules.
    expect(viterbi({ ...model, outsideBias: 3 }, [['w=Jansen']])).toEqual([0]);
  });

  it('adds only the letters and digits the rules left, and only of the kinds it may add', () => {
    const text = 'Dhr. Piet Jansen, 12-03';
    const rules = [{ start: 10, end: 16, kind: 'name' as const }];
    const tagged = [
      { start: 5, end: 16, kind: 'name' as const },
      { start: 18, end: 23, kind: 'id' as const },
    ];
    expect(combineWithTagger(text, rules, tagged, new Set(['name']))).toEqual([
      { start: 5, end: 9, kind: 'name' },
      { start: 10, end: 16, kind: 'name' },
    ]);
    expect(combineWithTagger(text, rules, tagged, new Set(['name', 'id']))).toHaveLength(3);
  });

  it('leaves years, bare day-months, parts of compounds and wards to the rules', () => {
    const all = new Set(['date', 'institution', 'name'] as const);
    const add = (text: string, start: number, end: number, kind: 'date' | 'institution' | 'name') =>
      combineWithTagger(text, [], [{ start, end, kind }], all);
    expect(add('geb. 1936.', 5, 9, 'date')).toEqual([]);
    expect(add('Medicatie: 2/3 dd.', 11, 14, 'date')).toEqual([]);
    expect(add('een MCL-letsel.', 4, 7, 'institution')).toEqual([]);
    expect(add('naar afd. Oosterpark, kamer 12', 10, 20, 'name')).toEqual([]);
    expect(add('geb. 12 maart 1936.', 5, 18, 'date')).toEqual([{ start: 5, end: 18, kind: 'date' }]);
    expect(add('naar Oosterpark, kamer 12', 5, 15, 'name')).toEqual([{ start: 5, end: 15, kind: 'name' }]);
  });

  it('writes and reads its weights without loss beyond the stored precision', () => {
    const shipped = readShippedTagger();
    const again = parseModel(serialiseModel(shipped, '# copy'), 'copy');
    expect(again.weights).toEqual(shipped.weights);
    expect(again.transitions).toEqual(shipped.transitions);
    expect(again.outsideBias).toBe(shipped.outsideBias);
    expect(again.adds).toEqual(shipped.adds);
    expect(() => parseModel('tags O name\n', 'bad.txt')).toThrow(/bad.txt:1: tags differ/);
  });

  it('never takes away what the rules remove, and its spans never overlap', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.constantFrom(
            'Dhr.',
            'Jansen',
            'belt',
            'op',
            '12-03-2024',
            'naar',
            'Isala',
            'in',
            'Zwolle',
            ',',
            '(',
            '93',
            ')',
            'tel.',
            '06-12345678',
            'Kerkstraat',
            '5',
            '\n',
            'Piet',
            'van der Berg',
          ),
          { maxLength: 30 },
        ),
        (words) => {
          const text = words.join(' ');
          const { spans } = deidentifyDutchText(text);
          for (let i = 1; i < spans.length; i++)
            expect(spans[i]!.start).toBeGreaterThanOrEqual(spans[i - 1]!.end);
          for (const r of findIdentifiersByRules(text)) expect(spans).toContainEqual(r);
        },
      ),
      { numRuns: 200 },
    );
  });

  // Training on the 535 notes takes some seconds; the file must be what the build script makes of the
  // parts, so that nobody ships weights that cannot be rebuilt.
  it('adds nothing right after an eponym, where a scale and its score look like a street and number', () => {
    const scale = 'Glasgow Coma Scale 14, pijnscore 7/10.';
    const tagged = [{ start: 13, end: 21, kind: 'address' as const }];
    expect(combineWithTagger(scale, [], tagged, new Set(['address']))).toEqual([]);
    // The same span after an ordinary word is still added.
    const street = 'Woont aan Kerkstraat 14, Zwolle.';
    const taggedStreet = [{ start: 10, end: 23, kind: 'address' as const }];
    expect(combineWithTagger(street, [], taggedStreet, new Set(['address']))).toEqual(taggedStreet);
  });

  it('ships exactly the weights its build script trains from the evaluation parts', () => {
    const shipped = readFileSync(new URL('./data/tagger-weights.txt', import.meta.url), 'utf8');
    expect(buildTaggerWeights() === shipped).toBe(true);
  }, 600_000);
});
