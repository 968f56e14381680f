import { EHDS_PURPOSE_SYSTEM } from '../common/ehds-purposes.ts';
import { ADMISSION_COEFFICIENTS, ADMISSION_FEATURE_DEFINITIONS } from './admission-model.ts';
import { CARE_SETTING_SYSTEM, ENCOUNTER_TYPE_SYSTEM } from './clinical-codes.ts';
import { CONDITIONS, type ConditionKey, ConditionKeys } from './conditions.ts';
import { DigitalTruth } from './digital-truth.ts';
import {
  CLINIC_VISITS_PER_MONTH,
  ED_BASE_RATES,
  ED_CONDITION_FACTOR,
  ED_RATE_DEFINITION,
  ELIGIBILITY_DEFINITION,
  INTERVENTION_RATE_RATIO,
} from './intervention.ts';
import type { PatientRecord } from './patient-generator.ts';
import { PYRAMID, PYRAMID_SOURCE, pyramidShares } from './population-pyramid.ts';
import type { SynthContext } from './synth-context.ts';
import { isoDate } from './time.ts';

const r6 = (x: number) => Math.round(x * 1e6) / 1e6;

interface Exposure {
  patients: number;
  preMonths: number;
  preVisits: number;
  postMonths: number;
  postVisits: number;
  clinicVisits: number;
}

/**
 * Collects, patient by patient, what the generator planted, and renders `truth.json`: counts,
 * prevalences, the admission model and its realised outcomes, and the neighbourhood-clinic intervention
 * with its realised ED rates. Definitions are stated so that each number can be recomputed from the
 * station tables (views/README.md).
 */
export class TruthAccumulator {
  private readonly bySex = { male: 0, female: 0 };
  private readonly byRegion = new Map<string, { total: number; male: number; female: number }>();
  private readonly byMunicipality = new Map<string, number>();
  private readonly ageSex = PYRAMID.map(() => ({ male: 0, female: 0 }));
  private readonly conditionCounts = new Map<ConditionKey, number>(ConditionKeys.map((k) => [k, 0]));
  private readonly purposes = new Map<string, number>();
  private readonly digital = new DigitalTruth();
  private objecting = 0;
  private deceased = 0;
  private patients = 0;
  private atRisk = 0;
  private outcomes = 0;
  private expected = 0;
  private readonly exposure: Record<'intervention' | 'comparison', Exposure> = {
    intervention: { patients: 0, preMonths: 0, preVisits: 0, postMonths: 0, postVisits: 0, clinicVisits: 0 },
    comparison: { patients: 0, preMonths: 0, preVisits: 0, postMonths: 0, postVisits: 0, clinicVisits: 0 },
  };

  constructor(private readonly ctx: SynthContext) {}

  add(p: PatientRecord): void {
    const f = p.facts;
    this.patients++;
    this.bySex[f.sex]++;
    const region = this.byRegion.get(f.province) ?? { total: 0, male: 0, female: 0 };
    region.total++;
    region[f.sex]++;
    this.byRegion.set(f.province, region);
    this.byMunicipality.set(f.municipality, (this.byMunicipality.get(f.municipality) ?? 0) + 1);
    const band = this.ageSex[f.ageBand];
    if (band) band[f.sex]++;
    for (const c of f.conditions) this.conditionCounts.set(c, (this.conditionCounts.get(c) ?? 0) + 1);
    if (f.deceased) this.deceased++;
    if (f.admission) {
      this.atRisk++;
      this.outcomes += f.admission.outcome;
      this.expected += f.admission.probability;
    }
    if (f.intervention) {
      const e = this.exposure[f.intervention.group];
      e.patients++;
      e.preMonths += f.intervention.preMonths;
      e.preVisits += f.intervention.preVisits;
      e.postMonths += f.intervention.postMonths;
      e.postVisits += f.intervention.postVisits;
      e.clinicVisits += f.intervention.clinicVisits;
    }
    this.digital.add(f.digital);
    if (p.consents.length > 0) this.objecting++;
    for (const c of p.consents) this.purposes.set(c.purpose, (this.purposes.get(c.purpose) ?? 0) + 1);
  }

