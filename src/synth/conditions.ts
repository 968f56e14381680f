/**
 * The chronic conditions the generator plants, with their SNOMED CT and ICD-10 codes and a prevalence
 * curve by age. Prevalences are "ever diagnosed by the end of the simulation window", loosely after
 * Nivel Zorgregistraties eerste lijn (registered GP prevalence, 2022) and RIVM VZinfo; they are
 * illustrative of Dutch rates, not official figures.
 */
export const SNOMED = 'http://snomed.info/sct';
export const ICD10 = 'http://hl7.org/fhir/sid/icd-10';

export interface ConditionDef {
  readonly key: ConditionKey;
  readonly snomed: string;
  readonly display: string;
  readonly icd10: string;
  readonly icd10Display: string;
  /** Prevalence at ages 0, 10, 20, …, 90 (linear in between, flat after 90). */
  readonly byAge: readonly number[];
  /** Male-to-female prevalence ratio (the curve is the average of both sexes). */
  readonly maleRatio: number;
  /** Longest time between onset and the end of the window, in years. */
  readonly maxYears: number;
  /** Youngest age at onset. */
  readonly minAge: number;
  /** Setting where new cases are diagnosed. */
  readonly diagnosedIn: 'gp' | 'outpatient';
}

export const ConditionKeys = [
  'diabetes',
  'copd',
  'heartFailure',
  'hypertension',
  'dementia',
  'depression',
  'ckd',
  'asthma',
  'atrialFibrillation',
  'osteoarthritis',
] as const;
export type ConditionKey = (typeof ConditionKeys)[number];

export const CONDITIONS: Readonly<Record<ConditionKey, ConditionDef>> = {
  diabetes: {
    key: 'diabetes',
    snomed: '44054006',
    display: 'Diabetes mellitus type 2',
    icd10: 'E11.9',
    icd10Display: 'Type 2 diabetes mellitus without complications',
    byAge: [0, 0, 0.002, 0.008, 0.025, 0.06, 0.11, 0.17, 0.21, 0.19],
    maleRatio: 1.15,
    maxYears: 15,
    minAge: 25,
    diagnosedIn: 'gp',
  },
  copd: {
    key: 'copd',
    snomed: '13645005',
    display: 'Chronic obstructive lung disease',
    icd10: 'J44.9',
    icd10Display: 'Chronic obstructive pulmonary disease, unspecified',
    byAge: [0, 0, 0, 0.002, 0.01, 0.025, 0.05, 0.09, 0.12, 0.11],
    maleRatio: 1.2,
    maxYears: 12,
    minAge: 35,
    diagnosedIn: 'gp',
  },
  heartFailure: {
    key: 'heartFailure',
    snomed: '84114007',
    display: 'Heart failure',
    icd10: 'I50.9',
    icd10Display: 'Heart failure, unspecified',
    byAge: [0, 0, 0, 0.0005, 0.001, 0.004, 0.012, 0.035, 0.09, 0.17],
    maleRatio: 1.1,
    maxYears: 8,
    minAge: 40,
    diagnosedIn: 'outpatient',
  },
  hypertension: {
    key: 'hypertension',
    snomed: '38341003',
    display: 'Hypertensive disorder',
    icd10: 'I10',
    icd10Display: 'Essential (primary) hypertension',
    byAge: [0, 0, 0.005, 0.02, 0.06, 0.14, 0.26, 0.38, 0.48, 0.5],
    maleRatio: 1,
    maxYears: 20,
    minAge: 25,
    diagnosedIn: 'gp',
  },
  dementia: {
    key: 'dementia',
    snomed: '52448006',
    display: 'Dementia',
    icd10: 'F03',
    icd10Display: 'Unspecified dementia',
    byAge: [0, 0, 0, 0, 0, 0.001, 0.004, 0.02, 0.09, 0.28],
    maleRatio: 0.8,
    maxYears: 8,
    minAge: 55,
    diagnosedIn: 'outpatient',
  },
  depression: {
    key: 'depression',
    snomed: '35489007',
    display: 'Depressive disorder',
    icd10: 'F32.9',
    icd10Display: 'Depressive episode, unspecified',
    byAge: [0, 0.01, 0.05, 0.06, 0.06, 0.06, 0.055, 0.05, 0.06, 0.07],
    maleRatio: 0.6,
    maxYears: 10,
    minAge: 12,
    diagnosedIn: 'gp',
  },
  ckd: {
    key: 'ckd',
    snomed: '709044004',
    display: 'Chronic kidney disease',
    icd10: 'N18.9',
    icd10Display: 'Chronic kidney disease, unspecified',
    byAge: [0, 0, 0.001, 0.002, 0.005, 0.012, 0.03, 0.07, 0.15, 0.22],
    maleRatio: 1,
    maxYears: 12,
    minAge: 30,
    diagnosedIn: 'gp',
  },
  asthma: {
    key: 'asthma',
    snomed: '195967001',
    display: 'Asthma',
    icd10: 'J45.9',
    icd10Display: 'Asthma, unspecified',
    byAge: [0.01, 0.05, 0.05, 0.045, 0.045, 0.045, 0.045, 0.045, 0.04, 0.035],
    maleRatio: 0.9,
    maxYears: 30,
    minAge: 3,
    diagnosedIn: 'gp',
  },
  atrialFibrillation: {
    key: 'atrialFibrillation',
    snomed: '49436004',
    display: 'Atrial fibrillation',
    icd10: 'I48.9',
    icd10Display: 'Atrial fibrillation and atrial flutter, unspecified',
    byAge: [0, 0, 0, 0.0005, 0.002, 0.008, 0.025, 0.07, 0.13, 0.16],
    maleRatio: 1.3,
    maxYears: 12,
    minAge: 35,
    diagnosedIn: 'outpatient',
  },
  osteoarthritis: {
    key: 'osteoarthritis',
    snomed: '396275006',
    display: 'Osteoarthritis',
    icd10: 'M19.9',
    icd10Display: 'Arthrosis, unspecified',
    byAge: [0, 0, 0, 0.005, 0.02, 0.06, 0.12, 0.2, 0.27, 0.3],
    maleRatio: 0.7,
    maxYears: 15,
    minAge: 35,
    diagnosedIn: 'gp',
  },
};

/** Prevalence for one sex at one (fractional) age, from the curve and the sex ratio. */
export function prevalenceAt(def: ConditionDef, age: number, male: boolean): number {
  const x = Math.max(0, Math.min(age, 90)) / 10;
  const i = Math.min(Math.floor(x), 8);
  const lo = def.byAge[i] ?? 0;
  const hi = def.byAge[i + 1] ?? lo;
  const p = lo + (hi - lo) * (x - i);
  const r = def.maleRatio;
  return male ? (p * 2 * r) / (1 + r) : (p * 2) / (1 + r);
}
