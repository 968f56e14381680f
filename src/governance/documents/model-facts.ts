import { modelCard } from '../../analytics/models/model-card.ts';
import type { DocBlock, EvidenceRef } from '../../api/governance-schemas.ts';
import type { EvidenceIndex } from './evidence.ts';
import type { PermitFacts, RunFacts } from './platform-records.ts';

/**
 * The facts about a model that several documents state, each with the record behind it: the training
 * permit and run, the datasets and stations, validations and representativeness.
 */
export function modelFacts(e: EvidenceIndex) {
  const m = e.records.model;
  const card = modelCard(m);
  const permit = e.records.permits.find((p) => p.id === m.training.permitId) as PermitFacts | undefined;
  const trainingRun = m.training.runId
    ? (e.records.runs.find((r) => r.id === m.training.runId) as RunFacts | undefined)
    : undefined;
  const refs = {
    model: e.model(`model ${m.id}`),
    spec: e.model('model specification', 'spec'),
    features: e.model('feature definitions', 'spec', 'features'),
    population: e.model('population definition', 'spec', 'population'),
    outcome: e.model('outcome definition', 'spec', 'outcome'),
    coefficients: e.model('coefficients', 'coefficients'),
    trainingStations: e.model('training stations', 'training', 'stations'),
    algorithm: e.model('algorithm', 'algorithm'),
    trainingPermit: e.ref('permit', m.training.permitId, `permit ${m.training.permitId}`),
    trainingRun: m.training.runId
      ? e.ref('run', m.training.runId, `training run ${m.training.runId}`)
      : undefined,
    representativeness: m.representativeness
      ? e.model('representativeness', 'representativeness')
      : undefined,
    representativenessRun: m.representativenessRunId
      ? e.ref('run', m.representativenessRunId, `representativeness run ${m.representativenessRunId}`)
      : undefined,
    system: e.records.system
      ? e.ref('ai-system', e.records.system.id, `AI system ${e.records.system.name}`)
      : undefined,
    classification: e.records.system?.id
      ? e.ref('classification', e.records.system.id, 'classification')
      : undefined,
    audit: e.ref('audit', 'hub', 'hub audit chain'),
  };
  const datasets = (permit?.datasets ?? [])
    .map((id) => ({ id, ref: e.ref('dataset', id, `dataset ${id}`) }))
    .filter((d): d is { id: string; ref: EvidenceRef } => !!d.ref);
  const validationRuns = m.validations.map((v, i) => ({
    index: i,
    validation: v,
    run: v.runId ? e.ref('run', v.runId, `validation run ${v.runId}`) : undefined,
    permit: e.ref('permit', v.permitId, `permit ${v.permitId}`),
  }));
  const nTotal = m.training.stations.reduce((s, x) => s + x.n, 0);
  return { m, card, permit, trainingRun, refs, datasets, validationRuns, nTotal };
}
export type ModelFacts = ReturnType<typeof modelFacts>;

/** Per-station performance of one validation as a table that cites the validation in the model record. */
export function performanceTable(f: ModelFacts, e: EvidenceIndex, index: number): DocBlock | undefined {
  const v = f.m.validations[index];
  const source = e.model(`validation #${index + 1}`, 'validations', index, 'result');
  if (!v || !source) return undefined;
  const r3 = (x: number) => Math.round(x * 1000) / 1000;
  const row = (label: string, x: (typeof v.result)['pooled']) => [
    label,
    x.n,
    x.events,
    `${r3(x.auc.estimate)} (${r3(x.auc.lower)}–${r3(x.auc.upper)})`,
    r3(x.calibrationInTheLarge.oeRatio),
    r3(x.calibrationSlope.slope),
    r3(x.brier),
  ];
  return {
    kind: 'table',
    caption: `Validation #${index + 1} (${v.at.slice(0, 10)}): pooled and per station`,
    head: ['where', 'n', 'events', 'AUC (95% CI)', 'O/E', 'calibration slope', 'Brier'],
    rows: [row('pooled', v.result.pooled), ...Object.entries(v.result.perStation).map(([s, x]) => row(s, x))],
    source,
  };
}

