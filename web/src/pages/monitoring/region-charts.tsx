import * as Plot from '@observablehq/plot';
import { useCallback } from 'react';
import { Chart } from '../../charts/Chart.tsx';
import { useI18n } from '../../i18n/i18n.tsx';

const BLUE = '#1a5a96';

/** One value per label as horizontal bars, an optional target line (an ambition), null values named not drawn. */
export function ValueBars({
  title,
  description,
  rows,
  valueLabel,
  labelHeader,
  target,
  percent,
  file,
}: {
  title: string;
  description?: string;
  rows: { label: string; value: number | null }[];
  valueLabel: string;
  labelHeader: string;
  target?: number;
  percent?: boolean;
  file: string;
}) {
  const { t, num } = useI18n();
  const fmt = useCallback((v: number) => (percent ? `${num(100 * v, 1)}%` : num(v, 1)), [percent, num]);
  const plot = useCallback(
    (width: number) => ({
      marginLeft: Math.min(260, width * 0.35),
      marginRight: 60,
      height: 50 + rows.length * 26,
      x: { grid: true, label: valueLabel, tickFormat: fmt, zero: true },
      y: { domain: rows.map((r) => r.label), label: null },
      marks: [
        Plot.barX(
          rows.filter((r) => r.value !== null),
          { x: 'value', y: 'label', fill: BLUE },
        ),
        Plot.text(
          rows.filter((r) => r.value !== null),
          {
            x: 'value',
            y: 'label',
            text: (r: { value: number }) => fmt(r.value),
            dx: 4,
            textAnchor: 'start',
          },
        ),
        ...(target !== undefined
          ? [Plot.ruleX([target], { stroke: '#b00020', strokeDasharray: '6 3' })]
          : []),
        Plot.ruleX([0]),
      ],
    }),
    [rows, valueLabel, target, fmt],
  );
  return (
    <Chart
      title={title}
      {...(description ? { description } : {})}
      plot={plot}
      rows={rows.map((r) => ({ [labelHeader]: r.label, value: r.value }))}
      columns={[
        { key: labelHeader, label: labelHeader },
        { key: 'value', label: valueLabel, numeric: true },
      ]}
      display={(k, v) => (k === 'value' ? (v === null ? t('count.withheld') : fmt(Number(v))) : (v ?? '–'))}
      file={file}
    />
  );
}

/** A value per year per series (area, sector) as lines, an optional target line. */
export function YearLines({
  title,
  description,
  rows,
  valueLabel,
  seriesHeader,
  target,
  percent,
  file,
}: {
  title: string;
  description?: string;
  rows: { series: string; year: number; value: number | null }[];
  valueLabel: string;
  seriesHeader: string;
  target?: number;
  percent?: boolean;
  file: string;
}) {
  const { t, num } = useI18n();
  const fmt = useCallback((v: number) => (percent ? `${num(100 * v, 1)}%` : num(v, 1)), [percent, num]);
  const years = [...new Set(rows.map((r) => r.year))].sort();
  const plot = useCallback(
    () => ({
      height: 300,
      marginLeft: 60,
      // Room for the names written at the lines' ends.
      marginRight: Math.min(280, 16 + 7 * Math.max(0, ...rows.map((r) => r.series.length))),
      x: { label: null, tickFormat: (y: number) => String(y), ticks: years },
      y: { grid: true, label: valueLabel, tickFormat: fmt, zero: true },
      marks: [
        ...(target !== undefined
          ? [Plot.ruleY([target], { stroke: '#b00020', strokeDasharray: '6 3' })]
          : []),
        Plot.line(rows, { x: 'year', y: 'value', stroke: 'series', strokeWidth: 2 }),
        Plot.dot(rows, { x: 'year', y: 'value', fill: 'series' }),
        // Each line named at its end (no colour legend needed).
        Plot.text(
          rows.filter((r) => r.value !== null),
          Plot.selectLast({ x: 'year', y: 'value', z: 'series', text: 'series', dx: 6, textAnchor: 'start' }),
        ),
      ],
    }),
    [rows, years, valueLabel, target, fmt],
  );
  return (
    <Chart
      title={title}
      {...(description ? { description } : {})}
      plot={plot}
      rows={rows.map((r) => ({ [seriesHeader]: r.series, year: r.year, value: r.value }))}
      columns={[
        { key: seriesHeader, label: seriesHeader },
        { key: 'year', label: t('region.year') },
        { key: 'value', label: valueLabel, numeric: true },
      ]}
      display={(k, v) =>
        k === 'value'
          ? v === null
            ? t('count.withheld')
            : fmt(Number(v))
          : k === 'year'
            ? String(v)
            : (v ?? '–')
      }
      file={file}
    />
  );
}
