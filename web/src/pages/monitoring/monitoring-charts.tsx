import * as Plot from '@observablehq/plot';
import { useCallback } from 'react';
import { Chart } from '../../charts/Chart.tsx';
import { useI18n } from '../../i18n/i18n.tsx';
import type {
  BalancePoint,
  EffectRow,
  ForestRow,
  MonitorAlert,
  SavingsMonth,
  SeriesRow,
} from './monitor-result.ts';

const BLUE = '#1a5a96';
const ORANGE = '#a34f00';
const GREY = '#6b6b6b';

/** A month `YYYY-MM` as a date for a time axis. */
const asDate = (month: string) => new Date(`${month}-01T00:00:00Z`);
const monthTick = (d: Date) => `${d.getUTCFullYear()}-${String(d.getUTCMonth() + 1).padStart(2, '0')}`;

/**
 * One indicator's monthly series, exposed against matched control (the rate since the start through
 * each month), the baseline rates as dashed rules; months withheld are marked grey at the axis, not drawn as 0.
 */
export function SeriesChart({
  title,
  rows,
  baseline,
  rateLabel,
  file,
}: {
  title: string;
  rows: SeriesRow[];
  baseline: { exposed: number | null; control: number | null };
  rateLabel: string;
  file: string;
}) {
  const { t, num } = useI18n();
  const armName = useCallback((a: string) => t(a === 'exposed' ? 'mon.exposed' : 'mon.control'), [t]);
  const drawn = rows.map((r) => ({ ...r, date: asDate(r.month), armName: armName(r.arm) }));
  const withheld = [...new Set(rows.filter((r) => r.status === 'suppressed').map((r) => r.month))].map(
    (m) => ({ date: asDate(m) }),
  );
  const plot = useCallback(
    () => ({
      height: 300,
      marginLeft: 60,
      x: { type: 'utc' as const, label: null, tickFormat: monthTick },
      y: { grid: true, label: rateLabel, zero: true },
      color: { domain: [armName('exposed'), armName('control')], range: [BLUE, ORANGE] },
      marks: [
        Plot.ruleY(
          [
            { y: baseline.exposed, arm: armName('exposed') },
            { y: baseline.control, arm: armName('control') },
          ].filter((b) => b.y !== null),
          { y: 'y', stroke: 'arm', strokeDasharray: '4 3' },
        ),
        Plot.line(drawn, { x: 'date', y: 'rate', stroke: 'armName', strokeWidth: 2 }),
        Plot.dot(drawn, {
          x: 'date',
          y: 'rate',
          stroke: 'armName',
          fill: (d: (typeof drawn)[number]) => (d.status === 'partial' ? 'white' : d.armName),
        }),
        Plot.tickX(withheld, { x: 'date', stroke: GREY, strokeWidth: 3, insetTop: 250 }),
      ],
    }),
    [drawn, withheld, baseline, rateLabel, armName],
  );
  return (
    <Chart
      title={title}
      description={`${t('mon.legendArms')} ${t('mon.seriesNote')}`}
      plot={plot}
      rows={rows.map((r) => ({
        month: r.month,
        arm: r.arm,
        persons: r.persons,
        personMonths: r.personMonths,
        events: r.events,
        sum: r.sum,
        rate: r.rate,
        status: r.status,
        withheldAt: r.withheldAt,
      }))}
      columns={[
        { key: 'month', label: t('mon.month') },
        { key: 'arm', label: t('mon.arm') },
        { key: 'persons', label: t('mon.persons'), numeric: true },
        { key: 'personMonths', label: t('mon.personMonths'), numeric: true },
        { key: 'events', label: t('mon.events'), numeric: true },
        { key: 'rate', label: rateLabel, numeric: true },
        { key: 'status', label: t('common.status') },
      ]}
      display={(k, v, row) => {
        if (k === 'arm') return armName(String(v));
        if (k === 'status')
          return row.status === 'suppressed'
            ? t('count.suppressed')
            : row.status === 'partial'
              ? t('mon.partial', { n: Number(row.withheldAt) })
              : t('mon.released');
        if (v === null) return row.status === 'suppressed' ? t('count.suppressed') : '–';
        return typeof v === 'number' ? num(v, k === 'rate' ? 2 : 0) : v;
      }}
      file={file}
    />
  );
}

