/**
 * A plain-text table: the first column left-aligned, the others right-aligned (they are numbers),
 * each as wide as its widest cell.
 */
export function textTable(
  header: string[],
  rows: string[][],
  options: { leftColumns?: number } = {},
): string {
  const left = options.leftColumns ?? 1;
  const all = [header, ...rows];
  const widths = header.map((_, i) => Math.max(...all.map((r) => (r[i] ?? '').length)));
  const line = (r: string[]) =>
    widths
      .map((w, i) => (i < left ? (r[i] ?? '').padEnd(w) : (r[i] ?? '').padStart(w)))
      .join('  ')
      .trimEnd();
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

/** Prints data as pretty JSON to stdout. */
export const printJson = (data: unknown): void => console.log(JSON.stringify(data, null, 2));
