import {
  type CalibrationBin,
  CalibrationChart,
  type Coefficient,
  CountBars,
  ForestPlot,
  Histogram,
  RocChart,
  SubgroupChart,
} from '../../../charts/charts.tsx';
import { useI18n } from '../../../i18n/i18n.tsx';
import type { TextKey } from '../../../i18n/nl.ts';
import { Alert, DataTable, Heading, P } from '../../../ui/ui.tsx';

export interface GlmResult {
  coefficients: Coefficient[];
  n: number;
  iterations: number;
  converged: boolean;
  nPerStation?: Record<string, number>;
}

export function GlmResultView({ result, names }: { result: GlmResult; names: Map<string, string> }) {
  const { t, num } = useI18n();
  return (
    <>
      <P>
        {t('glm.summary', { n: num(result.n), iterations: result.iterations })}{' '}
        {result.converged ? t('glm.converged') : t('glm.notConverged')}
      </P>
      {result.nPerStation && (
        <P>
          {Object.entries(result.nPerStation)
            .map(([s, n]) => `${names.get(s) ?? s}: ${num(n)}`)
            .join(' · ')}
        </P>
      )}
      <ForestPlot title={t('glm.forest')} coefficients={result.coefficients} file="coefficients" />
    </>
  );
}

interface Metrics {
  n: number;
  events: number;
  auc: { estimate: number; se: number; lower: number; upper: number };
  calibrationInTheLarge: { observed: number; expected: number; difference: number; oeRatio: number };
  calibrationSlope: { intercept: number; slope: number; slopeSe: number };
  brier: number;
  calibration: CalibrationBin[];
}
export interface ValidationResult {
  pooled: Metrics;
  perStation: Record<string, Metrics>;
  subgroups: { key: string; group: string; stations: string[]; metrics: Metrics }[];
  gaps: {
    key: string;
    metric: string;
    worst: string;
    best: string;
    gap: number;
    limit: number;
    flagged: boolean;
  }[];
  suppressed: { stationId: string; key: string; group: string; reason: string }[];
}

/** Subgroup keys and groups (sex, age band, region) and metric names in the page's language. */
function useSubgroupText() {
  const { t } = useI18n();
  const keys: Record<string, TextKey> = {
    sex: 'chart.sex',
    ageBand: 'chart.ageBand',
    region: 'subgroup.region',
  };
  const groups: Record<string, TextKey> = { male: 'sex.male', female: 'sex.female' };
  const metrics: Record<string, TextKey> = {
    auc: 'subgroup.auc',
    citl: 'subgroup.citl',
    brier: 'subgroup.brier',
  };
  return {
    key: (k: string) => (keys[k] ? t(keys[k]) : k),
    group: (g: string) => (groups[g] ? t(groups[g]) : g),
    metric: (m: string) => (metrics[m] ? t(metrics[m]) : m),
  };
}

export function ValidationResultView({
  result,
  names,
}: {
  result: ValidationResult;
  names: Map<string, string>;
}) {
  const { t, num } = useI18n();
  const sub = useSubgroupText();
  const row = (label: string, m: Metrics) => ({
    label,
    n: num(m.n),
    events: num(m.events),
    auc: `${num(m.auc.estimate, 3)} [${num(m.auc.lower, 3)}, ${num(m.auc.upper, 3)}]`,
    oe: num(m.calibrationInTheLarge.oeRatio, 2),
    slope: num(m.calibrationSlope.slope, 2),
    brier: num(m.brier, 4),
  });
  return (
    <>
      <DataTable
        caption={t('validation.metrics')}
        columns={[
          { key: 'label', label: t('run.station') },
          { key: 'n', label: 'n', numeric: true },
          { key: 'events', label: t('validation.events'), numeric: true },
          { key: 'auc', label: 'AUC [95% CI]', numeric: true },
          { key: 'oe', label: 'O/E', numeric: true },
          { key: 'slope', label: t('validation.slope'), numeric: true },
          { key: 'brier', label: 'Brier', numeric: true },
        ]}
        rows={[
          row(t('cohort.combined'), result.pooled),
          ...Object.entries(result.perStation).map(([s, m]) => row(names.get(s) ?? s, m)),
        ]}
      />
      <div className="ai4h-grid">
        <RocChart
          title={t('validation.roc')}
          bins={result.pooled.calibration}
          auc={result.pooled.auc.estimate}
          file="roc"
        />
        <CalibrationChart
          title={t('validation.calibration')}
          bins={result.pooled.calibration}
          file="calibration"
        />
      </div>
      <Heading level={2}>{t('validation.bias')}</Heading>
      <SubgroupChart
        title={t('validation.subgroups')}
        groups={result.subgroups.map((g) => ({
          label: `${sub.key(g.key)}: ${sub.group(g.group)}`,
          n: g.metrics.n,
          auc: g.metrics.auc.estimate,
          lower: g.metrics.auc.lower,
          upper: g.metrics.auc.upper,
        }))}
        file="subgroups"
      />
      {result.gaps.some((g) => g.flagged) && <Alert kind="warning">{t('validation.flagged')}</Alert>}
      <DataTable
        caption={t('validation.gaps')}
        columns={[
          { key: 'key', label: t('chart.subgroup') },
          { key: 'metric', label: t('validation.metric') },
          { key: 'range', label: t('validation.worstBest') },
          { key: 'gap', label: t('validation.gap'), numeric: true },
          { key: 'flag', label: t('validation.flag') },
        ]}
        rows={result.gaps.map((g) => ({
          key: sub.key(g.key),
          metric: sub.metric(g.metric),
          range: `${sub.group(g.worst)} / ${sub.group(g.best)}`,
          gap: `${num(g.gap, 3)} (${t('validation.limit')} ${num(g.limit, 3)})`,
          flag: g.flagged ? t('validation.flagYes') : t('validation.flagNo'),
        }))}
      />
    </>
  );
}

