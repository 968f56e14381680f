import { badInput } from '../common/app-error.ts';
import type { Progress } from '../common/progress.ts';
import { MAX_BSN_NUMBERS } from './bsn.ts';
import { findProvince, type Municipality, PROVINCES, type Province } from './dutch-regions.ts';
import {
  clinicOrg,
  GP_PRACTICES_PER_MUNICIPALITY,
  gpPracticeOrg,
  hospitalOrg,
  INSURERS,
  insurerOrg,
  type Org,
} from './organizations.ts';
import { pyramidShares } from './population-pyramid.ts';
import { cumulative, Prng } from './prng.ts';
import { DAY_MS, isoDateTime, monthStart, nextMonth, parseIsoDate } from './time.ts';

/** Options of a synthetic population. */
export interface SynthOptions {
  /** Number of patients (1 … 10,000,000). */
  patients: number;
  /** Integer seed; the same seed and options give byte-identical output. */
  seed: number;
  /** Restrict to one province (name, code such as `UT`, or `NL-UT`); default: the whole country. */
  region?: string;
  /** First day of the simulation window (default 2021-01-01). */
  startDate?: string;
  /** Last day of the simulation window, inclusive (default 2025-12-31). */
  endDate?: string;
  /**
   * Multiplies a condition's prevalence curve, by SNOMED CT code (a synthetic twin of a station matches
   * the prevalences the station released). Absent: the built-in curves, byte-identical output.
   */
  conditionScale?: Readonly<Record<string, number>>;
}

/** Everything derived once from the options and shared by all patients. */
export interface SynthContext {
  readonly seed: number;
  /** Prevalence multipliers by SNOMED CT code (see SynthOptions.conditionScale). */
  readonly conditionScale: Readonly<Record<string, number>>;
  readonly patients: number;
  readonly region: string | undefined;
  readonly startDate: string;
  readonly endDate: string;
  readonly startMs: number;
  /** Exclusive end: midnight after the last day. */
  readonly endMs: number;
  /** Index date of the admission outcome: 365 days before the end, so the outcome year is inside the window. */
  readonly indexMs: number;
  readonly interventionStartMs: number;
  readonly lastUpdated: string;
  readonly provinces: readonly Province[];
  readonly provinceCum: readonly number[];
  readonly municipalityCum: readonly (readonly number[])[];
  readonly hospitals: readonly (readonly Org[])[];
  readonly gpPractices: readonly (readonly (readonly Org[])[])[];
  readonly insurers: readonly Org[];
  readonly insurerCum: readonly number[];
  readonly pyramidCum: readonly number[];
  readonly interventionProvince: Province;
  readonly interventionMunicipality: Municipality;
  readonly clinic: Org;
  /** First instants of the calendar months overlapping the window, plus the end of the last one. */
  readonly monthStarts: readonly number[];
  /** year * 12 + month (0-based) of each entry of monthStarts. */
  readonly monthIndexes: readonly number[];
  /** Affine scramble of the patient index into the BSN number space (a bijection mod 10^7). */
  readonly bsnMultiplier: number;
  readonly bsnOffset: number;
}

export const DEFAULT_START_DATE = '2021-01-01';
export const DEFAULT_END_DATE = '2025-12-31';
/** Default province and municipality of the neighbourhood clinic when no region is chosen. */
export const DEFAULT_INTERVENTION_PROVINCE = 'NH';
const PREFERRED_INTERVENTION_START = '2024-01-01';

export function synthContext(options: SynthOptions & { progress?: Progress }): SynthContext {
  const { patients, seed } = options;
  if (!Number.isInteger(patients) || patients < 1 || patients > MAX_BSN_NUMBERS) {
    throw badInput(`patients must be an integer from 1 to ${MAX_BSN_NUMBERS}`, 'patients');
  }
  if (!Number.isSafeInteger(seed) || seed < 0) throw badInput('seed must be a non-negative integer', 'seed');
  const startDate = options.startDate ?? DEFAULT_START_DATE;
  const endDate = options.endDate ?? DEFAULT_END_DATE;
  const startMs = parseIsoDate(startDate);
  const lastMs = parseIsoDate(endDate);
  if (Number.isNaN(startMs)) throw badInput('startDate must be a date YYYY-MM-DD', 'startDate');
  if (Number.isNaN(lastMs)) throw badInput('endDate must be a date YYYY-MM-DD', 'endDate');
  const endMs = lastMs + DAY_MS;
  const indexMs = endMs - 365 * DAY_MS;
  if (indexMs - 365 * DAY_MS < startMs) {
    throw badInput(
      'the window must span at least two years (a year before and a year after the index date)',
      'startDate',
    );
  }
  const preferred = parseIsoDate(PREFERRED_INTERVENTION_START);
  const interventionStartMs =
    preferred > startMs && preferred < endMs ? preferred : monthStart(startMs + (endMs - startMs) / 2);

  const provinces = options.region ? [findProvince(options.region)] : PROVINCES;
  const interventionProvince =
    provinces.length === 1 && provinces[0] ? provinces[0] : findProvince(DEFAULT_INTERVENTION_PROVINCE);
  const interventionMunicipality = [...interventionProvince.municipalities].sort(
    (a, b) => b.population - a.population,
  )[0];
  if (!interventionMunicipality) throw new Error('province without municipalities');

  const scramble = new Prng(seed, 0xb5b);
  // A multiplier coprime with 10 makes index -> (a*index + b) mod 10^7 a bijection.
  let bsnMultiplier = 1 + scramble.int(MAX_BSN_NUMBERS - 1);
  while (bsnMultiplier % 2 === 0 || bsnMultiplier % 5 === 0) bsnMultiplier++;

  const monthStarts: number[] = [];
  const monthIndexes: number[] = [];
  for (let m = monthStart(startMs); ; m = nextMonth(m)) {
    monthStarts.push(m);
    const d = new Date(m);
    monthIndexes.push(d.getUTCFullYear() * 12 + d.getUTCMonth());
    if (m >= endMs) break;
  }

  for (const [code, scale] of Object.entries(options.conditionScale ?? {}))
    if (!(Number.isFinite(scale) && scale >= 0))
      throw badInput('must be a number ≥ 0', `conditionScale.${code}`);
  return {
    seed,
    conditionScale: options.conditionScale ?? {},
    monthStarts,
    monthIndexes,
    patients,
    region: options.region ? provinces[0]?.name : undefined,
    startDate,
    endDate,
    startMs,
    endMs,
    indexMs,
    interventionStartMs,
    lastUpdated: isoDateTime(endMs),
    provinces,
    provinceCum: cumulative(provinces.map((p) => p.population)),
    municipalityCum: provinces.map((p) => cumulative(p.municipalities.map((m) => m.population))),
    hospitals: provinces.map((p) => p.hospitals.map((h) => hospitalOrg(p, h))),
    gpPractices: provinces.map((p) =>
      p.municipalities.map((m) =>
        Array.from({ length: GP_PRACTICES_PER_MUNICIPALITY }, (_, n) => gpPracticeOrg(p, m, n)),
      ),
    ),
    insurers: INSURERS.map((i) => insurerOrg(i.name)),
    insurerCum: cumulative(INSURERS.map((i) => i.share)),
    pyramidCum: cumulative(pyramidShares()),
    interventionProvince,
    interventionMunicipality,
    clinic: clinicOrg(interventionProvince, interventionMunicipality),
    bsnMultiplier,
    bsnOffset: scramble.int(MAX_BSN_NUMBERS),
  };
}
