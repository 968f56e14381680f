import type {
  Condition,
  Consent,
  DocumentReference,
  Encounter,
  ExplanationOfBenefit,
  MedicationRequest,
  Observation,
  Patient,
  Procedure,
} from '@medplum/fhirtypes';
import type { EhdsPurpose } from '../common/ehds-purposes.ts';
import { type AdmissionFeatures, admissionProbability, linearPredictor } from './admission-model.ts';
import { bsnForNumber } from './bsn.ts';
import {
  type CareSetting,
  DRUGS,
  type Drug,
  type EncounterType,
  type NoteType,
  type ObservationKind,
  type ProcedureKind,
  type VirtualKind,
} from './clinical-codes.ts';
import { clinicalNote } from './clinical-note.ts';
import { CONDITIONS, type ConditionKey, ConditionKeys, prevalenceAt } from './conditions.ts';
import { EMAIL_DOMAINS, FAMILY_NAMES, FEMALE_GIVEN, MALE_GIVEN, STREETS } from './dutch-names.ts';
import {
  conditionResource,
  consentResource,
  documentReferenceResource,
  type EncounterShape,
  encounterResource,
  explanationOfBenefitResource,
  type Meta,
  medicationRequestResource,
  observationResource,
  patientResource,
  procedureResource,
} from './fhir-builders.ts';
import { CLINIC_VISITS_PER_MONTH, edMonthlyRate, INTERVENTION_RATE_RATIO, isFrail } from './intervention.ts';
import { type DigitalFacts, plantDigitalGradient } from './neighbourhood-status.ts';
import type { PhiSpan } from './note-builder.ts';
import type { Org } from './organizations.ts';
import { PYRAMID } from './population-pyramid.ts';
import { Prng } from './prng.ts';
import { type SynthContext, type SynthOptions, synthContext } from './synth-context.ts';
import type { SyntheticPerson } from './synthetic-person.ts';
import {
  ageInYears,
  DAY_MS,
  isoDate,
  isoDateTime,
  monthStart,
  monthsSinceBirthMonth,
  nextMonth,
  YEAR_MS,
} from './time.ts';

/** The resource types written, one NDJSON file each, in this order. */
export const RESOURCE_TYPES = [
  'Patient',
  'Encounter',
  'Condition',
  'Observation',
  'MedicationRequest',
  'Procedure',
  'ExplanationOfBenefit',
  'Consent',
  'DocumentReference',
] as const;
export type SynthResourceType = (typeof RESOURCE_TYPES)[number];

export type SynthResource =
  | Patient
  | Encounter
  | Condition
  | Observation
  | MedicationRequest
  | Procedure
  | ExplanationOfBenefit
  | Consent
  | DocumentReference;

/** One line of note-labels.ndjson. */
export interface NoteLabel {
  readonly documentReferenceId: string;
  readonly text: string;
  readonly spans: readonly PhiSpan[];
}

/** What the truth file needs to know about one patient. */
export interface PatientFacts {
  readonly sex: 'male' | 'female';
  readonly province: string;
  readonly municipality: string;
  /** Index into PYRAMID of the age band at the window start. */
  readonly ageBand: number;
  readonly conditions: readonly ConditionKey[];
  readonly deceased: boolean;
  /** Admission outcome; absent when the patient died before the index date. */
  readonly admission?: {
    features: AdmissionFeatures;
    probability: number;
    linearPredictor: number;
    outcome: 0 | 1;
  };
  /** ED exposure for the intervention and its comparison group (same rule, other municipalities of the province). */
  readonly intervention?: {
    group: 'intervention' | 'comparison';
    preMonths: number;
    preVisits: number;
    postMonths: number;
    postVisits: number;
    clinicVisits: number;
  };
  /** The neighbourhood's deprivation quintile and the planted digital-care gradient (neighbourhood-status.ts). */
  readonly digital: DigitalFacts;
}

export interface GeneratedPatient {
  readonly index: number;
  readonly resources: { readonly [T in SynthResourceType]: Extract<SynthResource, { resourceType: T }>[] };
  readonly notes: NoteLabel[];
  readonly facts: PatientFacts;
}

const POSTCODE_LETTERS = 'ABCDEGHJKLMNPRSTVWXZ';
const HOUR = 3_600_000;
const dayFloor = (ms: number) => Math.floor(ms / DAY_MS) * DAY_MS;
const round2 = (x: number) => Math.round(x * 100) / 100;
const clamp = (x: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, x));

