import * as Plot from '@observablehq/plot';
import { useCallback } from 'react';
import { useI18n } from '../i18n/i18n.tsx';
import { type CountLike, countView } from '../ui/counts.ts';
import { Chart } from './Chart.tsx';

const BLUE = '#1a5a96';
const ORANGE = '#a34f00';

/** Writes a released count in the page's language: suppressed and withheld counts never as 0. */
export function useCountText(): (c: CountLike) => string {
  const { t, num } = useI18n();
  return useCallback(
    (c: CountLike) => {
      const v = countView(c);
      switch (v.kind) {
        case 'number':
          return num(v.value ?? 0);
        case 'partial':
          return t(v.suppressedAt === 1 ? 'count.partialOne' : 'count.partialMany', {
            n: num(v.value ?? 0),
            stations: v.suppressedAt ?? 0,
          });
        case 'suppressed':
          return t('count.suppressed');
        case 'withheld':
          return t('count.withheld');
        default:
          return '–';
      }
    },
    [t, num],
  );
}

/** Horizontal bars of released counts (top codes, resources, an attrition funnel); suppressed ones are named, not drawn. */
export function CountBars({
  title,
  items,
  file,
  labelHeader,
  description,
}: {
  title: string;
  items: { label: string; count: CountLike }[];
  file: string;
  labelHeader: string;
  description?: string;
}) {
  const { t, num } = useI18n();
  const text = useCountText();
  const data = items.map((i) => ({ label: i.label, value: countView(i.count).value, shown: text(i.count) }));
  const plot = useCallback(
    (width: number) => ({
      marginLeft: Math.min(320, width * 0.42),
      marginRight: 70,
      height: 40 + data.length * 26,
      x: { grid: true, label: t('chart.patients'), tickFormat: (v: number) => num(v) },
      y: {
        label: null,
        domain: data.map((d) => d.label),
        tickFormat: (l: string) => (l.length > 44 ? `${l.slice(0, 42)}…` : l),
      },
      marks: [
        Plot.barX(
          data.filter((d) => d.value !== null),
          { x: 'value', y: 'label', fill: BLUE },
        ),
        Plot.text(data, {
          x: (d: (typeof data)[number]) => d.value ?? 0,
          y: 'label',
          text: 'shown',
          dx: 4,
          textAnchor: 'start',
        }),
        Plot.ruleX([0]),
      ],
    }),
    [data, t, num],
  );
  return (
    <Chart
      title={title}
      {...(description ? { description } : {})}
      plot={plot}
      rows={data.map((d) => ({ [labelHeader]: d.label, count: d.value, shown: d.shown }))}
      columns={[
        { key: labelHeader, label: labelHeader },
        { key: 'shown', label: t('chart.count'), numeric: true },
      ]}
      file={file}
    />
  );
}

/** Age bands by sex as a population pyramid (men left, women right). */
export function Pyramid({
  title,
  cells,
  file,
}: {
  title: string;
  cells: { ageBand: string; sex: string; count: CountLike }[];
  file: string;
}) {
  const { t } = useI18n();
  const text = useCountText();
  const data = cells
    .filter((c) => c.sex === 'male' || c.sex === 'female')
    .map((c) => {
      const v = countView(c.count).value;
      return {
        band: c.ageBand,
        sex: c.sex,
        value: v === null ? null : c.sex === 'male' ? -v : v,
        shown: text(c.count),
      };
    });
  const bands = [...new Set(data.map((d) => d.band))].sort(
    (a, b) => Number.parseInt(b, 10) - Number.parseInt(a, 10),
  );
  const plot = useCallback(
    () => ({
      height: 40 + bands.length * 24,
      x: {
        grid: true,
        label: `← ${t('sex.male')} · ${t('sex.female')} →`,
        tickFormat: (v: number) => String(Math.abs(v)),
      },
      y: { domain: bands, label: t('chart.ageBand') },
      color: { domain: ['male', 'female'], range: [BLUE, ORANGE] },
      marks: [
        Plot.barX(
          data.filter((d) => d.value !== null),
          { x: 'value', y: 'band', fill: 'sex' },
        ),
        Plot.ruleX([0]),
      ],
    }),
    [data, bands, t],
  );
  return (
    <Chart
      title={title}
      plot={plot}
      rows={data.map((d) => ({
        ageBand: d.band,
        sex: d.sex,
        count: d.value === null ? null : Math.abs(d.value),
        shown: d.shown,
      }))}
      columns={[
        { key: 'ageBand', label: t('chart.ageBand') },
        { key: 'sex', label: t('chart.sex') },
        { key: 'shown', label: t('chart.count'), numeric: true },
      ]}
      file={file}
    />
  );
}

