import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { evaluateDeidentification, type LabelledNote } from './evaluate-deidentification.ts';
import { type NamedLabelledNote, parseMarkedNotes } from './marked-notes.ts';

/**
 * The hand-written evaluation notes (`eval/`, not made by the synthetic generator): the development
 * parts the rules were tuned on, and the test part written before any rule was changed and never used
 * to change one. The targets: recall ≥ 0.98 of identifiers, precision ≥ 0.95 of the removed words.
 */
const read = (file: string) => readFileSync(new URL(`./eval/${file}`, import.meta.url), 'utf8');
const ndjson = (file: string): NamedLabelledNote[] =>
  read(file)
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as NamedLabelledNote);
const PARTS = ['dev', 'dev2', 'dev3', 'test'] as const;

describe('hand-written Dutch evaluation notes', () => {
  it('ship as deid-eval NDJSON that is exactly what their marked-up source says', () => {
    for (const part of PARTS) {
      expect(ndjson(`${part}.ndjson`), part).toEqual(
        parseMarkedNotes(read(`${part}.marked.txt`), `${part}.marked.txt`),
      );
    }
  });

  it('are at least 60 notes, 40 of them in the test part, of every kind of note', () => {
    const dev = ['dev', 'dev2', 'dev3'].flatMap((p) => ndjson(`${p}.ndjson`));
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

  it.each(['dev', 'dev2', 'dev3'])(
    '%s (tuned on): recall ≥ 0.98 of identifiers at precision ≥ 0.95',
    (part) => {
      const overall = score(part);
      expect(overall.recall).toBeGreaterThanOrEqual(0.98);
      expect(overall.precision).toBeGreaterThanOrEqual(0.95);
    },
  );

  it('test (never tuned on): precision ≥ 0.95; recall 0.963, short of the 0.98 target', () => {
    const overall = score('test');
    expect(overall.precision).toBeGreaterThanOrEqual(0.95);
    // The target is 0.98; measured once the rules were frozen: 314 of 326 (docs/decisions/pseudonymisation.md
    // lists the twelve misses). This floor guards that level; raise it when new rules, tuned on new
    // development notes, reach the target here.
    expect(overall.recall).toBeGreaterThanOrEqual(0.96);
  });
});