const CONSENT_PURPOSES: readonly EhdsPurpose[] = [
  'ai-training',
  'research',
  'innovation',
  'public-health',
  'policy',
  'statistics',
  'education',
];
const CONSENT_WEIGHTS = [3, 2, 2, 1, 1, 0.5, 0.5];
const CONSENT_CUM = CONSENT_WEIGHTS.reduce<number[]>((acc, w) => {
  acc.push((acc[acc.length - 1] ?? 0) + w);
  return acc;
}, []);

/** Share of patients who object to some secondary use. */
export const OBJECTION_SHARE = 0.04;
/** Planted share of telemonitoring among patients with heart failure or COPD. */
const TELEMONITORING_SHARE = 0.3;

interface Obs {
  kind: ObservationKind;
  value: number;
  time: number;
  enc: string;
}
interface Med {
  drug: Drug;
  time: number;
  enc: string;
}
interface Proc {
  kind: ProcedureKind;
  time: number;
  enc: string;
}
interface Enc extends EncounterShape {
  id: string;
  start: number;
  end: number;
  cost: number;
  note?: NoteType;
}
interface RecordEncounter extends Enc {
  startIso: string;
  endIso: string;
  eobId: string;
}
interface RecordNote {
  id: string;
  type: NoteType;
  text: string;
  spans: PhiSpan[];
  enc: Enc;
  startIso: string;
  endIso: string;
}

/**
 * One simulated patient before serialisation: everything drawn, ids assigned, times formatted. Both the
 * resource objects ({@link patientResources}) and the fast NDJSON writer render from it.
 */
export interface PatientRecord {
  readonly index: number;
  readonly person: SyntheticPerson;
  readonly deathMs: number | undefined;
  readonly conditions: readonly { id: string; key: ConditionKey; onset: string; enc: string | undefined }[];
  readonly encounters: readonly RecordEncounter[];
  readonly observations: readonly (Obs & { id: string; timeIso: string })[];
  readonly medications: readonly (Med & { id: string; timeIso: string; active: boolean })[];
  readonly procedures: readonly (Proc & { id: string; timeIso: string })[];
  readonly consents: readonly { id: string; purpose: EhdsPurpose; time: string }[];
  readonly notes: readonly RecordNote[];
  readonly facts: PatientFacts;
}

function ascii(s: string): string {
  return s
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/ı/g, 'i')
    .replace(/[^A-Za-z]/g, '')
    .toLowerCase();
}

function drawPerson(
  ctx: SynthContext,
  index: number,
  rng: Prng,
): { person: SyntheticPerson; ageBand: number; provinceIndex: number; municipalityIndex: number } {
  const cell = rng.weighted(ctx.pyramidCum);
  const ageBand = cell >> 1;
  const band = PYRAMID[ageBand];
  if (!band) throw new Error('age band out of range');
  const male = (cell & 1) === 0;
  const birthMs = dayFloor(ctx.startMs - (band.from + rng.float() * 5) * YEAR_MS);
  const provinceIndex = rng.weighted(ctx.provinceCum);
  const province = ctx.provinces[provinceIndex];
  const municipalityIndex = rng.weighted(ctx.municipalityCum[provinceIndex] ?? []);
  const municipality = province?.municipalities[municipalityIndex];
  const gp = ctx.gpPractices[provinceIndex]?.[municipalityIndex]?.[rng.int(3)];
  if (!province || !municipality || !gp) throw new Error('region tables out of range');
  let letters = rng.pick([...POSTCODE_LETTERS]) + rng.pick([...POSTCODE_LETTERS]);
  if (letters === 'SA' || letters === 'SD' || letters === 'SS') letters = 'AB';
  const given = [rng.pick(male ? MALE_GIVEN : FEMALE_GIVEN)];
  if (rng.chance(0.25)) given.push(rng.pick(male ? MALE_GIVEN : FEMALE_GIVEN));
  const family = rng.pick(FAMILY_NAMES);
  const houseNumber = `${rng.between(1, 180)}${rng.chance(0.1) ? rng.pick(['a', 'b', '-1', '-2']) : ''}`;
  const phone = `06-${10000000 + rng.int(90000000)}`;
  const email = `${ascii(given[0] ?? 'x')}.${ascii(family)}${rng.chance(0.5) ? rng.int(100) : ''}@${rng.pick(EMAIL_DOMAINS)}`;
  const insurer = ctx.insurers[rng.weighted(ctx.insurerCum)];
  if (!insurer) throw new Error('insurer table out of range');
  const person: SyntheticPerson = {
    index,
    id: rng.uuid(),
    sex: male ? 'male' : 'female',
    given,
    family,
    birthMs,
    bsn: bsnForNumber((ctx.bsnMultiplier * index + ctx.bsnOffset) % 10_000_000),
    mrn: `MRN${(index + 1).toString().padStart(8, '0')}`,
    phone,
    email,
    street: rng.pick(STREETS),
    houseNumber,
    postcode: `${rng.between(municipality.pc4[0], municipality.pc4[1])} ${letters}`,
    municipality: municipality.name,
    province: province.name,
    gp,
    insurer,
  };
  return { person, ageBand, provinceIndex, municipalityIndex };
}