export interface Coefficient {
  name: string;
  estimate: number;
  se: number;
  lower: number;
  upper: number;
  p: number;
}

/** Coefficients with 95% confidence intervals (log-odds or log-rate scale), a rule at 0. */
export function ForestPlot({
  title,
  coefficients,
  file,
}: {
  title: string;
  coefficients: Coefficient[];
  file: string;
}) {
  const { t } = useI18n();
  const rows = coefficients.filter((c) => c.name !== '(Intercept)' && c.name !== 'intercept');
  const plot = useCallback(
    (width: number) => ({
      marginLeft: Math.min(240, width * 0.35),
      height: 50 + rows.length * 28,
      x: { grid: true, label: t('chart.estimateCi') },
      y: { domain: rows.map((r) => r.name), label: null },
      marks: [
        Plot.ruleX([0], { stroke: '#555' }),
        Plot.link(rows, { x1: 'lower', x2: 'upper', y1: 'name', y2: 'name', stroke: BLUE, strokeWidth: 2 }),
        Plot.dot(rows, { x: 'estimate', y: 'name', fill: BLUE, r: 4 }),
      ],
    }),
    [rows, t],
  );
  return (
    <Chart
      title={title}
      plot={plot}
      rows={coefficients.map((c) => ({
        name: c.name,
        estimate: c.estimate,
        se: c.se,
        lower: c.lower,
        upper: c.upper,
        p: c.p,
      }))}
      columns={[
        { key: 'name', label: t('chart.variable') },
        { key: 'estimate', label: t('chart.estimate'), numeric: true },
        { key: 'lower', label: t('chart.lower'), numeric: true },
        { key: 'upper', label: t('chart.upper'), numeric: true },
        { key: 'p', label: 'p', numeric: true },
      ]}
      file={file}
    />
  );
}

export interface CalibrationBin {
  from: number;
  to: number;
  n: number;
  observed: number | null;
  expected: number | null;
}

/**
 * The ROC curve at the calibration bins' risk thresholds: for each threshold, the share of events and of
 * non-events with a predicted risk at or above it. The released bins are all a station gives, so this is
 * the curve at those thresholds; the AUC reported beside it is the exact one.
 */
export function rocFromBins(bins: CalibrationBin[]): { threshold: number; fpr: number; tpr: number }[] {
  const usable = bins.filter((b) => b.n > 0 && b.observed !== null).sort((a, b) => b.from - a.from);
  const events = usable.reduce((s, b) => s + b.n * (b.observed ?? 0), 0);
  const nonEvents = usable.reduce((s, b) => s + b.n * (1 - (b.observed ?? 0)), 0);
  const points = [{ threshold: 1, fpr: 0, tpr: 0 }];
  let e = 0;
  let ne = 0;
  for (const b of usable) {
    e += b.n * (b.observed ?? 0);
    ne += b.n * (1 - (b.observed ?? 0));
    points.push({
      threshold: b.from,
      fpr: nonEvents > 0 ? ne / nonEvents : 0,
      tpr: events > 0 ? e / events : 0,
    });
  }
  return points;
}

export function RocChart({
  title,
  bins,
  auc,
  file,
}: {
  title: string;
  bins: CalibrationBin[];
  auc: number;
  file: string;
}) {
  const { t, num } = useI18n();
  const points = rocFromBins(bins);
  const plot = useCallback(
    () => ({
      height: 360,
      width: 420,
      x: { domain: [0, 1], label: t('chart.fpr'), grid: true },
      y: { domain: [0, 1], label: t('chart.tpr'), grid: true },
      marks: [
        Plot.line(
          [
            { x: 0, y: 0 },
            { x: 1, y: 1 },
          ],
          { x: 'x', y: 'y', stroke: '#777', strokeDasharray: '4 3' },
        ),
        Plot.line(points, { x: 'fpr', y: 'tpr', stroke: BLUE, strokeWidth: 2 }),
        Plot.dot(points, { x: 'fpr', y: 'tpr', fill: BLUE }),
      ],
    }),
    [points, t],
  );
  return (
    <Chart
      title={title}
      description={t('chart.rocNote', { auc: num(auc, 3) })}
      plot={plot}
      rows={points}
      columns={[
        { key: 'threshold', label: t('chart.threshold'), numeric: true },
        { key: 'fpr', label: t('chart.fpr'), numeric: true },
        { key: 'tpr', label: t('chart.tpr'), numeric: true },
      ]}
      file={file}
    />
  );
}

