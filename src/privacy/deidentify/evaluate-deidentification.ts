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
  /** Spans the de-identifier tagged with this kind. */
  predicted: number;
  /** Of those, how many overlap a labelled identifying span. */
  correct: number;
  recall: number;
  precision: number;
}

export interface DeidentificationScore {
  notes: number;
  overall: KindScore;
  perKind: Record<PhiKind, KindScore>;
}

/**
 * Recall and precision of a de-identifier on labelled notes.
 *
 * Overlap rules: a labelled span counts as found when the de-identifier's spans (of any kind — the
 * information is gone either way) together cover every letter and digit of it; a partly removed name
 * still leaks, so it is missed. A predicted span is correct when it overlaps a labelled identifying span
 * by at least one character. Labelled ages of 89 and below are not identifying: they are not expected,
 * and removing them counts against precision.
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
    for (const s of identifying) {
      const c = counts[s.kind as PhiKind];
      c.expected++;
      let all = true;
      for (let i = s.start; i < s.end && all; i++) {
        if (!covered[i] && /[\p{L}\d]/u.test(note.text[i]!)) all = false;
      }
      if (all) c.found++;
    }
    for (const p of predicted) {
      const c = counts[p.kind];
      c.predicted++;
      if (identifying.some((s) => s.start < p.end && p.start < s.end)) c.correct++;
    }
  }
  const score = (c: Omit<KindScore, 'recall' | 'precision'>): KindScore => ({
    ...c,
    recall: c.expected === 0 ? 1 : c.found / c.expected,
    precision: c.predicted === 0 ? 1 : c.correct / c.predicted,
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

function ageOf(text: string): number {
  const m = /\d+/.exec(text);
  return m ? Number(m[0]) : Number.POSITIVE_INFINITY;
}