/**
 * One synthetic patient with all their resources, deterministic in (seed, index). The whole life in the
 * window is simulated here: conditions with onset dates, death, encounters in every care setting,
 * measurements, prescriptions, claims, objections to secondary use, letters, and the planted truths
 * (admission outcome, neighbourhood-clinic effect).
 */
export function simulatePatient(ctx: SynthContext, index: number): PatientRecord {
  const rng = Prng.forPatient(ctx.seed, index);
  const { person, ageBand, provinceIndex } = drawPerson(ctx, index, rng);
  const male = person.sex === 'male';
  const birth = person.birthMs;
  const ageAt = (t: number) => (t - birth) / YEAR_MS;

  // Conditions: a shared frailty factor (mean 1) makes them cluster, as multimorbidity does.
  const frailty = Math.exp(0.7 * rng.normal() - 0.245);
  const onset = new Map<ConditionKey, number>();
  const ageAtEnd = ageAt(ctx.endMs);
  for (const key of ConditionKeys) {
    const def = CONDITIONS[key];
    const scale = ctx.conditionScale[def.snomed] ?? 1;
    if (!rng.chance(Math.min(0.95, prevalenceAt(def, ageAtEnd, male) * frailty * scale))) continue;
    const earliest = Math.max(birth + def.minAge * YEAR_MS, ctx.endMs - def.maxYears * YEAR_MS);
    if (earliest >= ctx.endMs - DAY_MS) continue;
    onset.set(key, dayFloor(earliest + rng.float() * (ctx.endMs - DAY_MS - earliest)));
  }
  const hasBefore = (key: ConditionKey, t: number) => (onset.get(key) ?? Number.POSITIVE_INFINITY) < t;
  const countBefore = (t: number) => {
    let k = 0;
    for (const o of onset.values()) if (o < t) k++;
    return k;
  };

  // Death (only before the index date, so that everyone alive at the index date has a full outcome year).
  let deathMs: number | undefined;
  for (let t = ctx.startMs; t < ctx.indexMs; t += YEAR_MS) {
    const stepEnd = Math.min(t + YEAR_MS, ctx.indexMs);
    const severe = hasBefore('heartFailure', t) || hasBefore('dementia', t);
    const q =
      Math.min(0.5, Math.exp(-10.5 + 0.095 * ageAt(t)) * (severe ? 1.6 : 1)) * ((stepEnd - t) / YEAR_MS);
    if (rng.chance(q)) {
      deathMs = dayFloor(t + rng.float() * (stepEnd - t));
      break;
    }
  }
  const followEnd = deathMs ?? ctx.endMs;
  for (const [key, t] of onset) if (t >= followEnd) onset.delete(key);

  const hospitals = ctx.hospitals[provinceIndex] ?? [];
  const hospital = hospitals[rng.int(hospitals.length)];
  if (!hospital) throw new Error('no hospital');
  const encs: Enc[] = [];
  const obs: Obs[] = [];
  const meds: Med[] = [];
  const procs: Proc[] = [];

  const dayTime = (day: number) => dayFloor(day) + (8 + rng.int(9)) * HOUR + rng.int(4) * 15 * 60_000;
  const add = (
    setting: CareSetting,
    type: EncounterType,
    start: number,
    minutes: number,
    org: Org,
    cost: number,
    extra: { virtual?: VirtualKind; priority?: 'EM' | 'R'; end?: number; note?: NoteType } = {},
  ): Enc => {
    const e: Enc = {
      id: rng.uuid(),
      setting,
      type,
      start,
      end: extra.end ?? start + minutes * 60_000,
      org,
      cost: round2(cost),
      ...extra,
    };
    encs.push(e);
    return e;
  };
  const lognormal = (median: number, sd: number) => median * Math.exp(rng.normal(0, sd));

  // Patient-level parameters of measurements and treatment.
  const hba1cMean = 52 + 9 * rng.normal();
  const bmiBase = 25 + 4 * rng.normal();
  const drugs = new Map<string, { drug: Drug; since: number }>();
  for (const [key, t] of onset) {
    for (const drug of DRUGS[key]) {
      if (!rng.chance(drug.share)) continue;
      const known = drugs.get(drug.atc);
      if (!known || known.since > t) drugs.set(drug.atc, { drug, since: t });
    }
  }
  const measure = (kind: ObservationKind, t: number, enc: string) => {
    const age = ageAt(t);
    let value: number;
    switch (kind) {
      case 'hba1c':
        value = hasBefore('diabetes', t)
          ? Math.round(clamp(hba1cMean + rng.normal(0, 5), 38, 110))
          : Math.round(clamp(35 + 0.06 * (age - 40) + rng.normal(0, 3), 25, 46));
        break;
      case 'systolic':
        value = Math.round(
          clamp(
            118 + 0.45 * (age - 30) + (hasBefore('hypertension', t) ? 12 : 0) + rng.normal(0, 12),
            85,
            220,
          ),
        );
        break;
      case 'egfr':
        value = Math.round(
          clamp(
            105 -
              0.9 * Math.max(0, age - 30) -
              (hasBefore('ckd', t) ? 35 : 0) -
              (hasBefore('diabetes', t) ? 5 : 0) +
              rng.normal(0, 8),
            5,
            130,
          ),
        );
        break;
      default:
        value =
          Math.round(clamp(bmiBase + (hasBefore('diabetes', t) ? 4 : 0) + rng.normal(0, 0.5), 15, 55) * 10) /
          10;
    }
    obs.push({ kind, value, time: t, enc });
  };
  const prescribe = (t: number, enc: string, only?: ConditionKey) => {
    for (const d of drugs.values()) {
      if (d.since > t) continue;
      if (only && !DRUGS[only].some((x) => x.atc === d.drug.atc)) continue;
      meds.push({ drug: d.drug, time: t, enc });
    }
  };

  // Diagnosis of conditions that start inside the window.
  const conditionEncounter = new Map<ConditionKey, string>();
  for (const [key, t] of onset) {
    if (t < ctx.startMs) continue;
    const gp = CONDITIONS[key].diagnosedIn === 'gp';
    const e = gp
      ? add('gp', 'gp-diagnosis', dayTime(t), 15, person.gp, 45)
      : add('outpatient', 'outpatient-visit', dayTime(t), 20, hospital, lognormal(240, 0.4), {
          note: rng.chance(0.3) ? 'consult' : undefined,
        });
    conditionEncounter.set(key, e.id);
    prescribe(e.start + 60_000, e.id, key);
  }

  // Year by year: chronic care, GP, outpatient, admissions, virtual care.
  const firstYear = new Date(ctx.startMs).getUTCFullYear();
  for (let y = firstYear; Date.UTC(y, 0, 1) < followEnd; y++) {
    const from = Math.max(ctx.startMs, Date.UTC(y, 0, 1));
    const to = Math.min(followEnd, Date.UTC(y + 1, 0, 1));
    if (from >= to) continue;
    const years = (to - from) / YEAR_MS;
    const age = ageAt(from);
    const k = countBefore(from);
    const span = () => from + rng.float() * (to - from);

    // Chronic care check-ups at the GP (ketenzorg): quarterly for diabetes.
    const active = [...onset.entries()].filter(([, t]) => t < to).map(([c]) => c);
    if (active.length > 0) {
      const n = active.includes('diabetes')
        ? 4
        : active.some((c) => c === 'copd' || c === 'heartFailure' || c === 'ckd')
          ? 2
          : 1;
      let first = true;
      for (let j = 0; j < n; j++) {
        const t = dayTime(from + ((j + rng.float()) / n) * (to - from));
        if (t >= to || countBefore(t) === 0) continue;
        const e = add('gp', 'gp-chronic-care', t, 20, person.gp, 45);
        const at = t + 5 * 60_000;
        if (hasBefore('diabetes', t)) measure('hba1c', at, e.id);
        if (
          ['hypertension', 'diabetes', 'heartFailure', 'ckd', 'atrialFibrillation'].some((c) =>
            hasBefore(c as ConditionKey, t),
          )
        ) {
          measure('systolic', at, e.id);
        }
        if (first) {
          if (
            ['diabetes', 'ckd', 'hypertension', 'heartFailure'].some((c) => hasBefore(c as ConditionKey, t))
          )
            measure('egfr', at, e.id);
          if (hasBefore('diabetes', t)) measure('bmi', at, e.id);
          prescribe(at, e.id);
          first = false;
        }
      }
    }

    // Ordinary GP consultations.
    const gpVisits = rng.poisson((1 + 0.02 * age + 0.5 * k) * years);
    for (let j = 0; j < gpVisits; j++) {
      const e = add('gp', 'gp-consult', dayTime(span()), 10, person.gp, 35, {
        note: rng.chance(0.03) ? 'referral' : undefined,
      });
      if (e.start >= to) {
        encs.pop();
        continue;
      }
      if (age >= 30 && rng.chance(0.25)) measure('systolic', e.start + 5 * 60_000, e.id);
      if (age >= 18 && rng.chance(0.05)) measure('bmi', e.start + 5 * 60_000, e.id);
    }

    // Outpatient specialist visits, some with a diagnostic procedure.
    const outVisits = rng.poisson((0.15 + 0.35 * k) * years);
    for (let j = 0; j < outVisits; j++) {
      const t = dayTime(span());
      if (t >= to) continue;
      const candidates: ProcedureKind[] = [];
      if (hasBefore('copd', t) || hasBefore('asthma', t)) candidates.push('spirometry');
      if (hasBefore('heartFailure', t)) candidates.push('echocardiography');
      if (hasBefore('atrialFibrillation', t)) candidates.push('ecg');
      if (age >= 65) candidates.push('cataract');
      if (age >= 50 && age < 76) candidates.push('colonoscopy');
      const proc = candidates.length > 0 && rng.chance(0.35) ? rng.pick(candidates) : undefined;
      const procCost = proc
        ? ({ spirometry: 90, echocardiography: 180, ecg: 50, cataract: 1400, colonoscopy: 450 }[
            proc as 'ecg'
          ] ?? 0)
        : 0;
      const e = add('outpatient', 'outpatient-visit', t, 20, hospital, lognormal(220, 0.5) + procCost, {
        note: rng.chance(0.15) ? 'consult' : undefined,
      });
      if (proc) procs.push({ kind: proc, time: t + 10 * 60_000, enc: e.id });
      if (hasBefore('ckd', t) && rng.chance(0.5)) measure('egfr', t + 10 * 60_000, e.id);
    }

    // Planned admissions (routine priority), e.g. joint replacement for osteoarthritis.
    const oa = hasBefore('osteoarthritis', from);
    const planned = rng.poisson((0.02 + 0.01 * k + (oa ? 0.04 : 0)) * years);
    for (let j = 0; j < planned; j++) {
      const t = dayFloor(span()) + 8 * HOUR;
      const los = 1 + rng.int(4);
      const end = Math.min(t + los * DAY_MS + 3 * HOUR, followEnd);
      if (t >= end) continue;
      const proc: ProcedureKind | undefined =
        oa && rng.chance(0.6) ? (rng.chance(0.5) ? 'hipReplacement' : 'kneeReplacement') : undefined;
      const e = add(
        'inpatient',
        'elective-admission',
        t,
        0,
        hospital,
        lognormal(600, 0.2) * los + (proc ? 9000 : 0),
        {
          priority: 'R',
          end,
          note: rng.chance(0.7) ? 'discharge' : undefined,
        },
      );
      if (proc) procs.push({ kind: proc, time: t + 3 * HOUR, enc: e.id });
    }

    // Unplanned admissions before the index date (the outcome year gets only the planted ones).
    const emTo = Math.min(to, ctx.indexMs);
    if (emTo > from) {
      const rate = 0.012 * Math.exp(0.03 * (age - 50)) * (1 + 0.4 * k);
      const n = rng.poisson(rate * ((emTo - from) / YEAR_MS));
      for (let j = 0; j < n; j++) {
        const t = from + rng.float() * (emTo - from);
        admitUnplanned(t);
      }
    }

    // Virtual care grows each year (hybrid care).
    const growth = 1 + 0.3 * Math.max(0, y - 2021);
    const econsults = rng.poisson(0.25 * growth * years);
    for (let j = 0; j < econsults; j++) {
      const t = dayTime(span());
      if (t < to) add('virtual', 'e-consult', t, 5, person.gp, 18, { virtual: 'e-consult' });
    }
    const videos = rng.poisson(0.08 * growth * years);
    for (let j = 0; j < videos; j++) {
      const t = dayTime(span());
      if (t < to)
        add('virtual', 'video-consult', t, 15, rng.chance(0.5) ? person.gp : hospital, 32, {
          virtual: 'video',
        });
    }
  }

  function admitUnplanned(t: number): Enc | undefined {
    const los = 2 + rng.poisson(3 + Math.max(0, ageAt(t) - 60) / 10);
    const end = Math.min(t + los * DAY_MS, Math.max(followEnd, t + HOUR));
    if (t >= followEnd) return undefined;
    return add('inpatient', 'emergency-admission', t, 0, hospital!, lognormal(700, 0.2) * los, {
      priority: 'EM',
      end,
      note: rng.chance(0.8) ? 'discharge' : undefined,
    });
  }

  // Telemonitoring for part of the patients with heart failure or COPD, from 2022 on.
  const monitored = (['heartFailure', 'copd'] as const)
    .map((c) => onset.get(c))
    .filter((t): t is number => t !== undefined);
  if (monitored.length > 0 && rng.chance(TELEMONITORING_SHARE)) {
    const from =
      Math.max(Math.min(...monitored), Date.UTC(2022, 0, 1), ctx.startMs) + rng.float() * 2 * YEAR_MS;
    for (let m = monthStart(from); m < followEnd; m = nextMonth(m)) {
      const end = Math.min(nextMonth(m), followEnd) - HOUR;
      add('virtual', 'telemonitoring', m + 8 * HOUR, 0, hospital, 25, { virtual: 'telemonitoring', end });
    }
  }

  // ED visits month by month (Poisson), with the neighbourhood clinic effect for eligible patients.
  const startI = ctx.interventionStartMs;
  const inClinicProvince = person.province === ctx.interventionProvince.name;
  const targetGroup =
    inClinicProvince &&
    followEnd > startI &&
    monthsSinceBirthMonth(birth, startI) >= 900 &&
    isFrail(ConditionKeys.filter((c) => hasBefore(c, startI)));
  const eligible = targetGroup && person.municipality === ctx.interventionMunicipality.name;
  const exposure = { preMonths: 0, preVisits: 0, postMonths: 0, postVisits: 0, clinicVisits: 0 };
  const birthDate = new Date(birth);
  const birthMonth = birthDate.getUTCFullYear() * 12 + birthDate.getUTCMonth();
  for (let i = 0; i + 1 < ctx.monthStarts.length; i++) {
    const m = ctx.monthStarts[i]!;
    if (m >= followEnd) break;
    const mEnd = ctx.monthStarts[i + 1]!;
    const lo = Math.max(m, ctx.startMs);
    const hi = Math.min(mEnd, followEnd);
    if (lo >= hi) continue;
    const frac = (hi - lo) / (mEnd - m);
    const post = m >= startI;
    const lambda =
      edMonthlyRate(Math.floor((ctx.monthIndexes[i]! - birthMonth) / 12), countBefore(m)) *
      (eligible && post ? INTERVENTION_RATE_RATIO : 1);
    const n = rng.poisson(lambda * frac);
    for (let j = 0; j < n; j++) {
      const t = lo + rng.float() * (hi - lo);
      const e = add('ed', 'ed-visit', t, 60 + rng.int(300), hospital, lognormal(420, 0.35), {
        priority: 'EM',
        note: rng.chance(0.3) ? 'ed' : undefined,
      });
      if (ageAt(t) >= 40 && rng.chance(0.2)) procs.push({ kind: 'ecg', time: t + 30 * 60_000, enc: e.id });
    }
    if (targetGroup) {
      if (post) {
        exposure.postMonths += frac;
        exposure.postVisits += n;
      } else {
        exposure.preMonths += frac;
        exposure.preVisits += n;
      }
    }
    if (eligible && post) {
      const visits = rng.poisson(CLINIC_VISITS_PER_MONTH * frac);
      for (let j = 0; j < visits; j++) {
        const t = dayTime(lo + rng.float() * (hi - lo));
        if (t >= hi) continue;
        const e = add('outpatient', 'neighbourhood-clinic', t, 30, ctx.clinic, 75);
        exposure.clinicVisits++;
        if (rng.chance(0.3)) measure('systolic', t + 10 * 60_000, e.id);
      }
    }
  }

  // The admission outcome: HbA1c for everyone 40+ in the year before the index date, then the model.
  let admission: PatientFacts['admission'];
  if (followEnd > ctx.indexMs) {
    const yearBefore = ctx.indexMs - 365 * DAY_MS;
    const ageMonths = monthsSinceBirthMonth(birth, ctx.indexMs);
    if (
      ageMonths >= 480 &&
      !obs.some((o) => o.kind === 'hba1c' && o.time >= yearBefore && o.time < ctx.indexMs)
    ) {
      const e = add(
        'gp',
        'gp-check-up',
        dayTime(yearBefore + rng.float() * (365 - 1) * DAY_MS),
        15,
        person.gp,
        55,
      );
      measure('hba1c', e.start + 10 * 60_000, e.id);
    }
    let latest: Obs | undefined;
    for (const o of obs)
      if (o.kind === 'hba1c' && o.time < ctx.indexMs && (!latest || o.time > latest.time)) latest = o;
    let edPrior = 0;
    for (const e of encs) if (e.setting === 'ed' && e.start >= yearBefore && e.start < ctx.indexMs) edPrior++;
    const features: AdmissionFeatures = {
      ageDecadesCentred: (ageMonths / 12 - 60) / 10,
      male: male ? 1 : 0,
      diabetes: hasBefore('diabetes', ctx.indexMs) ? 1 : 0,
      copd: hasBefore('copd', ctx.indexMs) ? 1 : 0,
      heartFailure: hasBefore('heartFailure', ctx.indexMs) ? 1 : 0,
      ckd: hasBefore('ckd', ctx.indexMs) ? 1 : 0,
      dementia: hasBefore('dementia', ctx.indexMs) ? 1 : 0,
      hba1cCentred: latest ? (latest.value - 40) / 10 : 0,
      edVisitsPriorYear: edPrior,
    };
    const probability = admissionProbability(features);
    const outcome = rng.chance(probability) ? 1 : 0;
    if (outcome === 1) admitUnplanned(ctx.indexMs + rng.float() * 355 * DAY_MS);
    admission = { features, probability, linearPredictor: linearPredictor(features), outcome };
  }

  // Identifiers and texts, in a fixed order so the output depends only on (seed, index).
  encs.sort((a, b) => a.start - b.start);
  const conditions = [...onset.entries()]
    .sort((a, b) => a[1] - b[1])
    .map(([key, t]) => ({ id: rng.uuid(), key, onset: isoDate(t), enc: conditionEncounter.get(key) }));
  const encounters: RecordEncounter[] = [];
  const notes: RecordNote[] = [];
  for (const e of encs) {
    const startIso = isoDateTime(e.start);
    const endIso = isoDateTime(e.end);
    encounters.push({ ...e, startIso, endIso, eobId: rng.uuid() });
    if (e.note) {
      const note = clinicalNote(
        {
          type: e.note,
          person,
          ageYears: ageInYears(birth, e.start),
          startMs: e.start,
          endMs: e.end,
          institution: e.note === 'referral' ? hospital.name : e.org.name,
          conditions: ConditionKeys.filter((c) => hasBefore(c, e.start)),
          drugs: [...drugs.values()].filter((d) => d.since <= e.start).map((d) => d.drug.display),
        },
        rng,
      );
      notes.push({
        id: rng.uuid(),
        type: e.note,
        text: note.text,
        spans: note.spans,
        enc: e,
        startIso,
        endIso,
      });
    }
  }
  obs.sort((a, b) => a.time - b.time);
  meds.sort((a, b) => a.time - b.time);
  const activeDrugFrom = ctx.endMs - 365 * DAY_MS;
  const consents: { id: string; purpose: EhdsPurpose; time: string }[] = [];
  if (rng.chance(OBJECTION_SHARE)) {
    const n = 1 + rng.int(3);
    const chosen = new Set<EhdsPurpose>();
    while (chosen.size < n) chosen.add(CONSENT_PURPOSES[rng.weighted(CONSENT_CUM)] ?? 'research');
    const time = isoDateTime(dayTime(ctx.startMs + rng.float() * (followEnd - ctx.startMs - DAY_MS)));
    for (const purpose of CONSENT_PURPOSES)
      if (chosen.has(purpose)) consents.push({ id: rng.uuid(), purpose, time });
  }

  // The digital-care gradient by neighbourhood status, from a stream of its own (drawn last: nothing else changes).
  const digital = plantDigitalGradient(
    ctx.seed,
    index,
    Number(person.postcode.slice(0, 4)),
    person.municipality,
    encounters,
  );

  return {
    index,
    person,
    deathMs,
    conditions,
    encounters: digital.encounters,
    observations: obs.map((o) => ({ ...o, id: rng.uuid(), timeIso: isoDateTime(o.time) })),
    medications: meds.map((m) => ({
      ...m,
      id: rng.uuid(),
      timeIso: isoDateTime(m.time),
      active: m.time >= activeDrugFrom && m.time < followEnd,
    })),
    procedures: procs.map((x) => ({ ...x, id: rng.uuid(), timeIso: isoDateTime(x.time) })),
    consents,
    notes,
    facts: {
      sex: person.sex,
      province: person.province,
      municipality: person.municipality,
      ageBand,
      conditions: ConditionKeys.filter((c) => onset.has(c)),
      deceased: deathMs !== undefined,
      admission,
      intervention: targetGroup
        ? { group: eligible ? 'intervention' : 'comparison', ...exposure }
        : undefined,
      digital: digital.facts,
    },
  };
}

