import { createHash } from 'node:crypto';
import { seededUniform } from './noised-moments.ts';

/** SHA-256 of a patient set (the pseudonyms sorted): the same patients in any order give the same digest. */
export function patientSetDigest(patients: readonly string[]): string {
  const h = createHash('sha256');
  for (const id of [...patients].sort()) h.update(id).update('\u0000');
  return h.digest('hex');
}

/**
 * Uniform numbers in (0, 1) seeded by the station's secret `key`, a `label` and a set of patients — not
 * by the question asked about them. Noise drawn from it is the same however the question around those
 * patients is varied (another tolerance, penalty, feature or round), so asking variants and averaging
 * the answers gains nothing; only another set of patients gets other noise, and the release ledger
 * decides which sets may be asked about at all.
 */
export function setSeededUniform(key: Uint8Array, label: string, patients: readonly string[]): () => number {
  return seededUniform(key, `${label}\u0000${patientSetDigest(patients)}`);
}

/** Uniform noise in (−bound, bound): every value equally likely, so small errors are no likelier than large ones. */
export function uniformNoise(bound: number, uniform: () => number): number {
  return bound * (2 * uniform() - 1);
}
