import type { DocItem, EvidenceRef, GovernanceDocument } from '../../api/governance-schemas.ts';
import { document, type ItemSpec, item, r3, text, toComplete } from './doc-builder.ts';
import { EvidenceIndex } from './evidence.ts';
import {
  coefficientTable,
  featureTable,
  gapTable,
  modelFacts,
  performanceTable,
  representativenessTable,
  stationTable,
  subgroupTable,
} from './model-facts.ts';
import type { PlatformRecords } from './platform-records.ts';

/** The TRIPOD+AI checklist (Collins et al., BMJ 2024;385:e078378): 27 items, 52 with their parts. */
const ITEMS: [id: string, section: string, title: string, requirement: string][] = [
  [
    '1',
    'Title',
    'Title',
    'Identify the study as developing or evaluating a prediction model, the target population and the outcome.',
  ],
  ['2', 'Abstract', 'Abstract', 'See TRIPOD+AI for Abstracts.'],
  [
    '3a',
    'Introduction',
    'Background: context',
    'The healthcare context (diagnostic or prognostic) and rationale, with references to existing models.',
  ],
  [
    '3b',
    'Introduction',
    'Background: target population and purpose',
    'The target population, the intended purpose in the care pathway and the intended users.',
  ],
  [
    '3c',
    'Introduction',
    'Background: health inequalities',
    'Known health inequalities between sociodemographic groups.',
  ],
  ['4', 'Introduction', 'Objectives', 'Whether the study develops or validates a model (or both).'],
  [
    '5a',
    'Methods',
    'Data: sources',
    'Sources of data for development and evaluation, rationale and representativeness.',
  ],
  ['5b', 'Methods', 'Data: dates', 'Dates of the data: start and end of accrual and of follow-up.'],
  ['6a', 'Methods', 'Participants: setting', 'Setting, number and location of centres.'],
  ['6b', 'Methods', 'Participants: eligibility', 'Eligibility criteria.'],
  ['6c', 'Methods', 'Participants: treatments', 'Treatments received and how they were handled.'],
  [
    '7',
    'Methods',
    'Data preparation',
    'Pre-processing and quality checking, and whether similar across sociodemographic groups.',
  ],
  [
    '8a',
    'Methods',
    'Outcome: definition',
    'The outcome, time horizon, how and when assessed, and consistency across groups.',
  ],
  [
    '8b',
    'Methods',
    'Outcome: assessors',
    'Qualifications and demographics of outcome assessors if subjective.',
  ],
  ['8c', 'Methods', 'Outcome: blinding', 'Actions to blind outcome assessment.'],
  ['9a', 'Methods', 'Predictors: choice', 'Choice of initial predictors and any pre-selection.'],
  ['9b', 'Methods', 'Predictors: definitions', 'Definition of all predictors, how and when measured.'],
  ['9c', 'Methods', 'Predictors: assessors', 'Qualifications of predictor assessors if subjective.'],
  ['10', 'Methods', 'Sample size', 'How the study size was arrived at and why it suffices.'],
  ['11', 'Methods', 'Missing data', 'How missing data were handled.'],
  [
    '12a',
    'Methods',
    'Analysis: use of data',
    'How the data were used for development and evaluation, partitioning.',
  ],
  [
    '12b',
    'Methods',
    'Analysis: predictor handling',
    'Functional form, rescaling, transformation, standardisation.',
  ],
  [
    '12c',
    'Methods',
    'Analysis: model type and building',
    'Model type, rationale, model-building steps, tuning, internal validation.',
  ],
  [
    '12d',
    'Methods',
    'Analysis: heterogeneity across clusters',
    'How heterogeneity in parameters and performance across clusters was handled.',
  ],
  [
    '12e',
    'Methods',
    'Analysis: performance measures',
    'Measures and plots used to evaluate performance, and their rationale.',
  ],
  [
    '12f',
    'Methods',
    'Analysis: model updating',
    'Any model updating (e.g. recalibration) from the evaluation.',
  ],
  [
    '12g',
    'Methods',
    'Analysis: how predictions were calculated',
    'For evaluation: how predictions were calculated (formula, code, API).',
  ],
  ['13', 'Methods', 'Class imbalance', 'Class imbalance methods, why and how, and recalibration.'],
  ['14', 'Methods', 'Fairness', 'Approaches used to address fairness and their rationale.'],
  [
    '15',
    'Methods',
    'Model output',
    'The output (probabilities, classes), thresholds and how they were chosen.',
  ],
  [
    '16',
    'Methods',
    'Training versus evaluation',
    'Differences between development and evaluation data in setting, eligibility, outcome and predictors.',
  ],
  [
    '17',
    'Methods',
    'Ethical approval',
    'The ethics committee that approved the study and consent or its waiver.',
  ],
  ['18a', 'Open science', 'Funding', 'Source and role of funding.'],
  ['18b', 'Open science', 'Conflicts of interest', 'Conflicts of interest of all authors.'],
  ['18c', 'Open science', 'Protocol', 'Where the protocol can be accessed.'],
  ['18d', 'Open science', 'Registration', 'Register name and registration number.'],
  ['18e', 'Open science', 'Data sharing', 'Availability of the study data.'],
  ['18f', 'Open science', 'Code sharing', 'Availability of the analytical code.'],
  [
    '19',
    'Patient and public involvement',
    'Patient and public involvement',
    'Details of patient and public involvement, or none.',
  ],
  ['20a', 'Results', 'Participants: flow', 'Flow of participants, with and without the outcome, follow-up.'],
  [
    '20b',
    'Results',
    'Participants: characteristics',
    'Characteristics overall and per data source: dates, predictors, sample size, events, missing data.',
  ],
  [
    '20c',
    'Results',
    'Participants: development versus evaluation',
    'Comparison of the distributions of important predictors between development and evaluation data.',
  ],
  ['21', 'Results', 'Model development', 'Number of participants and outcome events in each analysis.'],
  [
    '22',
    'Results',
    'Model specification',
    'The full model (formula, code, API) and any restriction on access.',
  ],
  ['23a', 'Results', 'Model performance', 'Performance with confidence intervals, including key subgroups.'],
  ['23b', 'Results', 'Heterogeneity of performance', 'Heterogeneity in performance across clusters.'],
  ['24', 'Results', 'Model updating', 'Results of any model updating.'],
  [
    '25',
    'Discussion',
    'Interpretation',
    'Overall interpretation, including fairness, in the context of previous studies.',
  ],
  [
    '26',
    'Discussion',
    'Limitations',
    'Limitations and their effect on bias, uncertainty and generalisability.',
  ],
  [
    '27a',
    'Discussion',
    'Usability: input data quality',
    'How poor-quality or unavailable input data should be handled in use.',
  ],
  [
    '27b',
    'Discussion',
    'Usability: user interaction and expertise',
    'Whether users interact with the input data or model, and the expertise needed.',
  ],
  ['27c', 'Discussion', 'Future research', 'Next steps, with a view to applicability and generalisability.'],
];