/** The FHIR resources of one simulated patient, grouped by type. */
export function patientResources(ctx: SynthContext, r: PatientRecord): GeneratedPatient['resources'] {
  const meta: Meta = { lastUpdated: ctx.lastUpdated };
  const pid = r.person.id;
  return {
    Patient: [patientResource(r.person, meta, r.deathMs)],
    Encounter: r.encounters.map((e) => encounterResource(e, e.id, pid, e.startIso, e.endIso, meta)),
    Condition: r.conditions.map((c) => conditionResource(c.id, c.key, pid, c.onset, c.enc, meta)),
    Observation: r.observations.map((o) =>
      observationResource(o.id, o.kind, o.value, pid, o.enc, o.timeIso, meta),
    ),
    MedicationRequest: r.medications.map((m) =>
      medicationRequestResource(m.id, m.drug, pid, m.enc, m.timeIso, m.active, meta),
    ),
    Procedure: r.procedures.map((x) => procedureResource(x.id, x.kind, pid, x.enc, x.timeIso, meta)),
    ExplanationOfBenefit: r.encounters.map((e) =>
      explanationOfBenefitResource(
        e.eobId,
        e,
        e.id,
        pid,
        r.person.insurer,
        e.startIso,
        e.endIso,
        e.cost,
        meta,
      ),
    ),
    Consent: r.consents.map((c) => consentResource(c.id, c.purpose, pid, c.time, meta)),
    DocumentReference: r.notes.map((n) =>
      documentReferenceResource(n.id, n.type, n.text, pid, n.enc.id, n.enc.org, n.startIso, n.endIso, meta),
    ),
  };
}

/** One simulated patient as FHIR resources, note labels and planted facts. */
export function generatePatient(ctx: SynthContext, index: number): GeneratedPatient {
  const r = simulatePatient(ctx, index);
  return { index, resources: patientResources(ctx, r), notes: noteLabels(r), facts: r.facts };
}

export function noteLabels(r: PatientRecord): NoteLabel[] {
  return r.notes.map((n) => ({ documentReferenceId: n.id, text: n.text, spans: n.spans }));
}

/**
 * Patients `from` … `from + count - 1` one at a time (each with its resources grouped by type, its note
 * labels and its planted facts), so callers can stream any number of them or keep a few in memory.
 *
 * @example
 * for (const p of generatePatients({ patients: 10, seed: 1 })) console.log(p.resources.Patient[0]?.id);
 */
export function* generatePatients(
  options: SynthOptions,
  from = 0,
  count?: number,
): Generator<GeneratedPatient> {
  const ctx = synthContext(options);
  const end = count === undefined ? ctx.patients : Math.min(ctx.patients, from + count);
  for (let i = from; i < end; i++) yield generatePatient(ctx, i);
}
