import { badInput } from '../../common/app-error.ts';
import { type DeidentifiedText, deidentifyDutchText } from './deidentify-dutch-text.ts';
import { isPhiKind, type PhiKind, PhiKinds } from './phi-kind.ts';

/** One labelled note: the text and the identifying spans planted in it. */
export interface LabelledNote {
  text: string;
  spans: { start: number; end: number; kind: string; value?: string }[];
}

export interface KindScore {
  /** Labelled spans of this kind that are identifying (ages ≤ 89 are not). */
  expected: number;
  /** Of those, how many the de-identifier removed completely. */
  found: number;
  /** Words (runs of letters and digits) the de-identifier removed under this kind. */
  predicted: number;
  /** Of those, how many lie in a labelled identifying span (of any kind). */
  correct: number;
  /** found / expected; null when nothing of this kind was expected. */
  recall: number | null;
  /** correct / predicted; null when nothing was removed under this kind. */
  precision: number | null;
}

export interface DeidentificationScore {
  notes: number;
  overall: KindScore;
  perKind: Record<PhiKind, KindScore>;
}

/**
 * Recall and precision of a de-identifier on labelled notes.
 *
 * Recall counts identifiers: a labelled span counts as found when the de-identifier's spans (of any
 * kind — the information is gone either way) together cover every letter and digit of it; a partly
 * removed name still leaks, so it is missed. Precision counts words, as the published Dutch evaluations
 * do (token level): every run of letters and digits inside a predicted span is one removed word, correct
 * when it lies in a labelled identifying span. Counting predicted spans instead would let a name cut into
 * three pieces score three hits, and a span that swallows half a sentence around a name score one.
 * Labelled ages of 89 and below are not identifying: they are not expected, and removing them counts
 * against precision.
 */
export function evaluateDeidentification(
  labels: Iterable<LabelledNote>,
  deidentify: (text: string) => DeidentifiedText = deidentifyDutchText,
): DeidentificationScore {
  const counts = Object.fromEntries(
    PhiKinds.map((k) => [k, { expected: 0, found: 0, predicted: 0, correct: 0 }]),
  ) as Record<PhiKind, Omit<KindScore, 'recall' | 'precision'>>;
  let notes = 0;
  for (const note of labels) {
    const where = `labels[${notes}]`;
    if (typeof note?.text !== 'string' || !Array.isArray(note.spans)) {
      throw badInput('a labelled note needs "text" and "spans"', where);
    }
    notes++;
    const identifying = note.spans.filter((s, j) => {
      if (!isPhiKind(s.kind))
        throw badInput(`unknown kind, expected one of ${PhiKinds.join(', ')}`, `${where}.spans[${j}].kind`);
      if (
        !(
          Number.isInteger(s.start) &&
          Number.isInteger(s.end) &&
          s.start < s.end &&
          s.end <= note.text.length
        )
      ) {
        throw badInput('span is outside the text', `${where}.spans[${j}]`);
      }
      return !(s.kind === 'age' && ageOf(s.value ?? note.text.slice(s.start, s.end)) <= 89);
    });
    const predicted = deidentify(note.text).spans;
    const covered = new Uint8Array(note.text.length);
    for (const p of predicted) covered.fill(1, p.start, p.end);
    const labelled = new Uint8Array(note.text.length);
    for (const s of identifying) labelled.fill(1, s.start, s.end);
    for (const s of identifying) {
      const c = counts[s.kind as PhiKind];
      c.expected++;
      let all = true;
      for (let i = s.start; i < s.end && all; i++) {
        if (!covered[i] && WORD_CHAR.test(note.text[i]!)) all = false;
      }
      if (all) c.found++;
    }
    for (const p of predicted) {
      const c = counts[p.kind];
      WORD.lastIndex = 0;
      const piece = note.text.slice(p.start, p.end);
      for (let w = WORD.exec(piece); w !== null; w = WORD.exec(piece)) {
        c.predicted++;
        const from = p.start + w.index;
        if (labelled.subarray(from, from + w[0].length).includes(1)) c.correct++;
      }
    }
  }
  const score = (c: Omit<KindScore, 'recall' | 'precision'>): KindScore => ({
    ...c,
    recall: c.expected === 0 ? null : c.found / c.expected,
    precision: c.predicted === 0 ? null : c.correct / c.predicted,
  });
  const total = { expected: 0, found: 0, predicted: 0, correct: 0 };
  for (const k of PhiKinds) {
    total.expected += counts[k].expected;
    total.found += counts[k].found;
    total.predicted += counts[k].predicted;
    total.correct += counts[k].correct;
  }
  return {
    notes,
    overall: score(total),
    perKind: Object.fromEntries(PhiKinds.map((k) => [k, score(counts[k])])) as Record<PhiKind, KindScore>,
  };
}

const WORD_CHAR = /[\p{L}\p{N}]/u;
const WORD = /[\p{L}\p{N}]+/gu;

function ageOf(text: string): number {
  const m = /\d+/.exec(text);
  return m ? Number(m[0]) : Number.POSITIVE_INFINITY;
}
