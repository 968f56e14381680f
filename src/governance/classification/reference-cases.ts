import type { ClassificationAnswers } from '../../api/governance-schemas.ts';
import type { OrganisationRole } from './classify.ts';

/** A known system with the classes the law gives it and the rules the decisions rest on. */
export interface ReferenceCase {
  name: string;
  /** Why the answers are what they are, in plain words. */
  note: string;
  role: OrganisationRole;
  answers: ClassificationAnswers;
  expected: {
    mdrClass: string;
    /** The citation of the MDR outcome or of the step that decided it. */
    mdrRule: string;
    aiActClass: string;
    aiActGround: string;
    aiActRule: string;
  };
}

/** An AI system that is placed on the market, uses no prohibited practice and talks to nobody. */
const ai: ClassificationAnswers = {
  aiSystem: true,
  researchOnly: false,
  prohibitedPractice: 'none',
  interactsWithPersons: false,
  generatesSyntheticContent: false,
  emotionOrBiometricCategorisation: false,
  deepFakeOrPublicText: false,
  drivesHardwareDevice: false,
};
/** Standalone software that computes something for an individual patient with a medical purpose. */
const mdsw: ClassificationAnswers = {
  ...ai,
  beyondStorageCommunication: true,
  individualPatientBenefit: true,
  medicalPurpose: true,
  inVitroData: false,
};