const spec = (id: string): ItemSpec => {
  const [, section, title, requirement] = ITEMS.find((x) => x[0] === id)!;
  return { id, title: `${section} — ${title}`, requirement };
};

/** TRIPOD+AI, item by item, each filled from the records that back it. */
export function tripodAi(records: PlatformRecords, now = new Date()): GovernanceDocument {
  const e = new EvidenceIndex(records);
  const f = modelFacts(e);
  const { m, refs, card } = f;
  const sys = records.system;
  const last = m.validations.length - 1;
  const v = last >= 0 ? m.validations[last] : undefined;
  const vRef = (...path: (string | number)[]) =>
    last >= 0 ? e.model('validation', 'validations', last, 'result', ...path) : undefined;
  const validationRuns = f.validationRuns.map((x) => x.run);
  const observationFeatures = m.spec.features.filter((x) => x.kind === 'observation');
  const stations = m.training.stations.map((s) => s.id);
  const validationStations = v ? Object.keys(v.result.perStation) : [];
  const sameStations =
    validationStations.length > 0 &&
    stations.length === validationStations.length &&
    validationStations.every(
      (s) => stations.includes(s) || records.stations.some((x) => x.id === s && stations.includes(x.name)),
    );
  const fig = (label: string, ref: EvidenceRef | undefined) => e.figure(label, ref, r3);
  const dateRange = records.datasets
    .filter((d) => f.permit?.datasets.includes(d.id) && d.temporal)
    .map(
      (d) =>
        `${d.stationName}: ${d.temporal?.start?.slice(0, 10) ?? '?'} – ${d.temporal?.end?.slice(0, 10) ?? '?'}`,
    );

  const items: DocItem[] = [
    item(
      spec('1'),
      'filled',
      [
        text(
          `Development and external validation of a ${m.family} regression model predicting ${card.training.outcome} in ${card.training.population}: ${m.name} ${m.version}.`,
        ),
      ],
      [refs.spec],
    ),
    item(
      spec('2'),
      v ? 'filled' : 'partial',
      [
        text(
          `Objective: predict ${card.training.outcome}. Design: routine care data at ${stations.length} stations, federated analysis (no data left a station). Participants: ${f.nTotal} (training). Predictors: ${m.spec.features.length}.`,
        ),
        fig('Pooled AUC', vRef('pooled', 'auc', 'estimate')),
        fig('Pooled observed/expected', vRef('pooled', 'calibrationInTheLarge', 'oeRatio')),
        fig('Pooled calibration slope', vRef('pooled', 'calibrationSlope', 'slope')),
      ],
      [refs.trainingStations, refs.spec, ...validationRuns],
      'Add the conclusion in the authors’ words.',
    ),
    item(
      spec('3a'),
      sys ? 'partial' : 'to-complete',
      sys ? [text(`Prognostic model used in: ${sys.setting}. Purpose: ${sys.intendedPurpose}`)] : [],
      [refs.system],
      'Give the rationale and references to existing models.',
    ),
    item(
      spec('3b'),
      sys ? 'filled' : 'partial',
      [
        text(`Target population: ${card.training.population}.`),
        sys
          ? text(
              `Intended purpose: ${sys.intendedPurpose}. Users: ${sys.intendedUsers}. Decision informed: ${sys.decisionInformed}.`,
            )
          : text(`Intended use: ${m.intendedUse}`),
      ],
      [refs.population, refs.system ?? e.model('intended use', 'intendedUse')],
      'Describe the place in the care pathway.',
    ),
    item(
      spec('3c'),
      v?.result.subgroups.length ? 'filled' : 'to-complete',
      [
        text(
          'Observed outcome rates by sex, age band and region in the data (events / n), from the validation by subgroup:',
        ),
        v
          ? {
              kind: 'table',
              caption: 'Outcome rate by subgroup',
              head: ['subgroup', 'group', 'n', 'events', 'rate'],
              rows: v.result.subgroups.map((s) => [
                s.key,
                s.group,
                s.metrics.n,
                s.metrics.events,
                s.metrics.n ? r3(s.metrics.events / s.metrics.n) : '',
              ]),
              source: vRef('subgroups')!,
            }
          : undefined,
      ],
      [],
      'Add known inequalities from the literature.',
    ),
    item(
      spec('4'),
      'filled',
      [
        text(
          `Development of the model and ${m.validations.length ? `its validation at ${validationStations.length} stations` : 'no validation yet'}.`,
        ),
      ],
      [refs.trainingRun ?? refs.trainingPermit, ...validationRuns],
    ),
    item(
      spec('5a'),
      'filled',
      [
        text(
          `Routine care records (FHIR R4: patients, conditions, observations, encounters) at ${stations.length} stations, used under permit ${m.training.permitId} (purpose "${m.training.purpose}").`,
        ),
        stationTable(f),
        representativenessTable(f),
      ],
      [refs.trainingPermit, refs.representativenessRun, ...f.datasets.map((d) => d.ref)],
    ),
    item(
      spec('5b'),
      'filled',
      [
        text(
          `Index date ${m.spec.population.indexDate}; outcome follow-up ${m.spec.outcome.days} days after it. Data versions per station in the table of item 5a.`,
        ),
        dateRange.length ? text(`Temporal coverage in the catalogue: ${dateRange.join('; ')}.`) : undefined,
      ],
      [refs.population, refs.outcome, refs.trainingStations, ...f.datasets.map((d) => d.ref)],
    ),
    item(
      spec('6a'),
      'filled',
      [
        text(`${stations.length} stations: ${stations.join(', ')}.`),
        records.datasets.length
          ? {
              kind: 'table',
              caption: 'Data sources in the catalogue',
              head: ['dataset', 'station', 'publisher'],
              rows: records.datasets
                .filter((d) => f.permit?.datasets.includes(d.id))
                .map((d) => [d.title, d.stationName, d.publisher ?? '']),
              source: f.datasets[0]?.ref ?? refs.trainingStations!,
            }
          : undefined,
      ],
      [refs.trainingStations, ...f.datasets.map((d) => d.ref)],
    ),
    item(
      spec('6b'),
      'filled',
      [
        text(
          `Eligible: ${card.training.population}; patients who objected to the purpose are excluded at the station.`,
        ),
        m.training.cohort ? text('Cohort definition: see the model record.') : undefined,
      ],
      [refs.population],
    ),
    item(
      spec('6c'),
      'filled',
      [
        text(
          m.spec.features.some((x) => x.kind === 'condition' || x.kind === 'observation')
            ? 'Treatments received were not used as predictors and were not otherwise handled; the model predicts under usual care.'
            : 'No treatment information was used.',
        ),
      ],
      [refs.features],
    ),
    item(
      spec('7'),
      'filled',
      [
        text(
          'At every station the same pipeline: FHIR R4 validation against the StructureDefinitions, pseudonymisation, flattening with the same SQL on FHIR views and the same compiled feature query; identical for all sociodemographic groups. The data version each station used is recorded.',
        ),
      ],
      [refs.trainingStations, refs.trainingRun],
    ),
    item(
      spec('8a'),
      'filled',
      [
        text(
          `Outcome: ${card.training.outcome}. Assessed from encounter records by the same query at every station and for every group.`,
        ),
      ],
      [refs.outcome],
    ),
    item(
      spec('8b'),
      'filled',
      [text('Not applicable: the outcome is read from coded encounter records; no assessor interprets it.')],
      [refs.outcome],
    ),
    item(
      spec('8c'),
      'filled',
      [
        text(
          'The outcome is derived automatically from records after the index date, independently of the predictors (which use data before it).',
        ),
      ],
      [refs.outcome, refs.features],
    ),
    item(
      spec('9a'),
      'partial',
      [
        text(
          `All ${m.spec.features.length} predictors were pre-specified in the model specification; no data-driven selection.`,
        ),
      ],
      [refs.features],
      'Give the rationale for the choice (literature, previous models).',
    ),
    item(spec('9b'), 'filled', [featureTable(f)], [refs.features]),
    item(
      spec('9c'),
      'filled',
      [
        text(
          'Not applicable: predictors are coded data (SNOMED CT, LOINC, encounter classes), not interpreted by assessors.',
        ),
      ],
      [refs.features],
    ),
    item(
      spec('10'),
      'filled',
      [
        text(
          `All eligible patients at the stations were used (${f.nTotal} in training). ${m.coefficients.length} parameters were estimated.`,
        ),
        fig('Outcome events (validation, pooled)', vRef('pooled', 'events')),
        v ? text(`Events per parameter: ${r3(v.result.pooled.events / m.coefficients.length)}.`) : undefined,
      ],
      [refs.trainingStations, refs.coefficients],
    ),
    item(
      spec('11'),
      'filled',
      [
        text(
          observationFeatures.length
            ? `Missing laboratory values were imputed with a fixed value: ${observationFeatures.map((x) => `${x.name} → ${x.kind === 'observation' ? x.impute : ''}`).join(', ')}. Absent conditions count as absent; no patient was omitted for missing data.`
            : 'No predictor can be missing: conditions and encounters count as absent when not recorded.',
        ),
      ],
      [refs.features],
    ),
    item(
      spec('12a'),
      'filled',
      [
        text(
          `Development on all eligible patients at ${stations.length} stations; evaluation at ${validationStations.length} stations${sameStations ? ' (the same stations: an internal-external check per station, not an independent external validation)' : ''}. No random split.`,
        ),
      ],
      [refs.trainingStations, ...validationRuns],
    ),
    item(spec('12b'), 'filled', [featureTable(f)], [refs.features]),
    item(
      spec('12c'),
      'filled',
      [
        text(
          `${m.family} regression fitted by federated Newton–Raphson (exactly the pooled maximum-likelihood fit), ridge ${m.training.ridge}, ${m.training.rounds} rounds; no hyperparameter tuning; no internal validation by resampling.`,
        ),
      ],
      [refs.trainingRun ?? refs.trainingPermit, e.model('training', 'training', 'ridge')],
    ),
    item(
      spec('12d'),
      v ? 'filled' : 'to-complete',
      [
        text(
          'Performance was estimated per station and pooled; heterogeneity is shown by the per-station results (item 23b). Coefficients were not estimated per station.',
        ),
      ],
      [vRef('perStation')],
    ),
    item(
      spec('12e'),
      v ? 'filled' : 'to-complete',
      [
        text(
          `AUC with 95% CI (${v?.result.aucMethod ?? ''}), calibration-in-the-large (O/E), calibration slope, calibration bins and Brier score: discrimination and calibration, as a probability is the output.`,
        ),
      ],
      [vRef('pooled')],
    ),
    item(
      spec('12f'),
      'filled',
      [text(`No model updating: the registry holds version ${m.version} only, without recalibration.`)],
      [e.model('version', 'version')],
    ),
    item(
      spec('12g'),
      'filled',
      [
        text(
          'Predictions: the logistic function of the linear predictor (intercept plus coefficients times predictor values, item 22), computed at each station by the validation algorithm.',
        ),
        coefficientTable(f),
      ],
      [refs.coefficients, ...validationRuns],
    ),
    item(
      spec('13'),
      'filled',
      [
        text(
          'No class imbalance methods were used (no re-sampling or weighting), so predicted probabilities need no correction for them.',
        ),
      ],
      [refs.trainingRun ?? refs.trainingPermit, refs.algorithm],
    ),
    item(
      spec('14'),
      v ? 'filled' : 'to-complete',
      [
        text(
          'Fairness was assessed by performance per sex, age band and region with limits on the gap between best and worst group; flagged gaps are reported as limitations.',
        ),
        v ? gapTable(f, e, last) : undefined,
      ],
      [vRef('gaps')],
    ),
    item(
      spec('15'),
      'filled',
      [text(`Output: a predicted probability of ${card.training.outcome}; the model defines no threshold.`)],
      [refs.outcome, refs.coefficients],
    ),
    item(
      spec('16'),
      v ? 'filled' : 'to-complete',
      [
        text(
          `Evaluation used the same population definition, outcome and predictors as development${sameStations ? ', at the same stations' : `, at ${validationStations.join(', ')}`}.`,
        ),
      ],
      [refs.spec, ...validationRuns],
    ),
    item(
      spec('17'),
      'partial',
      [
        text(
          `Secondary use under permit ${m.training.permitId}, issued by the access body for the purpose "${m.training.purpose}"; patients who objected are excluded.`,
        ),
      ],
      [refs.trainingPermit],
      'Name the ethics committee and its decision on consent.',
    ),
    toComplete(spec('18a'), 'State the funding and the funders’ role.'),
    toComplete(spec('18b'), 'Declare conflicts of interest.'),
    item(
      spec('18c'),
      'partial',
      [
        text(
          `The access request behind permit ${m.training.permitId} ("${f.permit?.title ?? ''}") describes purpose, data and analyses.`,
        ),
      ],
      [refs.trainingPermit],
      'Link the study protocol, or state there is none.',
    ),
    item(
      spec('18d'),
      'filled',
      [
        text(
          `Registered in the platform's public transparency register as permit ${m.training.permitId}, with its runs.`,
        ),
      ],
      [refs.trainingPermit],
    ),
    item(
      spec('18e'),
      'filled',
      [
        text(
          'The data stay at the stations; others can apply for access to the same catalogue entries through the access body.',
        ),
      ],
      [...f.datasets.map((d) => d.ref), refs.trainingPermit],
    ),
    item(
      spec('18f'),
      'filled',
      [
        text(
          `Analytical code: ${m.algorithm.name} ${m.algorithm.version}, SHA-256 ${m.algorithm.hash}, part of the platform's source.`,
        ),
      ],
      [refs.algorithm],
    ),
    toComplete(spec('19'), 'Describe patient and public involvement, or state there was none.'),
    item(
      spec('20a'),
      'filled',
      [
        text(`Training: ${f.nTotal} patients at ${stations.length} stations.`),
        fig('Evaluated patients (pooled)', vRef('pooled', 'n')),
        fig('With the outcome (pooled)', vRef('pooled', 'events')),
      ],
      [refs.trainingStations],
    ),
    item(
      spec('20b'),
      'filled',
      [stationTable(f), v ? performanceTable(f, e, last) : undefined, representativenessTable(f)],
      [refs.trainingStations, refs.representativeness],
    ),
    item(
      spec('20c'),
      sameStations ? 'partial' : v ? 'partial' : 'to-complete',
      [
        text(
          sameStations
            ? 'Development and evaluation data come from the same stations and population definition; their distributions are those of item 20b.'
            : 'Per-station evaluation numbers are in item 23a.',
        ),
      ],
      [refs.representativeness, vRef('perStation')],
      'Compare predictor distributions between development and evaluation data.',
    ),
    item(
      spec('21'),
      'filled',
      [
        stationTable(f),
        fig('Patients in the evaluation (pooled)', vRef('pooled', 'n')),
        fig('Events in the evaluation (pooled)', vRef('pooled', 'events')),
      ],
      [refs.trainingStations],
    ),
    item(
      spec('22'),
      'filled',
      [coefficientTable(f), text('Freely available to permit holders through the model registry.')],
      [refs.coefficients],
    ),
    item(
      spec('23a'),
      v ? 'filled' : 'to-complete',
      [v ? performanceTable(f, e, last) : undefined, v ? subgroupTable(f, e, last) : undefined],
      [],
    ),
    item(spec('23b'), v ? 'filled' : 'to-complete', [v ? performanceTable(f, e, last) : undefined], []),
    item(
      spec('24'),
      'filled',
      [text('No updating was done; there are no updated results.')],
      [e.model('version', 'version')],
    ),
    toComplete(spec('25'), 'Interpret the results, including fairness, against previous studies.'),
    item(
      spec('26'),
      'partial',
      [text(card.limitations.join(' '))],
      [e.model('limitations', 'limitations')],
      'Discuss the effect on bias, uncertainty and generalisability.',
    ),
    item(
      spec('27a'),
      'partial',
      [
        text(
          observationFeatures.length
            ? `In use, missing laboratory values are imputed as in development (item 11).`
            : 'Absent codes count as absent, as in development.',
        ),
      ],
      [refs.features],
      'Describe how poor-quality input is detected and handled in care.',
    ),
    item(
      spec('27b'),
      sys ? 'filled' : 'to-complete',
      sys ? [text(`Users: ${sys.intendedUsers}; autonomy: ${sys.autonomy}.`)] : [],
      [refs.system],
    ),
    toComplete(spec('27c'), 'Describe next steps (e.g. prospective validation, impact study).'),
  ];
  return document(
    'tripod-ai',
    `TRIPOD+AI checklist: ${m.name} ${m.version}`,
    'TRIPOD+AI (Collins et al., BMJ 2024;385:e078378)',
    { systemId: sys?.id ?? null, modelId: m.id },
    items,
    now,
  );
}

export const TRIPOD_AI_ITEM_IDS = ITEMS.map((x) => x[0]);