/** The DiD ratio through each month with its 95% CI band, a rule at 1 (no difference), log scale. */
export function EffectChart({ title, rows, file }: { title: string; rows: EffectRow[]; file: string }) {
  const { t, num } = useI18n();
  const drawn = rows.map((r) => ({ ...r, date: asDate(r.month) }));
  const banded = drawn.filter((r) => r.lower !== null && r.upper !== null);
  const plot = useCallback(
    () => ({
      height: 280,
      marginLeft: 60,
      x: { type: 'utc' as const, label: null, tickFormat: monthTick },
      y: { type: 'log' as const, grid: true, label: t('mon.ratio') },
      marks: [
        Plot.areaY(banded, { x: 'date', y1: 'lower', y2: 'upper', fill: BLUE, fillOpacity: 0.18 }),
        Plot.ruleY([1], { stroke: '#555' }),
        Plot.line(drawn, { x: 'date', y: 'estimate', stroke: BLUE, strokeWidth: 2 }),
        Plot.dot(drawn, { x: 'date', y: 'estimate', fill: BLUE }),
      ],
    }),
    [drawn, banded, t],
  );
  return (
    <Chart
      title={title}
      description={t('mon.effectNote')}
      plot={plot}
      rows={rows}
      columns={[
        { key: 'month', label: t('mon.month') },
        { key: 'estimate', label: t('mon.ratio'), numeric: true },
        { key: 'lower', label: t('chart.lower'), numeric: true },
        { key: 'upper', label: t('chart.upper'), numeric: true },
        { key: 'absolute', label: t('mon.absolute'), numeric: true },
        { key: 'absoluteLower', label: t('chart.lower'), numeric: true },
        { key: 'absoluteUpper', label: t('chart.upper'), numeric: true },
      ]}
      display={(_k, v) => (typeof v === 'number' ? num(v, 2) : (v ?? t('mon.noEstimate')))}
      file={file}
    />
  );
}

/** Ratios with 95% CIs per station and pooled (a forest plot), a rule at 1, log scale. */
export function RatioForest({ title, rows, file }: { title: string; rows: ForestRow[]; file: string }) {
  const { t, num } = useI18n();
  const shown = rows.filter((r) => r.estimate !== null);
  const plot = useCallback(
    (width: number) => ({
      height: 60 + rows.length * 30,
      marginLeft: Math.min(220, width * 0.3),
      x: { type: 'log' as const, grid: true, label: t('mon.ratio') },
      y: { domain: rows.map((r) => r.label), label: null },
      marks: [
        Plot.ruleX([1], { stroke: '#555' }),
        Plot.link(
          shown.filter((r) => r.lower !== null),
          { x1: 'lower', x2: 'upper', y1: 'label', y2: 'label', stroke: BLUE, strokeWidth: 2 },
        ),
        Plot.dot(shown, { x: 'estimate', y: 'label', fill: BLUE, r: 5, symbol: 'diamond' }),
      ],
    }),
    [rows, shown, t],
  );
  return (
    <Chart
      title={title}
      plot={plot}
      rows={rows}
      columns={[
        { key: 'label', label: t('mon.where') },
        { key: 'estimate', label: t('mon.ratio'), numeric: true },
        { key: 'lower', label: t('chart.lower'), numeric: true },
        { key: 'upper', label: t('chart.upper'), numeric: true },
      ]}
      display={(_k, v) => (typeof v === 'number' ? num(v, 2) : (v ?? t('mon.noEstimate')))}
      file={file}
    />
  );
}

/** |SMD| per covariate before and after matching (a love plot), the 0.1 line; one panel per station. */
export function LovePlot({ title, points, file }: { title: string; points: BalancePoint[]; file: string }) {
  const { t, num } = useI18n();
  const stage = useCallback((s: string) => t(s === 'before' ? 'mon.before' : 'mon.after'), [t]);
  const drawn = points
    .filter((p) => p.smd !== null)
    .map((p) => ({ ...p, abs: Math.abs(p.smd ?? 0), stageName: stage(p.stage) }));
  const plot = useCallback(
    (width: number) => {
      const covariates = [...new Set(points.map((p) => p.covariate))];
      const stations = [...new Set(points.map((p) => p.station))];
      return {
        height: 40 + stations.length * (20 + covariates.length * 20),
        marginLeft: Math.min(240, width * 0.32),
        marginRight: stations.length > 1 ? 110 : 20,
        x: { grid: true, label: t('mon.absSmd'), domain: [0, Math.max(0.25, ...drawn.map((d) => d.abs))] },
        y: { domain: covariates, label: null },
        fy: { label: null },
        color: { domain: [stage('before'), stage('after')], range: [ORANGE, BLUE] },
        marks: [
          Plot.ruleX([0.1], { stroke: '#555', strokeDasharray: '4 3' }),
          Plot.dot(drawn, {
            x: 'abs',
            y: 'covariate',
            fy: stations.length > 1 ? 'station' : undefined,
            stroke: 'stageName',
            fill: 'stageName',
            symbol: 'stageName',
            r: 4,
          }),
        ],
      };
    },
    [drawn, points, stage, t],
  );
  return (
    <Chart
      title={title}
      description={`${t('mon.legendStages')} ${t('mon.loveNote')}`}
      plot={plot}
      rows={points}
      columns={[
        { key: 'station', label: t('mon.station') },
        { key: 'covariate', label: t('mon.covariate') },
        { key: 'stage', label: t('mon.stage') },
        { key: 'smd', label: 'SMD', numeric: true },
      ]}
      display={(k, v) =>
        k === 'stage' ? stage(String(v)) : typeof v === 'number' ? num(v, 3) : (v ?? t('count.withheld'))
      }
      file={file}
    />
  );
}

