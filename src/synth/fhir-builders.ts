import type {
  CodeableConcept,
  Coding,
  Condition,
  Consent,
  DocumentReference,
  Encounter,
  ExplanationOfBenefit,
  MedicationRequest,
  Observation,
  Organization,
  Patient,
  Procedure,
  Reference,
  Resource,
} from '@medplum/fhirtypes';
import { EHDS_PURPOSE_SYSTEM, type EhdsPurpose, EhdsPurposes } from '../common/ehds-purposes.ts';
import { BSN_SYSTEM } from './bsn.ts';
import {
  ACT_CODE_SYSTEM,
  ACT_PRIORITY_SYSTEM,
  ATC,
  CARE_SETTING_SYSTEM,
  type CareSetting,
  CareSettings,
  ClassDisplays,
  type Drug,
  ENCOUNTER_TYPE_SYSTEM,
  type EncounterType,
  EncounterTypes,
  LOINC,
  MRN_SYSTEM,
  type NoteType,
  NoteTypes,
  ObservationCodes,
  type ObservationKind,
  PROCEDURES,
  type ProcedureKind,
  UCUM,
  VIRTUAL_CARE_SYSTEM,
  type VirtualKind,
  VirtualKinds,
} from './clinical-codes.ts';
import { CONDITIONS, type ConditionKey, ICD10, SNOMED } from './conditions.ts';
import type { Org } from './organizations.ts';
import type { SyntheticPerson } from './synthetic-person.ts';
import { isoDate } from './time.ts';

/**
 * Builders of the FHIR R4 resources the generator writes. Each sets the elements R4 requires and the
 * codings the station views read (views/README.md). `meta` is shared: its `lastUpdated` is the end of
 * the simulation window, so output bytes do not depend on when the generator ran.
 */
export type Meta = { readonly lastUpdated: string };

function ref<T extends Resource>(type: T['resourceType'], id: string, display?: string): Reference<T> {
  return display === undefined ? { reference: `${type}/${id}` } : { reference: `${type}/${id}`, display };
}

export const orgRef = (o: Org): Reference<Organization> => ref<Organization>('Organization', o.id, o.name);
const patientRef = (id: string): Reference<Patient> => ref<Patient>('Patient', id);
const encounterRef = (id: string): Reference<Encounter> => ref<Encounter>('Encounter', id);

const ACTIVE: CodeableConcept = {
  coding: [{ system: 'http://terminology.hl7.org/CodeSystem/condition-clinical', code: 'active' }],
};
const CONFIRMED: CodeableConcept = {
  coding: [{ system: 'http://terminology.hl7.org/CodeSystem/condition-ver-status', code: 'confirmed' }],
};
const PROBLEM_LIST: CodeableConcept[] = [
  {
    coding: [
      { system: 'http://terminology.hl7.org/CodeSystem/condition-category', code: 'problem-list-item' },
    ],
  },
];
const MR_TYPE: CodeableConcept = {
  coding: [{ system: 'http://terminology.hl7.org/CodeSystem/v2-0203', code: 'MR' }],
};
const SUBMITTED: CodeableConcept = {
  coding: [{ system: 'http://terminology.hl7.org/CodeSystem/adjudication', code: 'submitted' }],
};
const CONSENT_SCOPE: CodeableConcept = {
  coding: [{ system: 'http://terminology.hl7.org/CodeSystem/consentscope', code: 'patient-privacy' }],
};
const CONSENT_CATEGORY: CodeableConcept[] = [
  { coding: [{ system: LOINC, code: '59284-0', display: 'Patient Consent' }] },
];
const OPT_OUT: CodeableConcept = { coding: [{ system: ACT_CODE_SYSTEM, code: 'OPTOUT' }] };