export function CalibrationChart({
  title,
  bins,
  file,
}: {
  title: string;
  bins: CalibrationBin[];
  file: string;
}) {
  const { t } = useI18n();
  const data = bins.filter((b) => b.observed !== null && b.expected !== null);
  const max = Math.max(0.05, ...data.flatMap((b) => [b.observed ?? 0, b.expected ?? 0]));
  const plot = useCallback(
    () => ({
      height: 360,
      width: 420,
      x: { domain: [0, max], label: t('chart.expected'), grid: true },
      y: { domain: [0, max], label: t('chart.observed'), grid: true },
      marks: [
        Plot.line(
          [
            { x: 0, y: 0 },
            { x: max, y: max },
          ],
          { x: 'x', y: 'y', stroke: '#777', strokeDasharray: '4 3' },
        ),
        Plot.line(data, { x: 'expected', y: 'observed', stroke: BLUE }),
        Plot.dot(data, { x: 'expected', y: 'observed', r: 'n', fill: BLUE, fillOpacity: 0.6 }),
      ],
    }),
    [data, max, t],
  );
  return (
    <Chart
      title={title}
      plot={plot}
      rows={bins.map((b) => ({ from: b.from, to: b.to, n: b.n, expected: b.expected, observed: b.observed }))}
      columns={[
        { key: 'from', label: t('chart.from'), numeric: true },
        { key: 'to', label: t('chart.to'), numeric: true },
        { key: 'n', label: 'n', numeric: true },
        { key: 'expected', label: t('chart.expected'), numeric: true },
        { key: 'observed', label: t('chart.observed'), numeric: true },
      ]}
      file={file}
    />
  );
}

/** AUC with its CI per subgroup (sex, age band, region). */
export function SubgroupChart({
  title,
  groups,
  file,
}: {
  title: string;
  groups: { label: string; n: number; auc: number; lower: number; upper: number }[];
  file: string;
}) {
  const { t } = useI18n();
  const plot = useCallback(
    (width: number) => ({
      marginLeft: Math.min(220, width * 0.3),
      height: 50 + groups.length * 24,
      x: { domain: [0.4, 1], grid: true, label: 'AUC' },
      y: { domain: groups.map((g) => g.label), label: null },
      marks: [
        Plot.ruleX([0.5], { stroke: '#777', strokeDasharray: '4 3' }),
        Plot.link(groups, {
          x1: 'lower',
          x2: 'upper',
          y1: 'label',
          y2: 'label',
          stroke: BLUE,
          strokeWidth: 2,
        }),
        Plot.dot(groups, { x: 'auc', y: 'label', fill: BLUE }),
      ],
    }),
    [groups],
  );
  return (
    <Chart
      title={title}
      plot={plot}
      rows={groups}
      columns={[
        { key: 'label', label: t('chart.subgroup') },
        { key: 'n', label: 'n', numeric: true },
        { key: 'auc', label: 'AUC', numeric: true },
        { key: 'lower', label: t('chart.lower'), numeric: true },
        { key: 'upper', label: t('chart.upper'), numeric: true },
      ]}
      file={file}
    />
  );
}

/** Counts per bin of a variable (the bins' edges from the algorithm's answer). */
export function Histogram({
  title,
  bins,
  counts,
  file,
}: {
  title: string;
  bins: number[];
  /** A withheld bin (null) is named in the table and not drawn, never as 0. */
  counts: (number | null)[];
  file: string;
}) {
  const { t } = useI18n();
  const countText = useCountText();
  const edges = [Number.NEGATIVE_INFINITY, ...bins, Number.POSITIVE_INFINITY];
  const data = counts.map((c, i) => ({
    bin: `${Number.isFinite(edges[i]!) ? edges[i] : '…'}–${Number.isFinite(edges[i + 1]!) ? edges[i + 1] : '…'}`,
    count: c,
  }));
  const plot = useCallback(
    () => ({
      height: 260,
      x: { domain: data.map((d) => d.bin), label: null, tickRotate: -30 },
      y: { grid: true, label: t('chart.patients') },
      marginBottom: 50,
      marks: [
        Plot.barY(
          data.filter((d) => d.count !== null),
          { x: 'bin', y: 'count', fill: BLUE },
        ),
        Plot.ruleY([0]),
      ],
    }),
    [data, t],
  );
  return (
    <Chart
      title={title}
      plot={plot}
      rows={data}
      columns={[
        { key: 'bin', label: t('chart.bin') },
        { key: 'count', label: t('chart.count'), numeric: true },
      ]}
      display={(key, value) =>
        key === 'count' ? countText(value as number | null) : value === null ? '–' : String(value)
      }
      file={file}
    />
  );
}
