/**
 * The planted risk model: a one-year unplanned admission after the index date, drawn from a logistic
 * model with known coefficients, so that a federated logistic regression on the station tables should
 * recover them (within sampling error).
 */
export const ADMISSION_COEFFICIENTS = {
  intercept: -2.75,
  ageDecadesCentred: 0.35,
  male: 0.15,
  diabetes: 0.25,
  copd: 0.55,
  heartFailure: 0.75,
  ckd: 0.4,
  dementia: 0.5,
  hba1cCentred: 0.2,
  edVisitsPriorYear: 0.5,
} as const;

export type AdmissionFeature = Exclude<keyof typeof ADMISSION_COEFFICIENTS, 'intercept'>;
export type AdmissionFeatures = Record<AdmissionFeature, number>;

/** Precise definitions, written to truth.json so the features can be recomputed from the station tables. */
export const ADMISSION_FEATURE_DEFINITIONS: Record<AdmissionFeature, string> = {
  ageDecadesCentred:
    '(m / 12 - 60) / 10, where m = whole calendar months from the month of patient.birth_date to the month of the index date ((index_year - birth_year) * 12 + index_month - birth_month)',
  male: "1 when patient.sex = 'male', else 0",
  diabetes:
    '1 when the patient has a condition with SNOMED CT code 44054006 and onset_date < index date, else 0',
  copd: '1 when a condition with SNOMED CT 13645005 has onset_date < index date',
  heartFailure: '1 when a condition with SNOMED CT 84114007 has onset_date < index date',
  ckd: '1 when a condition with SNOMED CT 709044004 has onset_date < index date',
  dementia: '1 when a condition with SNOMED CT 52448006 has onset_date < index date',
  hba1cCentred:
    '(v - 40) / 10, where v = value of the latest observation with LOINC 4548-4 (mmol/mol) and effective_time < index date; 0 when there is none. Every patient alive at the index date with m >= 480 (aged 40+ by the rule above) has at least one HbA1c in [index - 365 days, index)',
  edVisitsPriorYear: "number of encounters with setting 'ed' and start_time in [index - 365 days, index)",
};

export function linearPredictor(x: AdmissionFeatures): number {
  const c = ADMISSION_COEFFICIENTS;
  return (
    c.intercept +
    c.ageDecadesCentred * x.ageDecadesCentred +
    c.male * x.male +
    c.diabetes * x.diabetes +
    c.copd * x.copd +
    c.heartFailure * x.heartFailure +
    c.ckd * x.ckd +
    c.dementia * x.dementia +
    c.hba1cCentred * x.hba1cCentred +
    c.edVisitsPriorYear * x.edVisitsPriorYear
  );
}

export function admissionProbability(x: AdmissionFeatures): number {
  return 1 / (1 + Math.exp(-linearPredictor(x)));
}