  toJSON(counts: Record<string, number>): unknown {
    const ctx = this.ctx;
    const n = this.patients;
    const shares = pyramidShares();
    const rates = (e: Exposure) => ({
      patients: e.patients,
      preMonths: r6(e.preMonths),
      preVisits: e.preVisits,
      preRatePerMonth: e.preMonths > 0 ? r6(e.preVisits / e.preMonths) : null,
      postMonths: r6(e.postMonths),
      postVisits: e.postVisits,
      postRatePerMonth: e.postMonths > 0 ? r6(e.postVisits / e.postMonths) : null,
      clinicVisits: e.clinicVisits,
    });
    const iv = rates(this.exposure.intervention);
    const cmp = rates(this.exposure.comparison);
    const ratio =
      iv.preRatePerMonth && iv.postRatePerMonth && cmp.preRatePerMonth && cmp.postRatePerMonth
        ? r6(iv.postRatePerMonth / iv.preRatePerMonth / (cmp.postRatePerMonth / cmp.preRatePerMonth))
        : null;
    const coefficients = ADMISSION_COEFFICIENTS;
    return {
      generator: {
        name: 'ai4h synth',
        version: 2,
        seed: ctx.seed,
        patients: ctx.patients,
        region: ctx.region ?? null,
        startDate: ctx.startDate,
        endDate: ctx.endDate,
        lastUpdated: ctx.lastUpdated,
      },
      counts,
      patients: {
        total: n,
        bySex: this.bySex,
        byRegion: Object.fromEntries([...this.byRegion.entries()].sort(([a], [b]) => a.localeCompare(b))),
        byMunicipality: Object.fromEntries(
          [...this.byMunicipality.entries()].sort(([a], [b]) => a.localeCompare(b)),
        ),
        deceased: this.deceased,
        deceasedRule: 'deaths are drawn only before the index date (patient.deceased_date < index date)',
        ageSex: {
          source: PYRAMID_SOURCE,
          rule: 'age band and sex drawn from the reference shares; age on the window start date is uniform within the band',
          referenceDate: ctx.startDate,
          bands: PYRAMID.map((b, i) => ({
            from: b.from,
            to: b.to,
            expectedShareMale: r6(shares[2 * i] ?? 0),
            expectedShareFemale: r6(shares[2 * i + 1] ?? 0),
            male: this.ageSex[i]?.male ?? 0,
            female: this.ageSex[i]?.female ?? 0,
          })),
        },
      },
      prevalence: {
        definition:
          'patients with at least one condition with this SNOMED CT code (any onset date; every condition has an onset_date before the end of the window and before death) / all patients',
        conditions: Object.fromEntries(
          ConditionKeys.map((k) => {
            const count = this.conditionCounts.get(k) ?? 0;
            const def = CONDITIONS[k];
            return [
              k,
              {
                snomed: def.snomed,
                icd10: def.icd10,
                display: def.display,
                count,
                prevalence: r6(count / n),
              },
            ];
          }),
        ),
      },
      admission: {
        indexDate: isoDate(ctx.indexMs),
        outcomeWindow: { start: isoDate(ctx.indexMs), endExclusive: isoDate(ctx.indexMs + 365 * 86_400_000) },
        population: 'patients alive at the index date (no deceased_date before it)',
        outcome:
          "1 when the patient has at least one encounter with class_code 'IMP' and priority 'EM' with start_time in [index date, index date + 365 days); the generator writes exactly one such encounter for outcome 1 and none for outcome 0",
        formula: 'P(outcome = 1) = 1 / (1 + exp(-(intercept + sum of coefficient * feature)))',
        coefficients,
        features: ADMISSION_FEATURE_DEFINITIONS,
        atRisk: this.atRisk,
        outcomes: this.outcomes,
        rate: this.atRisk > 0 ? r6(this.outcomes / this.atRisk) : null,
        expectedOutcomes: r6(this.expected),
      },
      intervention: {
        name: 'Neighbourhood clinic (wijkkliniek) for frail older patients',
        province: ctx.interventionProvince.name,
        municipality: ctx.interventionMunicipality.name,
        clinicOrganization: { id: ctx.clinic.id, name: ctx.clinic.name },
        startDate: isoDate(ctx.interventionStartMs),
        rateRatio: INTERVENTION_RATE_RATIO,
        edRate: {
          definition: ED_RATE_DEFINITION,
          baseRatesPerMonth: ED_BASE_RATES,
          conditionFactor: ED_CONDITION_FACTOR,
          edEncounter: {
            setting: 'ed',
            careSettingSystem: CARE_SETTING_SYSTEM,
            classCode: 'EMER',
            priority: 'EM',
          },
        },
        eligibility: ELIGIBILITY_DEFINITION,
        comparisonGroup:
          'the same rule in the other municipalities of the same province (no clinic, no rate change)',
        clinicEncounters: {
          rule: `eligible patients only, from the start date: Poisson(${CLINIC_VISITS_PER_MONTH} per month alive)`,
          setting: 'outpatient',
          classCode: 'AMB',
          typeSystem: ENCOUNTER_TYPE_SYSTEM,
          typeCode: 'neighbourhood-clinic',
        },
        realised: {
          intervention: iv,
          comparison: cmp,
          ratioOfRateRatios: ratio,
          note: 'rates are ED visits per person-month alive; pre = window start to intervention start, post = intervention start to window end',
        },
      },
      digitalCare: this.digital.toJSON(),
      consent: {
        definition: `Consent with provision.type 'deny' and provision.purpose coded in ${EHDS_PURPOSE_SYSTEM}; one Consent per purpose`,
        objectingPatients: this.objecting,
        byPurpose: Object.fromEntries([...this.purposes.entries()].sort(([a], [b]) => a.localeCompare(b))),
      },
    };
  }
}
