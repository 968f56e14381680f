import type { Feature } from './feature-spec.ts';

/**
 * A feature's values as the requester chose to see them are `(canonical − shift) / factor`: age in
 * decades around a chosen centre, an observation around a chosen centre and scale. The release ledgers
 * compare *canonical* columns, so choosing another centre or scale does not make a column look new
 * (a column shifted by a constant differs from the original for every patient, yet its sum tells
 * nothing the original's does not).
 */
export interface FeatureTransform {
  factor: number;
  shift: number;
}

export function featureTransform(feature: Feature | undefined): FeatureTransform {
  if (feature?.kind === 'age') return { factor: 10, shift: feature.centre ?? 0 };
  if (feature?.kind === 'observation') return { factor: feature.scale ?? 1, shift: feature.centre ?? 0 };
  return { factor: 1, shift: 0 };
}

/** The canonical values of a column in the requester's units. */
export function canonicalColumn(values: ArrayLike<number>, t: FeatureTransform): Float64Array {
  const out = new Float64Array(values.length);
  for (let i = 0; i < values.length; i++) out[i] = values[i]! * t.factor + t.shift;
  return out;
}

/** A canonical statistic back in the requester's units: a mean (shifted) or a spread (`scaleOnly`). */
export function inRequesterUnits(v: number, t: FeatureTransform, scaleOnly = false): number {
  return scaleOnly ? v / t.factor : (v - t.shift) / t.factor;
}

/**
 * A feature's definition as the patients it describes: its name left out, and the centre and scale the
 * requester chose to see it in (its transform), since they move no patient from one value to another;
 * a condition's codes as a sorted set. Two features of one canonical definition hold the same patients at
 * each value, whatever they are called: `release-questions.ts` asks their sets by it.
 */
export function canonicalDefinition(feature: Feature): Record<string, unknown> {
  const { name: _name, ...rest } = feature as Feature & { centre?: number; scale?: number };
  if (rest.kind === 'age' || rest.kind === 'observation') {
    const { centre: _c, scale: _s, ...kept } = rest as typeof rest & { centre?: number; scale?: number };
    return kept;
  }
  if (rest.kind === 'condition') return { ...rest, codes: [...new Set(rest.codes)].sort() };
  return rest;
}
