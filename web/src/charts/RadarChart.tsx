import * as Plot from '@observablehq/plot';
import { useCallback } from 'react';
import { useI18n } from '../i18n/i18n.tsx';
import { Chart } from './Chart.tsx';
import { radarPoint } from './radar.ts';

const COLOURS = ['#1a5a96', '#a34f00'];

/**
 * A radar (polar) chart of scores 0–100 on several axes for one or two series (an organisation and the
 * network), drawn with Observable Plot on a square frame; the numbers are in the table below it.
 */
export function RadarChart({
  title,
  description,
  axes,
  series,
  file,
  axisHeader,
}: {
  title: string;
  description?: string;
  axes: { id: string; label: string }[];
  /** Each series: its name and a value per axis id (null where it has none). */
  series: { name: string; values: Record<string, number | null> }[];
  file: string;
  axisHeader: string;
}) {
  const { num } = useI18n();
  const n = axes.length;
  const plot = useCallback(
    (width: number) => {
      const size = Math.min(width, 620);
      const rings = [25, 50, 75, 100].flatMap((r) =>
        Array.from({ length: n + 1 }, (_, i) => ({ ring: r, ...radarPoint(i % n, n, r) })),
      );
      const spokes = axes.map((_, i) => ({ ...radarPoint(i, n, 100) }));
      const labels = axes.map((a, i) => ({ label: a.label, ...radarPoint(i, n, 118) }));
      const points = series.flatMap((s) =>
        axes.flatMap((a, i) => {
          const v = s.values[a.id];
          return v === null || v === undefined
            ? []
            : [{ series: s.name, axis: a.label, value: v, ...radarPoint(i, n, v) }];
        }),
      );
      return {
        width: size,
        height: size,
        margin: 10,
        x: { axis: null, domain: [-150, 150] },
        y: { axis: null, domain: [-150, 150] },
        color: { legend: true, domain: series.map((s) => s.name), range: COLOURS },
        marks: [
          Plot.line(rings, { x: 'x', y: 'y', z: 'ring', stroke: '#bbb', strokeWidth: 0.7 }),
          Plot.link(spokes, { x1: 0, y1: 0, x2: 'x', y2: 'y', stroke: '#bbb', strokeWidth: 0.7 }),
          Plot.text(
            [25, 50, 75, 100].map((r) => ({ r, y: r })),
            {
              x: 0,
              y: 'y',
              text: (d: { r: number }) => num(d.r),
              fill: '#555',
              dx: 4,
              textAnchor: 'start',
              fontSize: 10,
            },
          ),
          Plot.text(labels, {
            x: 'x',
            y: 'y',
            text: 'label',
            lineWidth: 9,
            fill: '#222',
            textAnchor: 'middle',
          }),
          Plot.line(points, {
            x: 'x',
            y: 'y',
            z: 'series',
            stroke: 'series',
            curve: 'linear-closed',
            strokeWidth: 2,
          }),
          Plot.dot(points, { x: 'x', y: 'y', fill: 'series', r: 3.5 }),
        ],
      };
    },
    [axes, series, n, num],
  );
  const rows = axes.map((a) => ({
    axis: a.label,
    ...Object.fromEntries(series.map((s) => [s.name, s.values[a.id] ?? null])),
  }));
  return (
    <Chart
      title={title}
      {...(description ? { description } : {})}
      plot={plot}
      rows={rows}
      columns={[
        { key: 'axis', label: axisHeader },
        ...series.map((s) => ({ key: s.name, label: s.name, numeric: true })),
      ]}
      file={file}
    />
  );
}
