import type { GovernanceDocument } from '../../api/governance-schemas.ts';
import { document, type ItemSpec, item, r3, text, toComplete } from './doc-builder.ts';
import { EvidenceIndex } from './evidence.ts';
import {
  coefficientTable,
  featureTable,
  gapTable,
  modelFacts,
  performanceTable,
  representativenessTable,
  runTable,
  stationTable,
  subgroupTable,
} from './model-facts.ts';
import type { PlatformRecords } from './platform-records.ts';

const S = (id: string, title: string, requirement: string): ItemSpec => ({ id, title, requirement });

/**
 * AI Act Annex IV technical documentation, every section, filled from the platform's records where it
 * can and marked "to be completed by the provider" (with what is needed) where it cannot.
 */
export function annexIv(records: PlatformRecords, now = new Date()): GovernanceDocument {
  const e = new EvidenceIndex(records);
  const f = modelFacts(e);
  const { m, refs } = f;
  const sys = records.system;
  const cls = records.classification;
  const runs = records.runs.filter(
    (r) =>
      r.id === m.training.runId ||
      r.id === m.representativenessRunId ||
      m.validations.some((v) => v.runId === r.id),
  );
  const runRefs = runs.map((r) => e.ref('run', r.id, `run ${r.id}`));
  const lastValidation = m.validations.length - 1;
  const pooled =
    lastValidation >= 0 ? (['validations', lastValidation, 'result', 'pooled'] as const) : undefined;
  const fig = (label: string, ...path: (string | number)[]) =>
    pooled ? e.figure(label, e.model(label, ...pooled, ...path), r3) : undefined;
  const flaggedGaps = m.validations.flatMap((v) => v.result.gaps.filter((g) => g.flagged));

  const items = [
    sys
      ? item(
          S(
            '1(a)',
            'Intended purpose, provider, version',
            'Its intended purpose, the name of the provider and the version of the system reflecting its relation to previous versions.',
          ),
          'filled',
          [
            text(`${sys.name} ${sys.version}, provided by ${sys.organisation} (${sys.organisationRole}).`),
            text(`Intended purpose: ${sys.intendedPurpose}`),
            text(
              `Intended users: ${sys.intendedUsers}. Setting: ${sys.setting}. Decision informed: ${sys.decisionInformed}.`,
            ),
            text(`Built on model ${m.id} version ${m.version} (registered ${m.createdAt.slice(0, 10)}).`),
          ],
          [refs.system, refs.model],
        )
      : toComplete(
          S('1(a)', 'Intended purpose, provider, version', 'Intended purpose, provider, version.'),
          'Register the AI system (intended purpose, provider, version) on the platform.',
        ),
    toComplete(
      S(
        '1(b)',
        'Interaction with other hardware or software',
        'How the AI system interacts with hardware or software, including other AI systems, that are not part of it.',
      ),
      'Describe the systems it exchanges data with (e.g. the EHR, via which interface) and any other AI system it uses or feeds.',
    ),
    item(
      S(
        '1(c)',
        'Versions of software and update requirements',
        'The versions of relevant software or firmware, and any requirements related to version updates.',
      ),
      'partial',
      [
        text(
          `Model ${m.id} ${m.version}, trained with algorithm ${m.algorithm.name} ${m.algorithm.version} (SHA-256 ${m.algorithm.hash}).`,
        ),
      ],
      [refs.algorithm],
      'Add the versions of the software that runs the model in care and the policy for updates.',
    ),
    toComplete(
      S(
        '1(d)',
        'Forms in which it is placed on the market',
        'All the forms in which the AI system is placed on the market or put into service (software package, download, API).',
      ),
      'State how the system is delivered (embedded in an EHR module, a web service, an API, …).',
    ),
    toComplete(
      S('1(e)', 'Hardware on which it runs', 'The hardware on which the AI system is intended to run.'),
      'Describe the intended hardware and operating environment.',
    ),
    toComplete(
      S(
        '1(f)',
        'Product photographs and markings',
        'Where the AI system is a component of products: photographs or illustrations of external features, marking and internal layout.',
      ),
      'Only for a system that is a component of a physical product; otherwise state "not applicable".',
    ),
    toComplete(
      S(
        '1(g)',
        'User interface for the deployer',
        'A basic description of the user-interface provided to the deployer.',
      ),
      'Describe (with screenshots) how users see the risk and its explanation.',
    ),
    item(
      S('1(h)', 'Instructions for use', 'Instructions for use for the deployer.'),
      'partial',
      [
        text(`Intended use recorded with the model: ${(m.intendedUse || 'not stated').replace(/\.$/, '')}.`),
        text(`Known limitations: ${f.card.limitations.join(' ') || 'none recorded'}`),
      ],
      [e.model('intended use', 'intendedUse'), e.model('limitations', 'limitations')],
      'Write the instructions for use (Article 13): how to read the output, when not to use it, human oversight, maintenance.',
    ),
    item(
      S(
        '2(a)',
        'Methods and steps of development',
        'The methods and steps performed for the development, including recourse to pre-trained systems or third-party tools.',
      ),
      'filled',
      [
        text(
          `Federated ${m.family} regression: each station computed the gradient and Hessian of the log-likelihood on its own data and the hub summed them (Newton–Raphson, ${m.training.rounds} rounds, ridge ${m.training.ridge}); the result equals a pooled fit. No patient-level data left a station. No pre-trained system was used.`,
        ),
        text(`Trained under permit ${m.training.permitId} for the purpose "${m.training.purpose}".`),
      ],
      [refs.trainingRun, refs.trainingPermit, refs.algorithm],
    ),
    item(
      S(
        '2(b)',
        'Design specifications',
        'General logic of the system and algorithms; key design choices and assumptions; what it optimises; expected output.',
      ),
      'filled',
      [
        text(
          `Output: the predicted probability of ${f.card.training.outcome}. The model optimises the (penalised) log-likelihood; there is no decision threshold in the model.`,
        ),
        text(`Population: ${f.card.training.population}.`),
        featureTable(f),
        coefficientTable(f),
      ],
      [refs.spec, refs.coefficients],
      undefined,
    ),
    item(
      S(
        '2(c)',
        'System architecture and computational resources',
        'How software components build on or feed into each other; computational resources used to develop, train, test and validate.',
      ),
      'partial',
      [
        text(
          `Training and validation ran as signed tasks from the hub to ${m.training.stations.length} stations; each station ran the algorithm's local half on its own data and released only aggregates after disclosure control; the hub combined them.`,
        ),
        runTable(runs, runRefs[0]),
      ],
      runRefs,
      'Describe the architecture of the system in care (where the model runs, how inputs arrive) and the compute used.',
    ),
    item(
      S(
        '2(d)',
        'Data requirements and training data',
        'Datasheets: training methodologies, training data sets, provenance, scope, main characteristics, how data was obtained and selected, labelling, cleaning.',
      ),
      'filled',
      [
        text(
          `Source: routine care records (FHIR R4) at ${m.training.stations.length} stations, validated, pseudonymised at the station and flattened with SQL on FHIR views; obtained under permit ${m.training.permitId} (purpose "${m.training.purpose}"). Selection: ${f.card.training.population}. Label: ${f.card.training.outcome}, derived from encounter records by the same query at every station.`,
        ),
        stationTable(f),
        f.datasets.length
          ? {
              kind: 'table',
              caption: 'Catalogue entries under the permit',
              head: ['dataset', 'title', 'station'],
              rows: f.datasets.map((d) => {
                const ds = records.datasets.find((x) => x.id === d.id)!;
                return [ds.id, ds.title, ds.stationName];
              }),
              source: f.datasets[0]!.ref,
            }
          : undefined,
        representativenessTable(f),
      ],
      [
        refs.trainingPermit,
        refs.trainingRun,
        refs.population,
        refs.outcome,
        refs.representativenessRun,
        ...f.datasets.map((d) => d.ref),
      ],
    ),
    item(
      S(
        '2(e)',
        'Human oversight measures',
        'Assessment of the human oversight measures needed (Article 14), including technical measures to help deployers interpret the outputs.',
      ),
      sys ? 'partial' : 'to-complete',
      sys
        ? [
            text(
              `Autonomy: ${sys.autonomy}. The output informs: ${sys.decisionInformed}. Users: ${sys.intendedUsers}.`,
            ),
            text(
              'The model is a logistic regression: every prediction can be explained by the contribution of each predictor (coefficients in 2(b)).',
            ),
          ]
        : [],
      [refs.system, refs.coefficients],
      'Describe who oversees the output, how they can override it, and their training.',
    ),
    toComplete(
      S(
        '2(f)',
        'Pre-determined changes',
        'A description of pre-determined changes to the system and its performance, and how continuous compliance is ensured.',
      ),
      'Describe planned updates (e.g. periodic recalibration at each station) and the criteria that trigger them.',
    ),
    item(
      S(
        '2(g)',
        'Validation and testing',
        'Validation and testing procedures, data used and their characteristics; metrics for accuracy, robustness and potentially discriminatory impacts; dated test logs.',
      ),
      m.validations.length ? 'filled' : 'to-complete',
      [
        text(
          `${m.validations.length} validation run(s): AUC (${m.validations[0]?.result.aucMethod ?? 'DeLong'}), calibration-in-the-large (O/E), calibration slope, calibration bins and Brier score, per station, pooled and by sex, age band and region, with subgroup gaps flagged above preset limits.`,
        ),
        ...m.validations.flatMap((_, i) => [
          performanceTable(f, e, i),
          subgroupTable(f, e, i),
          gapTable(f, e, i),
        ]),
        runTable(
          runs.filter((r) => m.validations.some((v) => v.runId === r.id)),
          f.validationRuns.find((v) => v.run)?.run,
        ),
      ],
      [...f.validationRuns.flatMap((v) => [v.run, v.permit]), refs.audit],
      'Run an external validation at the stations (the validation algorithm) and register it with the model.',
    ),
    item(
      S('2(h)', 'Cybersecurity measures', 'Cybersecurity measures put in place.'),
      records.audit?.ok ? 'partial' : 'to-complete',
      [
        text(
          'Development and validation ran under the platform’s controls: every task signed by the hub and verified by each station against its own policy, patient data kept at the stations, disclosure control at each station, and every permit, task and result in a hash-chained audit log that verifies.',
        ),
        e.figure(
          'Entries in the verified hub audit chain',
          e.ref('audit', 'hub', 'hub audit chain', '/entries'),
        ),
      ],
      [refs.audit],
      'Describe the security of the system in care (access control, logging, updates, vulnerability handling).',
    ),
    item(
      S(
        '3',
        'Monitoring, functioning and control',
        'Capabilities and limitations in performance, accuracy for specific groups and overall; foreseeable unintended outcomes and risks; human oversight; input data specifications.',
      ),
      m.validations.length ? 'filled' : 'to-complete',
      [
        fig('Pooled AUC', 'auc', 'estimate'),
        fig('Pooled AUC, lower 95% limit', 'auc', 'lower'),
        fig('Pooled AUC, upper 95% limit', 'auc', 'upper'),
        fig('Pooled observed/expected ratio', 'calibrationInTheLarge', 'oeRatio'),
        fig('Pooled calibration slope', 'calibrationSlope', 'slope'),
        fig('Pooled Brier score', 'brier'),
        lastValidation >= 0 ? subgroupTable(f, e, lastValidation) : undefined,
        text(
          flaggedGaps.length
            ? `Foreseeable risk of unequal performance: ${flaggedGaps.map((g) => `${g.metric} by ${g.key} (worst: ${g.worst}, gap ${r3(g.gap)} > ${g.limit})`).join('; ')}.`
            : 'No subgroup gap above its limit.',
        ),
        text(`Limitations: ${f.card.limitations.join(' ')}`),
        text(
          `Input data: the predictors in 2(b), read from coded records (SNOMED CT, LOINC) as of the index date; missing laboratory values are imputed as specified.`,
        ),
        records.audit
          ? e.figure(
              'Entries in the hub audit chain (every permit, task and result logged)',
              e.ref('audit', 'hub', 'hub audit chain', '/entries'),
            )
          : undefined,
      ],
      [
        ...f.validationRuns.map((v) => v.run),
        e.model('limitations', 'limitations'),
        refs.features,
        refs.audit,
      ],
      'Run an external validation first.',
    ),
    item(
      S(
        '4',
        'Appropriateness of the performance metrics',
        'A description of the appropriateness of the performance metrics for the specific AI system.',
      ),
      m.validations.length ? 'filled' : 'to-complete',
      [
        text(
          'The system outputs a probability, so both discrimination (AUC: does it rank patients with the outcome higher) and calibration (O/E ratio, calibration slope and bins: are the probabilities right) are reported, with the Brier score as an overall measure; per station and per subgroup because the AI Act asks for accuracy for the groups it is used on (TRIPOD+AI item 12e).',
        ),
      ],
      f.validationRuns.map((v) => e.model('validation metrics', 'validations', v.index, 'result', 'pooled')),
    ),
    item(
      S('5', 'Risk management system', 'A detailed description of the risk management system (Article 9).'),
      cls ? 'partial' : 'to-complete',
      cls
        ? [
            text(
              `Classification: AI Act ${cls.aiActClass ?? 'undecided'}${cls.aiActGround ? ` (${cls.aiActGround})` : ''}, MDR ${cls.mdrClass ?? 'undecided'}; decided with rule files ${cls.trees.aiAct.id} ${cls.trees.aiAct.version} and ${cls.trees.mdr.id} ${cls.trees.mdr.version}.`,
            ),
            text(`Risks the data shows: ${f.card.limitations.join(' ')}`),
          ]
        : [],
      [refs.classification, e.model('limitations', 'limitations')],
      'Describe the risk management process (ISO 14971 for a medical device): hazards, estimation, control measures, residual risk.',
    ),
    item(
      S(
        '6',
        'Changes through the life cycle',
        'A description of relevant changes made by the provider to the system through its lifecycle.',
      ),
      'filled',
      [
        text(
          `Model ${m.id} version ${m.version}, registered ${m.createdAt.slice(0, 10)}; ${m.validations.length} validation(s) since: ${m.validations.map((v) => v.at.slice(0, 10)).join(', ') || 'none'}.`,
        ),
      ],
      [
        e.model('registry entry', 'createdAt'),
        ...m.validations.map((_, i) => e.model(`validation #${i + 1}`, 'validations', i, 'at')),
      ],
    ),
    toComplete(
      S(
        '7',
        'Harmonised standards applied',
        'The harmonised standards applied, or the solutions adopted to meet the requirements of Chapter III, Section 2.',
      ),
      'List the standards applied (e.g. EN 62304, EN ISO 14971, EN ISO 13485, and harmonised AI standards once published).',
    ),
    toComplete(
      S('8', 'EU declaration of conformity', 'A copy of the EU declaration of conformity (Article 47).'),
      'Attach the declaration after the conformity assessment.',
    ),
    postMarket(records, e),
  ];
  return document(
    'annex-iv',
    `Technical documentation (AI Act Annex IV): ${sys?.name ?? m.name}`,
    'Regulation (EU) 2024/1689, Annex IV',
    { systemId: sys?.id ?? null, modelId: m.id },
    items,
    now,
  );
}