interface Summary {
  variable: string;
  n: number;
  mean: number | null;
  sd: number | null;
  bins: number[];
  /** Null for a bin withheld at every station (descriptive 1.1.0). */
  counts: (number | null)[];
}
export interface DescriptiveResult {
  pooled: {
    n: number;
    summaries: Summary[];
    rates?: { by: string; groups: { group: string; numerator: number | null; denominator: number }[] }[];
  };
}

export function DescriptiveResultView({ result }: { result: DescriptiveResult }) {
  const { t, num } = useI18n();
  return (
    <>
      <P>{t('descriptive.n', { n: num(result.pooled.n) })}</P>
      {result.pooled.summaries.map((s) => (
        <div key={s.variable}>
          <P>
            {s.variable}:{' '}
            {t('descriptive.meanSd', {
              mean: s.mean === null ? t('count.withheld') : num(s.mean, 2),
              sd: s.sd === null ? '–' : num(s.sd, 2),
            })}
          </P>
          <Histogram
            title={t('descriptive.histogram', { variable: s.variable })}
            bins={s.bins}
            counts={s.counts}
            file={`histogram-${s.variable}`}
          />
        </div>
      ))}
    </>
  );
}

export interface RepresentativenessResult {
  pooled: {
    n: number;
    flagged: number;
    ageSex: {
      ageBand: string;
      sex: string;
      count: number;
      share: number;
      referenceShare: number;
      flagged: boolean;
    }[];
  };
  limit: number;
  reference: { name: string; year: number };
}

export function RepresentativenessView({ result }: { result: RepresentativenessResult }) {
  const { t, num } = useI18n();
  return (
    <>
      <P>
        {t('repr.summary', {
          n: num(result.pooled.n),
          flagged: result.pooled.flagged,
          reference: `${result.reference.name} ${result.reference.year}`,
        })}
      </P>
      <CountBars
        title={t('repr.chart')}
        labelHeader={t('chart.ageBand')}
        items={result.pooled.ageSex.map((c) => ({
          label: `${c.ageBand} ${t(c.sex === 'male' ? 'sex.male' : 'sex.female')}`,
          count: c.count,
        }))}
        file="representativeness"
      />
      <DataTable
        caption={t('repr.table')}
        columns={[
          { key: 'cell', label: t('chart.ageBand') },
          { key: 'share', label: t('repr.share'), numeric: true },
          { key: 'ref', label: t('repr.reference'), numeric: true },
          { key: 'flag', label: t('validation.flag') },
        ]}
        rows={result.pooled.ageSex.map((c) => ({
          cell: `${c.ageBand} ${c.sex}`,
          share: `${num(c.share * 100, 1)}%`,
          ref: `${num(c.referenceShare * 100, 1)}%`,
          flag: c.flagged ? t('validation.flagYes') : t('validation.flagNo'),
        }))}
      />
    </>
  );
}
