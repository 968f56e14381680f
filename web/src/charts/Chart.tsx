import type { PlotOptions } from '@observablehq/plot';
import * as Plot from '@observablehq/plot';
import { type ReactNode, useEffect, useRef } from 'react';
import { useI18n } from '../i18n/i18n.tsx';
import { download, toCsv } from '../ui/download.ts';
import { Button, DataTable } from '../ui/ui.tsx';

export interface ChartColumn {
  key: string;
  label: string;
  numeric?: boolean;
}

/**
 * One chart (Observable Plot, SVG) with its text alternative: the same numbers as a table, and CSV and
 * JSON downloads of them. The SVG carries the title as its accessible name; the table carries the numbers.
 */
export function Chart({
  title,
  description,
  plot,
  rows,
  columns,
  file,
  display,
}: {
  title: string;
  description?: string;
  /** Plot options for a given width. */
  plot: (width: number) => PlotOptions;
  /** The numbers behind the chart (raw values: they are what the downloads hold). */
  rows: Record<string, string | number | null>[];
  columns: ChartColumn[];
  /** Download file name without extension. */
  file: string;
  /** How a cell is written in the table (default: numbers in the page's language, null as –). */
  display?: (
    key: string,
    value: string | number | null,
    row: Record<string, string | number | null>,
  ) => ReactNode;
}) {
  const { t, num } = useI18n();
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    const width = Math.max(320, Math.min(860, el.clientWidth || 720));
    const svg = Plot.plot({ width, style: { fontSize: '13px', background: 'transparent' }, ...plot(width) });
    // The SVG is one image named by the title (its numbers are in the table below): Plot's labels on
    // its parts would be prohibited attributes inside an image.
    for (const part of svg.querySelectorAll('[aria-label], [aria-description]')) {
      part.removeAttribute('aria-label');
      part.removeAttribute('aria-description');
    }
    svg.setAttribute('role', 'img');
    svg.setAttribute('aria-label', title);
    el.replaceChildren(svg);
    return () => {
      svg.remove();
    };
  }, [plot, title]);
  const show =
    display ??
    ((_k: string, v: string | number | null) =>
      typeof v === 'number' ? num(v, Number.isInteger(v) ? 0 : 3) : (v ?? '–'));
  return (
    <figure className="ai4h-chart">
      <figcaption className="utrecht-heading-3">{title}</figcaption>
      {description && <p className="utrecht-paragraph utrecht-paragraph--small">{description}</p>}
      <div ref={ref} className="ai4h-chart__plot" />
      <details className="ai4h-chart__table">
        <summary>{t('chart.table')}</summary>
        <DataTable
          caption={title}
          columns={columns}
          rows={rows.map((r) =>
            Object.fromEntries(columns.map((c) => [c.key, show(c.key, r[c.key] ?? null, r)])),
          )}
        />
      </details>
      <div className="utrecht-button-group">
        <Button kind="secondary" onClick={() => download(`${file}.csv`, toCsv(rows), 'text/csv')}>
          {t('chart.csv')}
        </Button>
        <Button
          kind="secondary"
          onClick={() => download(`${file}.json`, JSON.stringify(rows, null, 2), 'application/json')}
        >
          {t('chart.json')}
        </Button>
      </div>
    </figure>
  );
}
