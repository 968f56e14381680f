import * as Plot from '@observablehq/plot';
import { useCallback } from 'react';
import { Chart } from '../../charts/Chart.tsx';
import { useI18n } from '../../i18n/i18n.tsx';

const BLUE = '#1a5a96';

/** Shares per calendar month as lines (one per measure), an optional target line; the table gives the numbers. */
export function MonthLines({
  title,
  description,
  rows,
  valueLabel,
  seriesHeader,
  target,
  file,
}: {
  title: string;
  description?: string;
  rows: { series: string; month: string; value: number | null }[];
  valueLabel: string;
  seriesHeader: string;
  target?: number;
  file: string;
}) {
  const { t, num } = useI18n();
  const fmt = useCallback((v: number) => `${num(100 * v, 1)}%`, [num]);
  const plot = useCallback(() => {
    const points = rows
      .filter((r) => r.value !== null)
      .map((r) => ({ ...r, date: new Date(`${r.month}-01T00:00:00Z`) }));
    return {
      height: 300,
      marginLeft: 60,
      marginRight: Math.min(280, 16 + 7 * Math.max(0, ...rows.map((r) => r.series.length))),
      x: { label: null, type: 'utc' as const },
      y: { grid: true, label: valueLabel, tickFormat: fmt, zero: true },
      marks: [
        ...(target !== undefined
          ? [Plot.ruleY([target], { stroke: '#b00020', strokeDasharray: '6 3' })]
          : []),
        Plot.line(points, { x: 'date', y: 'value', stroke: 'series', strokeWidth: 2 }),
        Plot.dot(points, { x: 'date', y: 'value', fill: 'series', r: 2.5 }),
        Plot.text(
          points,
          Plot.selectLast({ x: 'date', y: 'value', z: 'series', text: 'series', dx: 6, textAnchor: 'start' }),
        ),
      ],
    };
  }, [rows, valueLabel, target, fmt]);
  return (
    <Chart
      title={title}
      {...(description ? { description } : {})}
      plot={plot}
      rows={rows.map((r) => ({ [seriesHeader]: r.series, month: r.month, value: r.value }))}
      columns={[
        { key: seriesHeader, label: seriesHeader },
        { key: 'month', label: t('hybrid.month') },
        { key: 'value', label: valueLabel, numeric: true },
      ]}
      display={(k, v) =>
        k === 'value' ? (v === null ? t('count.withheld') : fmt(Number(v))) : String(v ?? '–')
      }
      file={file}
    />
  );
}

/**
 * A share per group (deprivation quintile, age band, sex) as horizontal bars; the table also gives the
 * patients the share is of (released counts summed; withheld cells are left out).
 */
export function GroupShareBars({
  title,
  description,
  rows,
  groupHeader,
  valueLabel,
  target,
  file,
}: {
  title: string;
  description?: string;
  rows: { label: string; patients: number; share: number | null }[];
  groupHeader: string;
  valueLabel: string;
  target?: number;
  file: string;
}) {
  const { t, num } = useI18n();
  const fmt = useCallback((v: number) => `${num(100 * v, 1)}%`, [num]);
  const plot = useCallback(
    (width: number) => ({
      marginLeft: Math.min(220, width * 0.35),
      marginRight: 60,
      height: 50 + rows.length * 26,
      x: { grid: true, label: valueLabel, tickFormat: fmt, zero: true },
      y: { domain: rows.map((r) => r.label), label: null },
      marks: [
        Plot.barX(
          rows.filter((r) => r.share !== null),
          { x: 'share', y: 'label', fill: BLUE },
        ),
        Plot.text(
          rows.filter((r) => r.share !== null),
          {
            x: 'share',
            y: 'label',
            text: (r: { share: number }) => fmt(r.share),
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
      rows={rows.map((r) => ({ group: r.label, patients: r.patients, share: r.share }))}
      columns={[
        { key: 'group', label: groupHeader },
        { key: 'patients', label: t('hybrid.patients'), numeric: true },
        { key: 'share', label: valueLabel, numeric: true },
      ]}
      display={(k, v, row) =>
        k === 'share'
          ? v === null
            ? t('count.withheld')
            : fmt(Number(v))
          : k === 'patients'
            ? // Nothing released for the group (every cell withheld) reads as withheld, not as none.
              Number(v) === 0 && row.share === null
              ? t('count.withheld')
              : num(Number(v), 0)
            : String(v ?? '–')
      }
      file={file}
    />
  );
}