/** The pooled test statistic each month against the two-sided sequential boundary; alerts marked. */
export function BoundaryChart({
  title,
  rows,
  boundary,
  alerts,
  file,
}: {
  title: string;
  rows: { month: string; z: number | null }[];
  boundary: number;
  alerts: MonitorAlert[];
  file: string;
}) {
  const { t, num } = useI18n();
  const drawn = rows.map((r) => ({ ...r, date: asDate(r.month) }));
  const marked = alerts.map((a) => ({ date: asDate(a.month), z: a.statistic, kind: a.kind }));
  const extent = Math.max(boundary + 0.5, ...rows.map((r) => Math.abs(r.z ?? 0) + 0.3));
  const plot = useCallback(
    () => ({
      height: 280,
      marginLeft: 50,
      x: { type: 'utc' as const, label: null, tickFormat: monthTick },
      y: { domain: [-extent, extent], grid: true, label: t('mon.statistic') },
      marks: [
        Plot.ruleY([boundary, -boundary], { stroke: '#b00020', strokeDasharray: '6 3' }),
        Plot.ruleY([0], { stroke: '#999' }),
        Plot.line(drawn, { x: 'date', y: 'z', stroke: BLUE, strokeWidth: 2 }),
        Plot.dot(drawn, { x: 'date', y: 'z', fill: BLUE }),
        Plot.dot(marked, { x: 'date', y: 'z', r: 9, stroke: '#b00020', strokeWidth: 2 }),
      ],
    }),
    [drawn, marked, boundary, extent, t],
  );
  return (
    <Chart
      title={title}
      description={t('mon.boundaryNote', { b: num(boundary, 2) })}
      plot={plot}
      rows={rows.map((r) => ({
        month: r.month,
        z: r.z,
        boundary,
        alert: alerts.find((a) => a.month === r.month)?.kind ?? null,
      }))}
      columns={[
        { key: 'month', label: t('mon.month') },
        { key: 'z', label: t('mon.statistic'), numeric: true },
        { key: 'boundary', label: t('mon.boundary'), numeric: true },
        { key: 'alert', label: t('mon.alert') },
      ]}
      display={(k, v) =>
        k === 'alert'
          ? v === null
            ? '–'
            : t(v === 'safety' ? 'mon.alertSafety' : 'mon.alertScaleUp')
          : typeof v === 'number'
            ? num(v, 2)
            : (v ?? t('mon.noEstimate'))
      }
      file={file}
    />
  );
}

/** Costs avoided per month, split between provider and payer (stacked), and the cumulative total with its CI. */
export function SavingsChart({
  title,
  months,
  provider,
  payer,
  file,
}: {
  title: string;
  months: SavingsMonth[];
  provider: string;
  payer: string;
  file: string;
}) {
  const { t, num } = useI18n();
  const parts = months.flatMap((m) => [
    { date: asDate(m.month), party: provider, euro: m.provider },
    { date: asDate(m.month), party: payer, euro: m.payer },
  ]);
  const plot = useCallback(
    () => ({
      height: 300,
      marginLeft: 70,
      x: { type: 'utc' as const, label: null, tickFormat: monthTick },
      y: { grid: true, label: t('mon.euroPerMonth'), tickFormat: (v: number) => num(v) },
      color: { domain: [provider, payer], range: [BLUE, ORANGE] },
      marks: [
        Plot.rectY(parts, Plot.stackY({ x: 'date', interval: 'month', y: 'euro', fill: 'party', inset: 1 })),
        Plot.ruleY([0]),
      ],
    }),
    [parts, provider, payer, t, num],
  );
  return (
    <Chart
      title={title}
      description={`${t('mon.legendParties', { provider, payer })} ${t('mon.savingsNote')}`}
      plot={plot}
      rows={months.map((m) => ({ ...m }))}
      columns={[
        { key: 'month', label: t('mon.month') },
        { key: 'avoided', label: t('mon.avoidedMonth'), numeric: true },
        { key: 'provider', label: provider, numeric: true },
        { key: 'payer', label: payer, numeric: true },
        { key: 'cumulative', label: t('mon.cumulative'), numeric: true },
        { key: 'lower', label: t('chart.lower'), numeric: true },
        { key: 'upper', label: t('chart.upper'), numeric: true },
      ]}
      display={(_k, v) => (typeof v === 'number' ? `€ ${num(v, 0)}` : (v ?? '–'))}
      file={file}
    />
  );
}
