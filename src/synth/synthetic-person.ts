import type { Org } from './organizations.ts';

/** The identity of one synthetic patient, as the generator draws it (never leaves the generator raw). */
export interface SyntheticPerson {
  readonly index: number;
  readonly id: string;
  readonly sex: 'male' | 'female';
  readonly given: readonly string[];
  readonly family: string;
  /** Midnight UTC of the birth day. */
  readonly birthMs: number;
  readonly bsn: string;
  readonly mrn: string;
  readonly phone: string;
  readonly email: string;
  readonly street: string;
  readonly houseNumber: string;
  readonly postcode: string;
  readonly municipality: string;
  readonly province: string;
  readonly gp: Org;
  readonly insurer: Org;
}
