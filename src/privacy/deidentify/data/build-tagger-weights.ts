/**
 * Rebuilds `tagger-weights.txt`, the weights of the de-identifier's learned tagger (`../note-tagger.ts`),
 * from the hand-written evaluation parts in `../eval/` and the rules' output on them. Deterministic: the
 * same parts, rules and lists give the same file byte for byte (a test checks the shipped file).
 *
 *   node bin/run-ts.mjs src/privacy/deidentify/data/build-tagger-weights.ts                  # write it
 *   node bin/run-ts.mjs src/privacy/deidentify/data/build-tagger-weights.ts --cross-validate # choose
 *
 * `--cross-validate` trains once per left-out part (leave one part, that is one author's batch, out)
 * and prints recall and precision of the rules alone and of each way of combining them with the
 * tagger, pooled over the left-out parts and for each part; the choice below was made from that table.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { findIdentifiersByRules } from '../deidentify-dutch-text.ts';
import { type DeidentificationScore, evaluateDeidentification } from '../evaluate-deidentification.ts';
import { combineWithTagger, serialiseModel, type TaggerModel, tagNote } from '../note-tagger.ts';
import { type TrainingNote, type TrainingOptions, trainTagger } from '../note-tagger-training.ts';
import { type PhiKind, PhiKinds } from '../phi-kind.ts';

/**
 * Every part already measured: `heldout3` and `heldout4`, spent as measurements, train too now, and since
 * the sixth round `heldout6` (measured once, blind, then development material) and `dev14`, since the
 * seventh `heldout7`, since the eighth `heldout8`, `heldout9` and `dev15`; `heldout5` is kept out to
 * measure the result.
 */
export const TRAINING_PARTS = [
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
  'dev11',
  'dev12',
  'dev13',
  'dev14',
  'test',
  'heldout',
  'heldout2',
  'heldout3',
  'heldout4',
  'heldout6',
  'heldout7',
  'heldout8',
  'heldout9',
  'dev15',
] as const;

/** Chosen by `--cross-validate` (see docs/decisions/deidentification-tagger.md). */
export const CHOSEN = {
  training: { epochs: 12, seed: 1, withoutRules: true } satisfies TrainingOptions,
  outsideBias: 20,
  adds: PhiKinds.filter((k) => k !== 'age' && k !== 'date'),
};

export function readPart(part: string): TrainingNote[] {
  const file = new URL(`../eval/${part}.ndjson`, import.meta.url);
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => {
      const note = JSON.parse(l) as TrainingNote;
      return { text: note.text, spans: note.spans, ruleSpans: findIdentifiersByRules(note.text) };
    });
}

/** The weights file as the build writes it, trained on every part of {@link TRAINING_PARTS}. */
export function buildTaggerWeights(): string {
  const notes = TRAINING_PARTS.flatMap(readPart);
  const model = trainTagger(notes, CHOSEN.training);
  model.outsideBias = CHOSEN.outsideBias;
  model.adds = new Set(CHOSEN.adds);
  const header = `# Weights of the de-identifier's tagger (note-tagger.ts): a structured averaged perceptron.
# Derived by build-tagger-weights.ts; do not edit, rebuild. Trained on ${notes.length} hand-written notes of
# the parts ${TRAINING_PARTS.join(', ')} (eval/), ${CHOSEN.training.epochs} epochs, seed ${CHOSEN.training.seed},
# each note also without the rules' tags: ${CHOSEN.training.withoutRules}. heldout5 is not trained on.
`;
  return serialiseModel(model, header);
}

const scoreWith = (notes: TrainingNote[], model: TaggerModel | null) =>
  evaluateDeidentification(notes, (text) => {
    const note = notes.find((n) => n.text === text)!;
    const spans = model
      ? combineWithTagger(text, note.ruleSpans, tagNote(model, text, note.ruleSpans), model.adds)
      : note.ruleSpans;
    return { text: '', spans };
  });

const f4 = (x: number | null) => (x === null ? '  —   ' : x.toFixed(4));