const POST_MARKET = S(
  '9',
  'Post-market monitoring plan',
  'The system to evaluate performance in the post-market phase (Article 72), including the post-market monitoring plan.',
);

/**
 * Section 9 from the outcome monitors linked to the system: each monitor's definition, indicators,
 * alert rule and latest run (with its alerts), citing the monitor and the run. Without a monitor it is
 * to be completed, saying what is needed. The plan's organisational side (who acts on an alert, the
 * reporting of serious incidents, Article 73) stays the provider's, so a monitored system is `partial`.
 */
function postMarket(records: PlatformRecords, e: EvidenceIndex) {
  const monitors = records.monitors ?? [];
  if (monitors.length === 0)
    return toComplete(
      POST_MARKET,
      'No outcome monitor is linked to this AI system. Create one under a public-health or policy permit (`ai4h monitor create`, `/api/monitors`) with the indicators and alert rule that show the system performing as intended, link it to the system (`monitorIds`), and describe who acts on an alert and how serious incidents are reported (Article 73).',
    );
  const blocks = monitors.flatMap((m) => {
    const ref = e.ref('monitor', m.id, `monitor ${m.name}`);
    const run = m.latest ? e.ref('run', m.latest.runId, `run ${m.latest.runId}`) : undefined;
    return [
      text(
        `Outcome monitor "${m.name}" (${m.id}, owner ${m.owner}, under permit ${m.permitId}, since ${m.createdAt.slice(0, 10)}): indicators ${m.indicators.join(', ')}${m.followUpMonths ? `, followed ${m.followUpMonths} months` : ''}.`,
      ),
      text(
        `Alert rule: ${m.alert.method} on ${m.alert.indicator}, overall two-sided false-alarm probability ${m.alert.alpha}, ${m.alert.higherIsWorse ? 'more is worse' : 'less is worse'}.`,
      ),
      text(
        m.latest
          ? `Latest run: ${m.latest.month}, ${m.latest.status}${m.latest.alerts ? (m.latest.alerts.length ? `; alerts: ${m.latest.alerts.join(', ')}` : '; no alert') : ''} (${run?.href ?? `run ${m.latest.runId}`}).`
          : 'No run yet: the monitor has not reported a month.',
      ),
      ref && e.figure('indicators', e.ref('monitor', m.id, 'indicators', '/indicators/length')),
    ];
  });
  const evidence = monitors.flatMap((m) => [
    e.ref('monitor', m.id, `monitor ${m.name}`),
    m.latest ? e.ref('run', m.latest.runId, `run ${m.latest.runId}`) : undefined,
  ]);
  return item(
    POST_MARKET,
    'partial',
    blocks,
    evidence,
    'Describe who acts on an alert, the corrective actions, and how serious incidents are reported (Article 73).',
  );
}
