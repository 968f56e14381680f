import { type ModelRecord, ModelRecordSchema } from '../../analytics/models/model-record.ts';
import { classify } from '../classification/classify.ts';
import { referenceCases } from '../classification/reference-cases.ts';
import type { PlatformRecords } from './platform-records.ts';

type Metrics = ModelRecord['validations'][number]['result']['pooled'];

function metrics(n: number, events: number, auc: number, oe = 1): Metrics {
  const p = events / n;
  return {
    n,
    events,
    auc: { estimate: auc, se: 0.01, lower: auc - 0.02, upper: auc + 0.02 },
    calibrationInTheLarge: { observed: p, expected: p / oe, difference: p - p / oe, oeRatio: oe },
    calibrationSlope: { intercept: 0.01, slope: 0.97, slopeSe: 0.03 },
    brier: 0.081,
    calibration: [
      { from: 0, to: 0.5, n: n - 100, observed: 0.08, expected: 0.08 },
      { from: 0.5, to: 1, n: 100, observed: 0.6, expected: 0.62 },
    ],
  };
}

const admission = referenceCases.find((c) => c.name.startsWith('One-year unplanned-admission'))!;

/** A trained, validated admission model with its AI system, permit, runs, datasets and stations. */
export function platformRecordsFixture(): PlatformRecords {
  const model = ModelRecordSchema.parse({
    id: 'unplanned-admission-1y-abc12345',
    name: 'Unplanned admission within 1 year',
    version: '1.0.0',
    createdAt: '2026-12-01T10:00:00.000Z',
    algorithm: { name: 'glm', version: '1.0.0', hash: 'a'.repeat(64) },
    family: 'logistic',
    spec: {
      population: { indexDate: '2025-01-01' },
      features: [
        { kind: 'age', name: 'ageDecadesCentred', months: true, centre: 60 },
        { kind: 'sex', name: 'male', value: 'male' },
        { kind: 'condition', name: 'diabetes', codes: ['44054006'] },
        { kind: 'observation', name: 'hba1cCentred', code: '4548-4', impute: 40, centre: 40, scale: 10 },
        { kind: 'encounters', name: 'edVisitsPriorYear', setting: 'ed', days: 365 },
      ],
      outcome: { kind: 'unplanned-admission', days: 365 },
    },
    coefficients: [
      'intercept',
      'ageDecadesCentred',
      'male',
      'diabetes',
      'hba1cCentred',
      'edVisitsPriorYear',
    ].map((name, i) => ({
      name,
      estimate: -2 + i * 0.3,
      se: 0.05,
      z: 4,
      p: 1e-5,
      lower: -2.1 + i * 0.3,
      upper: -1.9 + i * 0.3,
    })),
    training: {
      permitId: 'permit-ai',
      purpose: 'ai-training',
      stations: [
        { id: 'Ziekenhuis Noord', n: 4000, dataVersion: 'v-noord-0001' },
        { id: 'Huisartsen Midden', n: 3500, dataVersion: 'v-midden-0001' },
      ],
      rounds: 6,
      ridge: 0,
      runId: 'run-train',
    },
    intendedUse: 'Risk of an unplanned admission within a year, to target proactive care.',
    limitations: ['Trained on synthetic data; not for clinical use.'],
    validations: [
      {
        at: '2026-12-01T11:00:00.000Z',
        permitId: 'permit-ai',
        stations: ['st-noord', 'st-midden'],
        runId: 'run-validate',
        result: {
          pooled: metrics(7500, 600, 0.78),
          perStation: { 'st-noord': metrics(4000, 340, 0.79), 'st-midden': metrics(3500, 260, 0.76, 1.1) },
          subgroups: [
            {
              key: 'sex',
              group: 'female',
              stations: ['st-noord', 'st-midden'],
              metrics: metrics(3800, 290, 0.77),
            },
            {
              key: 'sex',
              group: 'male',
              stations: ['st-noord', 'st-midden'],
              metrics: metrics(3700, 310, 0.79),
            },
            { key: 'ageBand', group: '80+', stations: ['st-noord'], metrics: metrics(600, 150, 0.68) },
          ],
          suppressed: [],
          gaps: [
            {
              key: 'sex',
              metric: 'auc',
              worst: 'female',
              best: 'male',
              gap: 0.02,
              limit: 0.05,
              flagged: false,
            },
            {
              key: 'ageBand',
              metric: 'auc',
              worst: '80+',
              best: '50-59',
              gap: 0.11,
              limit: 0.05,
              flagged: true,
            },
          ],
          rounds: 3,
          aucMethod: 'exact within station (DeLong)',
        },
      },
    ],
    representativeness: {
      pooled: {
        n: 7500,
        ageSex: [
          {
            ageBand: '80+',
            sex: 'female',
            count: 400,
            share: 0.053,
            referenceShare: 0.035,
            ratio: 1.5,
            standardisedDifference: 0.09,
            flagged: false,
          },
        ],
        regions: [
          {
            region: 'Groningen',
            count: 2000,
            share: 0.27,
            referenceShare: 0.033,
            ratio: 8,
            standardisedDifference: 0.7,
            flagged: true,
          },
        ],
        flagged: 1,
      },
      perStation: {},
      reference: { name: 'nl-population-2024', source: 'CBS StatLine 2024', year: 2024 },
      limit: 0.1,
    },
    representativenessRunId: 'run-repr',
  });
  const answered = [
    { stationId: 'st-noord', stationName: 'Ziekenhuis Noord', dataVersion: 'v-noord-0001' },
    { stationId: 'st-midden', stationName: 'Huisartsen Midden', dataVersion: 'v-midden-0001' },
  ];
  const run = (id: string, name: string) => ({
    id,
    permitId: 'permit-ai',
    algorithm: { name, version: '1.0.0', hash: 'b'.repeat(64) },
    status: 'done',
    answered,
  });
  return {
    system: {
      id: 'sys-1',
      ownerUserId: 'u-dev',
      ownerOrganisationId: 'org-dev',
      revision: 1,
      createdAt: '2026-12-01T12:00:00.000Z',
      updatedAt: '2026-12-01T12:00:00.000Z',
      name: 'Proactieve zorg: opnamerisico',
      version: '1.0.0',
      organisation: 'Research Lab',
      organisationRole: 'provider',
      intendedPurpose:
        'Estimates each patient’s risk of an unplanned admission within a year so the GP practice can offer proactive care.',
      intendedUsers: 'general practitioners and practice nurses',
      setting: 'primary care',
      decisionInformed: 'whom to invite for a proactive care consultation',
      autonomy: 'recommends',
      modelIds: [model.id],
      answers: admission.answers,
      publishInRegister: false,
    },
    classification: classify(admission.answers, 'provider'),
    model,
    permits: [
      {
        id: 'permit-ai',
        purpose: 'ai-training',
        title: 'Risicomodel ongeplande opname',
        holder: 'Research Lab',
        issuedAt: '2026-11-30T10:00:00.000Z',
        expiresAt: '2027-02-28T10:00:00.000Z',
        stations: ['st-noord', 'st-midden'],
        datasets: ['ds-noord', 'ds-midden'],
      },
    ],
    runs: [run('run-train', 'glm'), run('run-validate', 'validation'), run('run-repr', 'representativeness')],
    datasets: [
      {
        id: 'ds-noord',
        title: 'Ziekenhuis Noord EPD',
        stationId: 'st-noord',
        stationName: 'Ziekenhuis Noord',
        publisher: 'Ziekenhuis Noord',
        temporal: { start: '2015-01-01', end: '2026-06-30' },
      },
      {
        id: 'ds-midden',
        title: 'Huisartsen Midden HIS',
        stationId: 'st-midden',
        stationName: 'Huisartsen Midden',
        publisher: 'Huisartsen Midden',
      },
    ],
    stations: [
      { id: 'st-noord', name: 'Ziekenhuis Noord' },
      { id: 'st-midden', name: 'Huisartsen Midden' },
    ],
    audit: { entries: 120, ok: true },
  };
}