function crossValidate(): void {
  const parts = TRAINING_PARTS.map((p) => [p, readPart(p)] as const);
  // 8 and 12 epochs gave the same numbers to the third decimal; 12 is kept.
  const trainings: [string, TrainingOptions][] = [['12 epochs', { epochs: 12, seed: 1, withoutRules: true }]];
  const biases = [0, 20, 40, 60];
  const addSets: [string, PhiKind[]][] = [
    ['all', PhiKinds.filter((k) => k !== 'age')],
    ['name institution location address id', ['name', 'institution', 'location', 'address', 'id']],
    ['all but dates', PhiKinds.filter((k) => k !== 'age' && k !== 'date')],
  ];
  type Pool = Map<string, { perPart: Map<string, DeidentificationScore> }>;
  const pool: Pool = new Map();
  const record = (config: string, part: string, score: DeidentificationScore) => {
    let entry = pool.get(config);
    if (!entry) {
      entry = { perPart: new Map() };
      pool.set(config, entry);
    }
    entry.perPart.set(part, score);
  };
  for (const [part, notes] of parts) {
    const train = parts.filter(([p]) => p !== part).flatMap(([, n]) => n);
    record('rules alone', part, scoreWith(notes, null));
    for (const [name, options] of trainings) {
      const model = trainTagger(train, options);
      for (const bias of biases) {
        for (const [addName, adds] of addSets) {
          model.outsideBias = bias;
          model.adds = new Set(adds);
          record(`${name}; bias ${bias}; adds ${addName}`, part, scoreWith(notes, model));
        }
      }
    }
    console.error(`left out ${part}`);
  }
  const sum = (scores: DeidentificationScore[], kind?: PhiKind) => {
    const t = { expected: 0, found: 0, predicted: 0, correct: 0 };
    for (const s of scores) {
      const c = kind ? s.perKind[kind] : s.overall;
      t.expected += c.expected;
      t.found += c.found;
      t.predicted += c.predicted;
      t.correct += c.correct;
    }
    return t;
  };
  console.info(
    'recall / precision pooled over every left-out part; over heldout and heldout2 (the parts the rules were not tuned on)',
  );
  let best = 'rules alone';
  let bestRecall = 0;
  for (const [config, { perPart }] of pool) {
    const all = sum([...perPart.values()]);
    const fresh = sum(['heldout', 'heldout2'].map((p) => perPart.get(p)!));
    const [r, p, fr, fp] = [
      all.found / all.expected,
      all.correct / all.predicted,
      fresh.found / fresh.expected,
      fresh.correct / fresh.predicted,
    ];
    console.info(`${config.padEnd(60)} ${f4(r)} / ${f4(p)}   ${f4(fr)} / ${f4(fp)}`);
    // The choice: most identifiers found in the parts the rules were not tuned on, with precision at
    // least 0.95 there and overall.
    if (p >= 0.95 && fp >= 0.95 && fr > bestRecall) {
      best = config;
      bestRecall = fr;
    }
  }
  console.info(`\nchosen: ${best}\nper part (recall / precision) and per kind pooled (recall, precision)`);
  for (const config of ['rules alone', best]) {
    const perPart = pool.get(config)!.perPart;
    console.info(config);
    for (const [part, s] of perPart)
      console.info(`  ${part.padEnd(10)} ${f4(s.overall.recall)} / ${f4(s.overall.precision)}`);
    for (const kind of PhiKinds) {
      const k = sum([...perPart.values()], kind);
      if (k.expected > 0)
        console.info(
          `  ${kind.padEnd(12)} ${f4(k.found / k.expected)} of ${String(k.expected).padStart(4)}, precision ${f4(k.predicted ? k.correct / k.predicted : null)}`,
        );
    }
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  const { values } = parseArgs({ options: { 'cross-validate': { type: 'boolean', default: false } } });
  if (values['cross-validate']) crossValidate();
  else {
    const text = buildTaggerWeights();
    writeFileSync(new URL('./tagger-weights.txt', import.meta.url), text);
    console.info(`${text.split('\n').length} lines, ${text.length} characters`);
  }
}
