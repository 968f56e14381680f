import type { StationProfile } from './profile-station.ts';

function table(headers: string[], rows: (string | number | null)[][]): string {
  const cells = [headers, ...rows.map((r) => r.map((c) => (c === null ? '' : String(c))))];
  const widths = headers.map((_, i) => Math.max(...cells.map((r) => r[i]!.length)));
  const line = (r: string[]) =>
    r.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  return [line(cells[0]!), widths.map((w) => '-'.repeat(w)).join('  '), ...cells.slice(1).map(line)].join(
    '\n',
  );
}

/** The profile as readable text for the terminal. */
export function formatProfile(p: StationProfile): string {
  const out: string[] = [];
  out.push(
    `Station profile (data version ${p.dataVersion}, ages as of ${p.asOf}, counts below ${p.threshold} shown as <${p.threshold})`,
  );
  out.push('', `Patients: ${p.patients}`, '');
  out.push(
    table(
      ['resource type', 'count'],
      Object.entries(p.resources).map(([k, v]) => [k, v]),
    ),
  );
  out.push(
    '',
    table(
      ['table', 'rows'],
      Object.entries(p.tables).map(([k, v]) => [k, v]),
    ),
  );
  if (p.ageSex.length > 0) {
    const sexes = [...new Set(p.ageSex.map((r) => r.sex))].sort();
    const bands = [...new Set(p.ageSex.map((r) => r.ageBand))];
    const rows = bands.map((b) => [
      b,
      ...sexes.map((s) => p.ageSex.find((r) => r.ageBand === b && r.sex === s)?.count ?? 0),
    ]);
    out.push('', table(['age', ...sexes], rows));
  }
  if (p.topCodes.length > 0) {
    out.push(
      '',
      table(
        ['table', 'system', 'code', 'count'],
        p.topCodes.map((c) => [c.table, c.system, c.code, c.count]),
      ),
    );
  }
  if (p.dateRanges.length > 0) {
    out.push(
      '',
      table(
        ['table', 'column', 'from', 'to'],
        p.dateRanges.map((d) => [d.table, d.column, d.from, d.to]),
      ),
    );
  }
  if (p.completeness.length > 0) {
    out.push(
      '',
      table(
        ['table', 'column', 'filled'],
        p.completeness.map((c) => [c.table, c.column, `${(c.filled * 100).toFixed(1)}%`]),
      ),
    );
  }
  return `${out.join('\n')}\n`;
}
