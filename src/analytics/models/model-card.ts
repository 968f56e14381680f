import type { Metrics } from '../algorithms/validation/definition.ts';
import type { ModelRecord } from './model-record.ts';

/** A model card (after Mitchell et al. 2019), filled from what the platform knows about a model. */
export interface ModelCard {
  title: string;
  model: { id: string; version: string; family: string; algorithm: string; createdAt: string };
  intendedUse: string;
  training: {
    purpose: string;
    permitId: string;
    population: string;
    features: { name: string; definition: string }[];
    outcome: string;
    stations: { id: string; n: number; dataVersion?: string }[];
    cohort?: unknown;
  };
  coefficients: { name: string; estimate: number; lower: number; upper: number; p: number }[];
  performance: { validation: string; station: string; metrics: MetricRow }[];
  subgroups: { validation: string; key: string; group: string; metrics: MetricRow }[];
  fairnessGaps: {
    key: string;
    metric: string;
    gap: number;
    limit: number;
    flagged: boolean;
    worst: string;
  }[];
  representativeness?: { reference: string; flagged: string[] };
  limitations: string[];
}

export interface MetricRow {
  n: number;
  events: number;
  auc: string;
  calibrationInTheLarge: number;
  calibrationSlope: number;
  brier: number;
}

const r3 = (v: number) => Math.round(v * 1000) / 1000;

function row(m: Metrics): MetricRow {
  return {
    n: m.n,
    events: m.events,
    auc: `${r3(m.auc.estimate)} (${r3(m.auc.lower)}–${r3(m.auc.upper)})`,
    calibrationInTheLarge: r3(m.calibrationInTheLarge.difference),
    calibrationSlope: r3(m.calibrationSlope.slope),
    brier: r3(m.brier),
  };
}

function describeFeature(f: ModelRecord['spec']['features'][number]): string {
  switch (f.kind) {
    case 'age':
      return 'age at index date, in decades';
    case 'sex':
      return `sex is ${f.value}`;
    case 'region':
      return `lives in ${f.value}`;
    case 'condition':
      return `condition (SNOMED CT ${f.codes.join(', ')}) with onset before index`;
    case 'observation':
      return `latest LOINC ${f.code} before index${f.scale ? ` / ${f.scale}` : ''} (missing: ${f.impute})`;
    case 'encounters':
      return `number of ${f.setting} encounters in the ${f.days} days before index`;
  }
}

