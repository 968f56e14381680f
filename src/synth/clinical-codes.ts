import type { ConditionKey } from './conditions.ts';

/** Code systems and the small vocabularies the generator writes (see views/README.md). */
export const LOINC = 'http://loinc.org';
export const ATC = 'http://www.whocc.no/atc';
export const UCUM = 'http://unitsofmeasure.org';
export const CARE_SETTING_SYSTEM = 'https://ai4health.nl/fhir/CodeSystem/care-setting';
export const VIRTUAL_CARE_SYSTEM = 'https://ai4health.nl/fhir/CodeSystem/virtual-care';
/** Encounter types of the synthetic data (what kind of contact, next to the care setting). */
export const ENCOUNTER_TYPE_SYSTEM = 'https://ai4health.nl/fhir/CodeSystem/encounter-type';
export const ACT_CODE_SYSTEM = 'http://terminology.hl7.org/CodeSystem/v3-ActCode';
export const ACT_PRIORITY_SYSTEM = 'http://terminology.hl7.org/CodeSystem/v3-ActPriority';
export const MRN_SYSTEM = 'https://ai4health.nl/fhir/NamingSystem/synthetic-mrn';

export const CareSettings = {
  gp: { classCode: 'AMB', display: 'General practice' },
  outpatient: { classCode: 'AMB', display: 'Outpatient clinic' },
  ed: { classCode: 'EMER', display: 'Emergency department' },
  inpatient: { classCode: 'IMP', display: 'Inpatient stay' },
  virtual: { classCode: 'VR', display: 'Virtual care' },
} as const;
export type CareSetting = keyof typeof CareSettings;

export const ClassDisplays = {
  AMB: 'ambulatory',
  EMER: 'emergency',
  IMP: 'inpatient encounter',
  VR: 'virtual',
} as const;

export const VirtualKinds = {
  video: 'Video consultation',
  'e-consult': 'E-consult',
  telemonitoring: 'Telemonitoring',
} as const;
export type VirtualKind = keyof typeof VirtualKinds;

export const EncounterTypes = {
  'gp-consult': 'GP consultation',
  'gp-chronic-care': 'GP chronic care check-up',
  'gp-check-up': 'GP check-up with blood test',
  'gp-diagnosis': 'GP consultation leading to a diagnosis',
  'outpatient-visit': 'Outpatient specialist visit',
  'ed-visit': 'Emergency department visit',
  'emergency-admission': 'Unplanned hospital admission',
  'elective-admission': 'Planned hospital admission',
  'video-consult': 'Video consultation',
  'e-consult': 'E-consult',
  telemonitoring: 'Telemonitoring period',
  'neighbourhood-clinic': 'Neighbourhood clinic visit (wijkkliniek)',
} as const;
export type EncounterType = keyof typeof EncounterTypes;

export const ObservationCodes = {
  hba1c: {
    code: '4548-4',
    display: 'Hemoglobin A1c/Hemoglobin.total in Blood',
    unit: 'mmol/mol',
    ucum: 'mmol/mol',
    category: 'laboratory',
  },
  egfr: {
    code: '62238-1',
    display:
      'Glomerular filtration rate/1.73 sq M.predicted [Volume Rate/Area] in Serum, Plasma or Blood by Creatinine-based formula (CKD-EPI)',
    unit: 'mL/min/1.73m2',
    ucum: 'mL/min/{1.73_m2}',
    category: 'laboratory',
  },
  systolic: {
    code: '8480-6',
    display: 'Systolic blood pressure',
    unit: 'mm[Hg]',
    ucum: 'mm[Hg]',
    category: 'vital-signs',
  },
  bmi: {
    code: '39156-5',
    display: 'Body mass index (BMI) [Ratio]',
    unit: 'kg/m2',
    ucum: 'kg/m2',
    category: 'vital-signs',
  },
} as const;
export type ObservationKind = keyof typeof ObservationCodes;

export interface Drug {
  readonly atc: string;
  readonly display: string;
  /** Share of patients with the condition who get it. */
  readonly share: number;
}

const d = (atc: string, display: string, share: number): Drug => ({ atc, display, share });

/** Medication by condition (ATC), each prescribed to a share of the patients with that condition. */
export const DRUGS: Readonly<Record<ConditionKey, readonly Drug[]>> = {
  diabetes: [
    d('A10BA02', 'metformin', 0.85),
    d('A10BB09', 'gliclazide', 0.2),
    d('A10AE04', 'insulin glargine', 0.22),
    d('C10AA05', 'atorvastatin', 0.6),
  ],
  copd: [d('R03BB04', 'tiotropium bromide', 0.6), d('R03AC02', 'salbutamol', 0.7)],
  heartFailure: [
    d('C03CA01', 'furosemide', 0.7),
    d('C07AB02', 'metoprolol', 0.6),
    d('C09AA02', 'enalapril', 0.55),
  ],
  hypertension: [
    d('C09AA02', 'enalapril', 0.35),
    d('C09AA03', 'lisinopril', 0.2),
    d('C08CA01', 'amlodipine', 0.35),
    d('C03AA03', 'hydrochlorothiazide', 0.3),
    d('C10AA01', 'simvastatin', 0.35),
  ],
  dementia: [d('N06DA04', 'galantamine', 0.25), d('N06DA03', 'rivastigmine', 0.2)],
  depression: [d('N06AB06', 'sertraline', 0.35), d('N06AB04', 'citalopram', 0.25)],
  ckd: [d('C09AA02', 'enalapril', 0.4), d('C10AA05', 'atorvastatin', 0.5)],
  asthma: [d('R03AC02', 'salbutamol', 0.8), d('R03AK07', 'formoterol and budesonide', 0.5)],
  atrialFibrillation: [d('B01AF02', 'apixaban', 0.75), d('C07AB02', 'metoprolol', 0.5)],
  osteoarthritis: [d('N02BE01', 'paracetamol', 0.6), d('M01AB05', 'diclofenac', 0.25)],
};

/** Procedures (SNOMED CT) and the condition that leads to them. */
export const PROCEDURES = {
  spirometry: { code: '127783003', display: 'Spirometry' },
  ecg: { code: '29303009', display: 'Electrocardiographic procedure' },
  echocardiography: { code: '40701008', display: 'Echocardiography' },
  hipReplacement: { code: '52734007', display: 'Total replacement of hip' },
  kneeReplacement: { code: '609588000', display: 'Total knee replacement' },
  haemodialysis: { code: '302497006', display: 'Hemodialysis' },
  cataract: { code: '54885007', display: 'Extraction of cataract' },
  colonoscopy: { code: '73761001', display: 'Colonoscopy' },
  appendectomy: { code: '80146002', display: 'Appendectomy' },
} as const;
export type ProcedureKind = keyof typeof PROCEDURES;

/** Document types (LOINC) of the clinical notes. */
export const NoteTypes = {
  discharge: { code: '18842-5', display: 'Discharge summary' },
  referral: { code: '57133-1', display: 'Referral note' },
  consult: { code: '11488-4', display: 'Consult note' },
  ed: { code: '34111-5', display: 'Emergency department note' },
} as const;
export type NoteType = keyof typeof NoteTypes;