export const referenceCases: ReferenceCase[] = [
  {
    name: 'ED triage tool advising referral and urgency',
    note: 'Informs the decision to refer and how fast; a wrongly low urgency may seriously deteriorate a patient’s health. Emergency healthcare patient triage is also Annex III point 5(d).',
    role: 'provider',
    answers: {
      ...mdsw,
      informsDecisions: true,
      decisionImpact: 'serious-deterioration-or-surgery',
      annexIIIArea: 'emergency-triage',
    },
    expected: {
      mdrClass: 'IIb',
      mdrRule: 'MDR Annex VIII, Rule 11, first paragraph, second indent',
      aiActClass: 'high-risk',
      aiActGround: 'annex-i-and-iii',
      aiActRule: 'AI Act Article 6(2); Annex III, point 5(d)',
    },
  },
  {
    name: 'ICU sepsis alert',
    note: 'Informs the diagnosis of sepsis and the start of treatment; a missed sepsis may cause death. It also monitors vital parameters (IIb), but the strictest rule applies.',
    role: 'provider',
    answers: {
      ...mdsw,
      informsDecisions: true,
      decisionImpact: 'death-or-irreversible',
      monitorsPhysiology: true,
      vitalParametersImmediateDanger: true,
      annexIIIArea: 'none',
    },
    expected: {
      mdrClass: 'III',
      mdrRule: 'MDR Annex VIII, Rule 11, first paragraph, first indent',
      aiActClass: 'high-risk',
      aiActGround: 'annex-i',
      aiActRule: 'AI Act Article 6(1); MDR Article 52(3)',
    },
  },
  {
    name: 'Operating-room scheduling tool',
    note: 'Plans theatre time; no medical purpose for an individual patient, no Annex III area.',
    role: 'provider',
    answers: {
      ...ai,
      beyondStorageCommunication: true,
      individualPatientBenefit: false,
      annexIIIArea: 'none',
    },
    expected: {
      mdrClass: 'not-a-device',
      mdrRule: 'MDCG 2019-11, step 4',
      aiActClass: 'minimal-risk',
      aiActGround: 'none',
      aiActRule: 'AI Act Article 6(2); Annex III',
    },
  },
  {
    name: 'Wellness app with sleep and activity tips',
    note: 'Lifestyle and well-being for individuals, not a medical purpose.',
    role: 'provider',
    answers: {
      ...ai,
      beyondStorageCommunication: true,
      individualPatientBenefit: true,
      medicalPurpose: false,
      annexIIIArea: 'none',
    },
    expected: {
      mdrClass: 'not-a-device',
      mdrRule: 'MDR Article 2(1)',
      aiActClass: 'minimal-risk',
      aiActGround: 'none',
      aiActRule: 'AI Act Article 6(2); Annex III',
    },
  },
  {
    name: 'Patient chatbot for appointment questions',
    note: 'Answers practical questions (opening hours, rescheduling); talks directly with people, so Article 50(1) applies.',
    role: 'provider-and-deployer',
    answers: {
      ...ai,
      interactsWithPersons: true,
      beyondStorageCommunication: true,
      individualPatientBenefit: true,
      medicalPurpose: false,
      annexIIIArea: 'none',
    },
    expected: {
      mdrClass: 'not-a-device',
      mdrRule: 'MDR Article 2(1)',
      aiActClass: 'limited-risk',
      aiActGround: 'none',
      aiActRule: 'AI Act Article 6(2); Annex III',
    },
  },
  {
    name: 'One-year unplanned-admission risk model for proactive GP care',
    note: 'Predicts an individual’s risk so the GP practice can offer proactive care (prediction/prognosis is a medical purpose); a missed patient gets usual care, no serious deterioration from the decision itself.',
    role: 'provider',
    answers: {
      ...mdsw,
      informsDecisions: true,
      decisionImpact: 'other',
      monitorsPhysiology: false,
      annexIIIArea: 'none',
    },
    expected: {
      mdrClass: 'IIa',
      mdrRule: 'MDR Annex VIII, Rule 11, first paragraph',
      aiActClass: 'high-risk',
      aiActGround: 'annex-i',
      aiActRule: 'AI Act Article 6(1); MDR Article 52(6)',
    },
  },
  {
    name: 'ICU arrhythmia monitor',
    note: 'Monitors heart rhythm, a vital parameter whose variations can mean immediate danger.',
    role: 'provider',
    answers: {
      ...mdsw,
      informsDecisions: false,
      monitorsPhysiology: true,
      vitalParametersImmediateDanger: true,
      annexIIIArea: 'none',
    },
    expected: {
      mdrClass: 'IIb',
      mdrRule: 'MDR Annex VIII, Rule 11, second paragraph',
      aiActClass: 'high-risk',
      aiActGround: 'annex-i',
      aiActRule: 'AI Act Article 6(1); MDR Article 52(4)',
    },
  },
  {
    name: 'Home blood-pressure trend monitor for hypertension follow-up',
    note: 'Monitors a physiological process without immediate danger.',
    role: 'provider',
    answers: {
      ...mdsw,
      informsDecisions: false,
      monitorsPhysiology: true,
      vitalParametersImmediateDanger: false,
      annexIIIArea: 'none',
    },
    expected: {
      mdrClass: 'IIa',
      mdrRule: 'MDR Annex VIII, Rule 11, second paragraph',
      aiActClass: 'high-risk',
      aiActGround: 'annex-i',
      aiActRule: 'AI Act Article 6(1); MDR Article 52(6)',
    },
  },
  {
    name: 'Conception-support app computing fertile days',
    note: 'A medical purpose (supporting conception) but no information for a diagnostic or therapeutic decision and no monitoring in the sense of Rule 11: class I, self-certified, so not high-risk under Article 6(1).',
    role: 'provider',
    answers: {
      ...mdsw,
      informsDecisions: false,
      monitorsPhysiology: false,
      annexIIIArea: 'none',
    },
    expected: {
      mdrClass: 'I',
      mdrRule: 'MDR Annex VIII, Rule 11, third paragraph',
      aiActClass: 'minimal-risk',
      aiActGround: 'none',
      aiActRule: 'AI Act Article 6(1)(b); MDR Article 52(7)',
    },
  },
  {
    name: 'Hospital bed-capacity forecast',
    note: 'Forecasts occupancy for the whole hospital; no individual patient benefits from the output.',
    role: 'provider-and-deployer',
    answers: {
      ...ai,
      beyondStorageCommunication: true,
      individualPatientBenefit: false,
      annexIIIArea: 'none',
    },
    expected: {
      mdrClass: 'not-a-device',
      mdrRule: 'MDCG 2019-11, step 4',
      aiActClass: 'minimal-risk',
      aiActGround: 'none',
      aiActRule: 'AI Act Article 6',
    },
  },
  {
    name: 'Health-insurance premium pricing model',
    note: 'Risk assessment and pricing of natural persons for health insurance: Annex III point 5(c); it profiles persons.',
    role: 'provider-and-deployer',
    answers: {
      ...ai,
      beyondStorageCommunication: true,
      individualPatientBenefit: false,
      annexIIIArea: 'life-health-insurance',
      profiling: true,
    },
    expected: {
      mdrClass: 'not-a-device',
      mdrRule: 'MDCG 2019-11, step 4',
      aiActClass: 'high-risk',
      aiActGround: 'annex-iii',
      aiActRule: 'AI Act Article 6(3), last subparagraph',
    },
  },
  {
    name: 'Municipal eligibility assessment for home-care support (Wmo)',
    note: 'A public authority evaluates eligibility for a public care service: Annex III point 5(a); it profiles the applicant.',
    role: 'deployer',
    answers: {
      ...ai,
      beyondStorageCommunication: true,
      individualPatientBenefit: false,
      annexIIIArea: 'public-benefits-eligibility',
      profiling: true,
    },
    expected: {
      mdrClass: 'not-a-device',
      mdrRule: 'MDCG 2019-11, step 4',
      aiActClass: 'high-risk',
      aiActGround: 'annex-iii',
      aiActRule: 'AI Act Article 6(2); Annex III, point 5(a)',
    },
  },
  {
    name: 'Sorting incoming Wmo applications by type',
    note: 'Annex III point 5(a) context, but only a narrow procedural task without profiling: the Article 6(3) derogation applies.',
    role: 'deployer',
    answers: {
      ...ai,
      beyondStorageCommunication: true,
      individualPatientBenefit: false,
      annexIIIArea: 'public-benefits-eligibility',
      profiling: false,
      annexIIIDerogation: 'narrow-procedural-task',
    },
    expected: {
      mdrClass: 'not-a-device',
      mdrRule: 'MDCG 2019-11, step 4',
      aiActClass: 'minimal-risk',
      aiActGround: 'art-6-3',
      aiActRule: 'AI Act Article 6(3)(a)',
    },
  },
  {
    name: 'Ambulance dispatch call classifier',
    note: 'Evaluates and classifies emergency calls to dispatch medical aid: Annex III point 5(d), no derogation.',
    role: 'provider',
    answers: {
      ...ai,
      beyondStorageCommunication: true,
      individualPatientBenefit: false,
      annexIIIArea: 'emergency-triage',
      profiling: false,
      annexIIIDerogation: 'none',
    },
    expected: {
      mdrClass: 'not-a-device',
      mdrRule: 'MDCG 2019-11, step 4',
      aiActClass: 'high-risk',
      aiActGround: 'annex-iii',
      aiActRule: 'AI Act Article 6(3)',
    },
  },
  {
    name: 'Nurse stress detection from faces for productivity',
    note: 'Infers emotions of workers, not for medical or safety reasons: prohibited.',
    role: 'deployer',
    answers: {
      ...ai,
      prohibitedPractice: 'emotion-recognition-work-education',
      beyondStorageCommunication: true,
      individualPatientBenefit: false,
    },
    expected: {
      mdrClass: 'not-a-device',
      mdrRule: 'MDCG 2019-11, step 4',
      aiActClass: 'prohibited',
      aiActGround: 'art-5-1-f',
      aiActRule: 'AI Act Article 5(1)(f)',
    },
  },
  {
    name: 'Research model trained under a permit, never placed on the market',
    note: 'Scientific research only: outside the AI Act; the MDR answer is what it would be once marketed.',
    role: 'provider',
    answers: {
      ...mdsw,
      researchOnly: true,
      informsDecisions: true,
      decisionImpact: 'other',
      monitorsPhysiology: false,
    },
    expected: {
      mdrClass: 'IIa',
      mdrRule: 'MDR Annex VIII, Rule 11, first paragraph',
      aiActClass: 'out-of-scope',
      aiActGround: 'art-2-6',
      aiActRule: 'AI Act Article 2(6) and 2(8)',
    },
  },
  {
    name: 'Insulin pump dose controller software',
    note: 'Drives a class IIb pump (Rule 12): same class as the device it drives.',
    role: 'provider',
    answers: { ...ai, drivesHardwareDevice: true, drivenDeviceClass: 'IIb', annexIIIArea: 'none' },
    expected: {
      mdrClass: 'IIb',
      mdrRule: 'MDR Annex VIII, implementing rule 3.3',
      aiActClass: 'high-risk',
      aiActGround: 'annex-i',
      aiActRule: 'AI Act Article 6(1); MDR Article 52(4)',
    },
  },
  {
    name: 'Lab-result interpretation for anaemia type',
    note: 'Its information comes principally from in vitro examination of blood: IVDR, not Rule 11; a class C IVD needs a notified body.',
    role: 'provider',
    answers: { ...mdsw, inVitroData: true, ivdNotifiedBody: true, annexIIIArea: 'none' },
    expected: {
      mdrClass: 'ivd',
      mdrRule: 'IVDR Article 2(2); IVDR Annex VIII',
      aiActClass: 'high-risk',
      aiActGround: 'annex-i',
      aiActRule: 'AI Act Article 6(1)(b); IVDR Article 48',
    },
  },
  {
    name: 'PACS viewer that only stores and displays images',
    note: 'Storage, archival and communication only; rules set by people, not an AI system.',
    role: 'provider',
    answers: { ...ai, aiSystem: false, beyondStorageCommunication: false },
    expected: {
      mdrClass: 'not-a-device',
      mdrRule: 'MDCG 2019-11, step 3',
      aiActClass: 'out-of-scope',
      aiActGround: 'art-3-1',
      aiActRule: 'AI Act Article 3(1)',
    },
  },
];