/** Builds the card from a model record; limitations the data shows are added automatically. */
export function modelCard(m: ModelRecord): ModelCard {
  const pop = m.spec.population;
  const performance: ModelCard['performance'] = [];
  const subgroups: ModelCard['subgroups'] = [];
  const fairnessGaps: ModelCard['fairnessGaps'] = [];
  const limitations = [...m.limitations];
  m.validations.forEach((v, k) => {
    const label = `#${k + 1} ${v.at.slice(0, 10)}`;
    performance.push({ validation: label, station: 'pooled', metrics: row(v.result.pooled) });
    for (const [s, metrics] of Object.entries(v.result.perStation))
      performance.push({ validation: label, station: s, metrics: row(metrics) });
    for (const s of v.result.subgroups)
      subgroups.push({ validation: label, key: s.key, group: s.group, metrics: row(s.metrics) });
    for (const g of v.result.gaps) {
      fairnessGaps.push({
        key: g.key,
        metric: g.metric,
        gap: r3(g.gap),
        limit: g.limit,
        flagged: g.flagged,
        worst: g.worst,
      });
      if (g.flagged)
        limitations.push(
          `Performance gap by ${g.key} (${g.metric} ${r3(g.gap)} > ${g.limit}); worst group: ${g.worst}.`,
        );
    }
    if (v.result.suppressed.length > 0) {
      limitations.push(
        `${v.result.suppressed.length} station subgroups were too small to evaluate (validation ${label}).`,
      );
    }
  });
  if (m.validations.length === 0) limitations.push('No external validation recorded yet.');
  let representativeness: ModelCard['representativeness'];
  if (m.representativeness) {
    const flagged = [
      ...m.representativeness.pooled.ageSex.filter((c) => c.flagged).map((c) => `${c.sex} ${c.ageBand}`),
      ...m.representativeness.pooled.regions.filter((r) => r.flagged).map((r) => r.region),
    ];
    representativeness = { reference: m.representativeness.reference.source, flagged };
    if (flagged.length > 0)
      limitations.push(`Training population differs from the reference in: ${flagged.join(', ')}.`);
  }
  return {
    title: `${m.name} ${m.version}`,
    model: {
      id: m.id,
      version: m.version,
      family: m.family,
      algorithm: `${m.algorithm.name} ${m.algorithm.version} (sha256 ${m.algorithm.hash.slice(0, 12)}…)`,
      createdAt: m.createdAt,
    },
    intendedUse: m.intendedUse || 'Not stated.',
    training: {
      purpose: m.training.purpose,
      permitId: m.training.permitId,
      population:
        `alive on ${pop.indexDate}` +
        (pop.minAge !== undefined ? `, age ≥ ${pop.minAge}` : '') +
        (pop.maxAge !== undefined ? `, age < ${pop.maxAge}` : '') +
        (pop.sex ? `, sex ${pop.sex.join('/')}` : '') +
        (pop.regions ? `, regions ${pop.regions.join(', ')}` : ''),
      features: m.spec.features.map((f) => ({ name: f.name, definition: describeFeature(f) })),
      outcome: `unplanned admission (inpatient, priority EM) within ${m.spec.outcome.days} days after the index date${m.spec.outcome.count ? ' (count)' : ''}`,
      stations: m.training.stations,
      cohort: m.training.cohort,
    },
    coefficients: m.coefficients.map((c) => ({
      name: c.name,
      estimate: r3(c.estimate),
      lower: r3(c.lower),
      upper: r3(c.upper),
      p: c.p,
    })),
    performance,
    subgroups,
    fairnessGaps,
    representativeness,
    limitations,
  };
}

const mdCell = (v: unknown) => String(v).replaceAll('|', '\\|').replaceAll('\n', ' ');
function mdTable(head: string[], rows: unknown[][]): string {
  return [
    `| ${head.join(' | ')} |`,
    `|${head.map(() => '---').join('|')}|`,
    ...rows.map((r) => `| ${r.map(mdCell).join(' | ')} |`),
  ].join('\n');
}
const metricHead = ['n', 'events', 'AUC (95% CI)', 'CITL', 'slope', 'Brier'];
const metricCells = (m: MetricRow) => [
  m.n,
  m.events,
  m.auc,
  m.calibrationInTheLarge,
  m.calibrationSlope,
  m.brier,
];

/** The card as Markdown (for repositories and technical documentation). */
export function modelCardMarkdown(c: ModelCard): string {
  const parts = [
    `# Model card: ${c.title}`,
    `Model id \`${c.model.id}\`, ${c.model.family} regression, trained with ${c.model.algorithm} on ${c.model.createdAt.slice(0, 10)}.`,
    '## Intended use',
    c.intendedUse,
    '## Training data',
    `Purpose: ${c.training.purpose} (permit ${c.training.permitId}). Population: ${c.training.population}. Outcome: ${c.training.outcome}.`,
    mdTable(
      ['station', 'patients', 'data version'],
      c.training.stations.map((s) => [s.id, s.n, s.dataVersion ?? '']),
    ),
    '### Features',
    mdTable(
      ['name', 'definition'],
      c.training.features.map((f) => [f.name, f.definition]),
    ),
    '### Coefficients',
    mdTable(
      ['name', 'estimate', '95% CI', 'p'],
      c.coefficients.map((k) => [k.name, k.estimate, `${k.lower} – ${k.upper}`, k.p.toExponential(2)]),
    ),
    '## Performance per station',
    c.performance.length
      ? mdTable(
          ['validation', 'station', ...metricHead],
          c.performance.map((p) => [p.validation, p.station, ...metricCells(p.metrics)]),
        )
      : 'No validation yet.',
    '## Performance by subgroup',
    c.subgroups.length
      ? mdTable(
          ['validation', 'subgroup', 'group', ...metricHead],
          c.subgroups.map((s) => [s.validation, s.key, s.group, ...metricCells(s.metrics)]),
        )
      : 'No subgroup results.',
    '### Fairness gaps',
    c.fairnessGaps.length
      ? mdTable(
          ['subgroup', 'metric', 'gap', 'limit', 'flagged', 'worst group'],
          c.fairnessGaps.map((g) => [g.key, g.metric, g.gap, g.limit, g.flagged ? 'yes' : 'no', g.worst]),
        )
      : 'None computed.',
    '## Representativeness',
    c.representativeness
      ? `Reference: ${c.representativeness.reference}. Flagged: ${c.representativeness.flagged.join(', ') || 'none'}.`
      : 'Not assessed.',
    '## Limitations',
    c.limitations.length ? c.limitations.map((l) => `- ${l}`).join('\n') : '- None recorded.',
  ];
  return `${parts.join('\n\n')}\n`;
}

