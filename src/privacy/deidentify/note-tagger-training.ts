import type { LabelledNote } from './evaluate-deidentification.ts';
import { bestPath, noteFeatures, TAGS, type TaggerModel, tokenize } from './note-tagger.ts';
import { type PhiKind, PhiKinds, type PhiSpan } from './phi-kind.ts';

/** A labelled note with what the rules removed from it (the tagger's rule features). */
export interface TrainingNote extends LabelledNote {
  ruleSpans: PhiSpan[];
}

export interface TrainingOptions {
  epochs: number;
  /** Seeds the order of the notes in each epoch; the same seed and notes give the same weights. */
  seed: number;
  /**
   * Each note is also shown without the rules' tags, so the tagger learns the words and their context
   * too rather than only to repeat the rules (which were tuned on most of the training notes).
   */
  withoutRules: boolean;
}

const TAG_COUNT = TAGS.length;

/**
 * The gold tag of every token: the kind of the identifying span it overlaps, `O` elsewhere. Ages of 89
 * and below are not identifying (removing them counts against precision), so they are `O`; so is a year
 * standing alone, which the labelling rules say is no identifier (one author marked years as dates, and
 * a tagger learning that from them would remove years from every other author's notes).
 */
export function goldTags(note: LabelledNote, tokens: { start: number; end: number }[]): number[] {
  const tags = tokens.map(() => 0);
  for (const s of note.spans) {
    if (s.kind === 'age') {
      const m = /\d+/.exec(s.value ?? note.text.slice(s.start, s.end));
      if (m && Number(m[0]) <= 89) continue;
    }
    if (s.kind === 'date' && /^\d{4}$/.test(s.value ?? note.text.slice(s.start, s.end))) continue;
    const tag = PhiKinds.indexOf(s.kind as PhiKind) + 1;
    tokens.forEach((t, i) => {
      if (t.start < s.end && s.start < t.end) tags[i] = tag;
    });
  }
  return tags;
}

/** A small deterministic generator (mulberry32): the same seed gives the same order everywhere. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Example {
  features: Int32Array[];
  gold: number[];
}

/**
 * Trains the tagger as a structured averaged perceptron (Collins 2002): decode each note with the
 * current weights, and where the best sequence differs from the gold one, add the gold sequence's
 * features and transitions and subtract the decoded one's. The weights returned are the average over
 * every step, which generalises far better than the last ones.
 */
export function trainTagger(notes: readonly TrainingNote[], options: TrainingOptions): TaggerModel {
  const index = new Map<string, number>();
  const names: string[] = [];
  const idOf = (f: string) => {
    let id = index.get(f);
    if (id === undefined) {
      id = names.length;
      index.set(f, id);
      names.push(f);
    }
    return id;
  };
  const examples: Example[] = [];
  for (const note of notes) {
    const tokens = tokenize(note.text);
    const gold = goldTags(note, tokens);
    const variants = options.withoutRules ? [note.ruleSpans, []] : [note.ruleSpans];
    for (const rules of variants) {
      const features = noteFeatures(note.text, tokens, rules).map((fs) => Int32Array.from(fs, idOf));
      examples.push({ features, gold });
    }
  }
  const F = names.length;
  // w: current weights; u: the sum of step × change, so that the average is w − u / steps.
  const w = new Float64Array(F * TAG_COUNT);
  const u = new Float64Array(F * TAG_COUNT);
  const tw = new Float64Array(TAG_COUNT * TAG_COUNT);
  const tu = new Float64Array(TAG_COUNT * TAG_COUNT);
  const sw = new Float64Array(TAG_COUNT);
  const su = new Float64Array(TAG_COUNT);
  const next = random(options.seed);
  let step = 1;
  const order = examples.map((_, i) => i);
  for (let epoch = 0; epoch < options.epochs; epoch++) {
    for (let i = order.length - 1; i > 0; i--) {
      const j = Math.floor(next() * (i + 1));
      [order[i], order[j]] = [order[j]!, order[i]!];
    }
    for (const e of order) {
      const { features, gold } = examples[e]!;
      const n = features.length;
      const emit = new Float64Array(n * TAG_COUNT);
      for (let i = 0; i < n; i++) {
        for (const f of features[i]!) {
          const base = f * TAG_COUNT;
          for (let k = 0; k < TAG_COUNT; k++) emit[i * TAG_COUNT + k]! += w[base + k]!;
        }
      }
      const predicted = bestPath(emit, n, tw, sw);
      const update = (a: Float64Array, b: Float64Array, at: number, by: number) => {
        a[at]! += by;
        b[at]! += step * by;
      };
      for (let i = 0; i < n; i++) {
        const g = gold[i]!;
        const p = predicted[i]!;
        if (g !== p) {
          for (const f of features[i]!) {
            update(w, u, f * TAG_COUNT + g, 1);
            update(w, u, f * TAG_COUNT + p, -1);
          }
        }
        const gPrev = i === 0 ? -1 : gold[i - 1]!;
        const pPrev = i === 0 ? -1 : predicted[i - 1]!;
        if (g === p && gPrev === pPrev) continue;
        if (i === 0) {
          update(sw, su, g, 1);
          update(sw, su, p, -1);
        } else {
          update(tw, tu, gPrev * TAG_COUNT + g, 1);
          update(tw, tu, pPrev * TAG_COUNT + p, -1);
        }
      }
      step++;
    }
  }
  const average = (a: Float64Array, b: Float64Array) => a.map((x, i) => x - b[i]! / step);
  const avg = average(w, u);
  const weights = new Map<string, Float64Array>();
  for (let f = 0; f < F; f++) {
    const v = avg.slice(f * TAG_COUNT, (f + 1) * TAG_COUNT);
    if (v.some((x) => Math.abs(x) >= 0.0005)) weights.set(names[f]!, v);
  }
  return {
    weights,
    transitions: average(tw, tu),
    start: average(sw, su),
    outsideBias: 0,
    adds: new Set(PhiKinds),
  };
}