export function patientResource(p: SyntheticPerson, meta: Meta, deceasedMs: number | undefined): Patient {
  const patient: Patient = {
    resourceType: 'Patient',
    id: p.id,
    meta,
    identifier: [
      { system: BSN_SYSTEM, value: p.bsn },
      { type: MR_TYPE, system: MRN_SYSTEM, value: p.mrn },
    ],
    active: true,
    name: [{ use: 'official', family: p.family, given: [...p.given] }],
    telecom: [
      { system: 'phone', value: p.phone, use: 'mobile' },
      { system: 'email', value: p.email, use: 'home' },
    ],
    gender: p.sex,
    birthDate: isoDate(p.birthMs),
    address: [
      {
        use: 'home',
        line: [`${p.street} ${p.houseNumber}`],
        postalCode: p.postcode,
        city: p.municipality,
        state: p.province,
        country: 'NL',
      },
    ],
    generalPractitioner: [orgRef(p.gp)],
  };
  if (deceasedMs !== undefined) patient.deceasedDateTime = isoDate(deceasedMs);
  return patient;
}

/** What kind of encounter: the parts that do not vary from one visit to the next. */
export interface EncounterShape {
  readonly setting: CareSetting;
  readonly type: EncounterType;
  readonly virtual?: VirtualKind;
  readonly priority?: 'EM' | 'R';
  readonly org: Org;
}

/** Times are FHIR dateTime strings, formatted once by the caller. */
export function encounterResource(
  e: EncounterShape,
  id: string,
  patientId: string,
  start: string,
  end: string,
  meta: Meta,
): Encounter {
  const cls = CareSettings[e.setting].classCode;
  const settingCoding: Coding[] = [
    { system: CARE_SETTING_SYSTEM, code: e.setting, display: CareSettings[e.setting].display },
  ];
  if (e.virtual)
    settingCoding.push({ system: VIRTUAL_CARE_SYSTEM, code: e.virtual, display: VirtualKinds[e.virtual] });
  const enc: Encounter = {
    resourceType: 'Encounter',
    id,
    meta,
    status: 'finished',
    class: { system: ACT_CODE_SYSTEM, code: cls, display: ClassDisplays[cls] },
    type: [
      { coding: settingCoding },
      { coding: [{ system: ENCOUNTER_TYPE_SYSTEM, code: e.type, display: EncounterTypes[e.type] }] },
    ],
    subject: patientRef(patientId),
    period: { start, end },
    serviceProvider: orgRef(e.org),
  };
  if (e.priority) {
    enc.priority = {
      coding: [
        {
          system: ACT_PRIORITY_SYSTEM,
          code: e.priority,
          display: e.priority === 'EM' ? 'emergency' : 'routine',
        },
      ],
    };
  }
  return enc;
}

export function conditionResource(
  id: string,
  key: ConditionKey,
  patientId: string,
  onset: string,
  encounterId: string | undefined,
  meta: Meta,
): Condition {
  const def = CONDITIONS[key];
  const c: Condition = {
    resourceType: 'Condition',
    id,
    meta,
    clinicalStatus: ACTIVE,
    verificationStatus: CONFIRMED,
    category: PROBLEM_LIST,
    code: {
      coding: [
        { system: SNOMED, code: def.snomed, display: def.display },
        { system: ICD10, code: def.icd10, display: def.icd10Display },
      ],
      text: def.display,
    },
    subject: patientRef(patientId),
    onsetDateTime: onset,
    recordedDate: onset,
  };
  if (encounterId) c.encounter = encounterRef(encounterId);
  return c;
}

export function observationResource(
  id: string,
  kind: ObservationKind,
  value: number,
  patientId: string,
  encounterId: string,
  time: string,
  meta: Meta,
): Observation {
  const o = ObservationCodes[kind];
  return {
    resourceType: 'Observation',
    id,
    meta,
    status: 'final',
    category: [
      {
        coding: [{ system: 'http://terminology.hl7.org/CodeSystem/observation-category', code: o.category }],
      },
    ],
    code: { coding: [{ system: LOINC, code: o.code, display: o.display }] },
    subject: patientRef(patientId),
    encounter: encounterRef(encounterId),
    effectiveDateTime: time,
    valueQuantity: { value, unit: o.unit, system: UCUM, code: o.ucum },
  };
}