const esc = (v: unknown) =>
  String(v)
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&#39;');
function htmlTable(head: string[], rows: unknown[][]): string {
  return `<table><thead><tr>${head.map((h) => `<th>${esc(h)}</th>`).join('')}</tr></thead><tbody>${rows
    .map((r) => `<tr>${r.map((v) => `<td>${esc(v)}</td>`).join('')}</tr>`)
    .join('')}</tbody></table>`;
}

/** The card as a standalone HTML page (every value escaped). */
export function modelCardHtml(c: ModelCard): string {
  const section = (title: string, body: string) => `<section><h2>${esc(title)}</h2>${body}</section>`;
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Model card: ${esc(c.title)}</title>
<style>body{font-family:system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem}table{border-collapse:collapse;margin:.5rem 0}td,th{border:1px solid #ccc;padding:.2rem .5rem;text-align:left}.flag{color:#a00}</style>
</head><body>
<h1>Model card: ${esc(c.title)}</h1>
<p>Model id <code>${esc(c.model.id)}</code>, ${esc(c.model.family)} regression, trained with ${esc(c.model.algorithm)} on ${esc(c.model.createdAt.slice(0, 10))}.</p>
${section('Intended use', `<p>${esc(c.intendedUse)}</p>`)}
${section(
  'Training data',
  `<p>Purpose: ${esc(c.training.purpose)} (permit ${esc(c.training.permitId)}). Population: ${esc(c.training.population)}. Outcome: ${esc(c.training.outcome)}.</p>` +
    htmlTable(
      ['station', 'patients', 'data version'],
      c.training.stations.map((s) => [s.id, s.n, s.dataVersion ?? '']),
    ) +
    htmlTable(
      ['feature', 'definition'],
      c.training.features.map((f) => [f.name, f.definition]),
    ) +
    htmlTable(
      ['coefficient', 'estimate', '95% CI', 'p'],
      c.coefficients.map((k) => [k.name, k.estimate, `${k.lower} – ${k.upper}`, k.p.toExponential(2)]),
    ),
)}
${section(
  'Performance per station',
  htmlTable(
    ['validation', 'station', ...metricHead],
    c.performance.map((p) => [p.validation, p.station, ...metricCells(p.metrics)]),
  ),
)}
${section(
  'Performance by subgroup',
  htmlTable(
    ['validation', 'subgroup', 'group', ...metricHead],
    c.subgroups.map((s) => [s.validation, s.key, s.group, ...metricCells(s.metrics)]),
  ) +
    htmlTable(
      ['subgroup', 'metric', 'gap', 'limit', 'flagged', 'worst group'],
      c.fairnessGaps.map((g) => [g.key, g.metric, g.gap, g.limit, g.flagged ? 'yes' : 'no', g.worst]),
    ),
)}
${section('Representativeness', `<p>${c.representativeness ? `Reference: ${esc(c.representativeness.reference)}. Flagged: ${esc(c.representativeness.flagged.join(', ') || 'none')}.` : 'Not assessed.'}</p>`)}
${section('Limitations', `<ul>${c.limitations.map((l) => `<li class="flag">${esc(l)}</li>`).join('')}</ul>`)}
</body></html>
`;
}