export function subgroupTable(f: ModelFacts, e: EvidenceIndex, index: number): DocBlock | undefined {
  const v = f.m.validations[index];
  const source = e.model(`validation #${index + 1} subgroups`, 'validations', index, 'result', 'subgroups');
  if (!v || !source || v.result.subgroups.length === 0) return undefined;
  const r3 = (x: number) => Math.round(x * 1000) / 1000;
  return {
    kind: 'table',
    caption: `Validation #${index + 1}: performance by subgroup`,
    head: ['subgroup', 'group', 'n', 'events', 'AUC (95% CI)', 'O/E', 'Brier'],
    rows: v.result.subgroups.map((s) => [
      s.key,
      s.group,
      s.metrics.n,
      s.metrics.events,
      `${r3(s.metrics.auc.estimate)} (${r3(s.metrics.auc.lower)}–${r3(s.metrics.auc.upper)})`,
      r3(s.metrics.calibrationInTheLarge.oeRatio),
      r3(s.metrics.brier),
    ]),
    source,
  };
}

export function gapTable(f: ModelFacts, e: EvidenceIndex, index: number): DocBlock | undefined {
  const v = f.m.validations[index];
  const source = e.model(`validation #${index + 1} fairness gaps`, 'validations', index, 'result', 'gaps');
  if (!v || !source || v.result.gaps.length === 0) return undefined;
  return {
    kind: 'table',
    caption: `Validation #${index + 1}: gaps between the best and worst subgroup`,
    head: ['subgroup', 'metric', 'gap', 'limit', 'flagged', 'worst group', 'best group'],
    rows: v.result.gaps.map((g) => [
      g.key,
      g.metric,
      Math.round(g.gap * 1000) / 1000,
      g.limit,
      g.flagged ? 'yes' : 'no',
      g.worst,
      g.best,
    ]),
    source,
  };
}

export function stationTable(f: ModelFacts): DocBlock | undefined {
  const source = f.refs.trainingStations;
  if (!source) return undefined;
  return {
    kind: 'table',
    caption: 'Training data per station',
    head: ['station', 'patients', 'data version'],
    rows: f.m.training.stations.map((s) => [s.id, s.n, s.dataVersion ?? '']),
    source,
  };
}

export function featureTable(f: ModelFacts): DocBlock | undefined {
  const source = f.refs.features;
  if (!source) return undefined;
  return {
    kind: 'table',
    caption: 'Predictors',
    head: ['name', 'definition'],
    rows: f.card.training.features.map((x) => [x.name, x.definition]),
    source,
  };
}

export function coefficientTable(f: ModelFacts): DocBlock | undefined {
  const source = f.refs.coefficients;
  if (!source) return undefined;
  return {
    kind: 'table',
    caption: 'The full model (logistic regression; log-odds)',
    head: ['term', 'estimate', '95% CI', 'p'],
    rows: f.card.coefficients.map((c) => [
      c.name,
      c.estimate,
      `${c.lower} – ${c.upper}`,
      c.p.toExponential(2),
    ]),
    source,
  };
}

export function representativenessTable(f: ModelFacts): DocBlock | undefined {
  const rr = f.m.representativeness;
  const source = f.refs.representativeness;
  if (!rr || !source) return undefined;
  const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
  return {
    kind: 'table',
    caption: `Representativeness against ${rr.reference.source} (|standardised difference| > ${rr.limit} flagged)`,
    head: ['cell', 'share in data', 'share in reference', 'flagged'],
    rows: [
      ...rr.pooled.ageSex.map((c) => [
        `${c.ageBand} ${c.sex}`,
        pct(c.share),
        pct(c.referenceShare),
        c.flagged ? 'yes' : 'no',
      ]),
      ...rr.pooled.regions.map((c) => [
        c.region,
        pct(c.share),
        pct(c.referenceShare),
        c.flagged ? 'yes' : 'no',
      ]),
    ],
    source,
  };
}

/** Runs as a table: what ran, under which permit, with which algorithm hash and data versions. */
export function runTable(runs: RunFacts[], source: EvidenceRef | undefined): DocBlock | undefined {
  if (!source || runs.length === 0) return undefined;
  return {
    kind: 'table',
    caption: 'Runs behind this document (audit trail)',
    head: ['run', 'algorithm', 'sha256', 'permit', 'status', 'data versions'],
    rows: runs.map((r) => [
      r.id,
      `${r.algorithm.name} ${r.algorithm.version}`,
      `${r.algorithm.hash.slice(0, 16)}…`,
      r.permitId,
      r.status,
      r.answered.map((a) => `${a.stationName}=${a.dataVersion.slice(0, 14)}`).join(', '),
    ]),
    source,
  };
}