export function medicationRequestResource(
  id: string,
  drug: Drug,
  patientId: string,
  encounterId: string,
  time: string,
  active: boolean,
  meta: Meta,
): MedicationRequest {
  return {
    resourceType: 'MedicationRequest',
    id,
    meta,
    status: active ? 'active' : 'completed',
    intent: 'order',
    medicationCodeableConcept: {
      coding: [{ system: ATC, code: drug.atc, display: drug.display }],
      text: drug.display,
    },
    subject: patientRef(patientId),
    encounter: encounterRef(encounterId),
    authoredOn: time,
  };
}

export function procedureResource(
  id: string,
  kind: ProcedureKind,
  patientId: string,
  encounterId: string,
  time: string,
  meta: Meta,
): Procedure {
  const p = PROCEDURES[kind];
  return {
    resourceType: 'Procedure',
    id,
    meta,
    status: 'completed',
    code: { coding: [{ system: SNOMED, code: p.code, display: p.display }], text: p.display },
    subject: patientRef(patientId),
    encounter: encounterRef(encounterId),
    performedDateTime: time,
  };
}

export function explanationOfBenefitResource(
  id: string,
  e: EncounterShape,
  encounterId: string,
  patientId: string,
  insurer: Org,
  start: string,
  end: string,
  cost: number,
  meta: Meta,
): ExplanationOfBenefit {
  const institutional = e.setting === 'inpatient' || e.setting === 'ed';
  const money = { value: cost, currency: 'EUR' as const };
  return {
    resourceType: 'ExplanationOfBenefit',
    id,
    meta,
    status: 'active',
    type: {
      coding: [
        {
          system: 'http://terminology.hl7.org/CodeSystem/claim-type',
          code: institutional ? 'institutional' : 'professional',
        },
      ],
    },
    use: 'claim',
    patient: patientRef(patientId),
    billablePeriod: { start, end },
    created: end,
    insurer: orgRef(insurer),
    provider: orgRef(e.org),
    outcome: 'complete',
    insurance: [{ focal: true, coverage: { display: 'Zorgverzekeringswet basisverzekering' } }],
    item: [
      {
        sequence: 1,
        productOrService: {
          coding: [{ system: ENCOUNTER_TYPE_SYSTEM, code: e.type, display: EncounterTypes[e.type] }],
        },
        encounter: [encounterRef(encounterId)],
        net: money,
      },
    ],
    total: [{ category: SUBMITTED, amount: money }],
  };
}

export function consentResource(
  id: string,
  purpose: EhdsPurpose,
  patientId: string,
  time: string,
  meta: Meta,
): Consent {
  return {
    resourceType: 'Consent',
    id,
    meta,
    status: 'active',
    scope: CONSENT_SCOPE,
    category: CONSENT_CATEGORY,
    patient: patientRef(patientId),
    dateTime: time,
    policyRule: OPT_OUT,
    provision: {
      type: 'deny',
      purpose: [{ system: EHDS_PURPOSE_SYSTEM, code: purpose, display: EhdsPurposes[purpose] }],
    },
  };
}

export function documentReferenceResource(
  id: string,
  type: NoteType,
  text: string,
  patientId: string,
  encounterId: string,
  custodian: Org,
  start: string,
  end: string,
  meta: Meta,
): DocumentReference {
  const t = NoteTypes[type];
  return {
    resourceType: 'DocumentReference',
    id,
    meta,
    status: 'current',
    docStatus: 'final',
    type: { coding: [{ system: LOINC, code: t.code, display: t.display }] },
    subject: patientRef(patientId),
    date: end,
    custodian: orgRef(custodian),
    context: { encounter: [encounterRef(encounterId)], period: { start, end } },
    content: [
      {
        attachment: {
          contentType: 'text/plain; charset=utf-8',
          language: 'nl',
          data: Buffer.from(text, 'utf8').toString('base64'),
          title: t.display,
        },
      },
    ],
  };
}

export function organizationResource(o: Org, meta: Meta): Organization {
  const org: Organization = { resourceType: 'Organization', id: o.id, meta, active: true, name: o.name };
  if (o.city) org.address = [{ city: o.city, state: o.province, country: 'NL' }];
  return org;
}
