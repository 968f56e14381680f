import type { MonitorResult } from './combine-monitor.ts';
import { Indicators } from './indicators.ts';

const f2 = (x: number) => x.toFixed(2);
const euro = (x: number) => `€${Math.round(x).toLocaleString('en-US')}`;

/** Station names by id, from a run's rounds (a monitor result names stations by id). */
export function stationNamesOf(run: {
  rounds: { stations: { stationId: string; stationName: string }[] }[];
}): Record<string, string> {
  return Object.fromEntries(run.rounds.flatMap((x) => x.stations).map((s) => [s.stationId, s.stationName]));
}

/**
 * A monitor result as text for a terminal: per station the matched groups and the largest |SMD| after
 * matching, per indicator the pooled effect through the last month, the alerts with their reasons, and
 * the shared savings. Numbers only as released (withheld ones say so).
 */
export function formatMonitorResult(
  r: MonitorResult,
  language: 'en' | 'nl' = 'en',
  stationNames: Record<string, string> = {},
): string {
  const lines: string[] = [];
  const last = r.months.at(-1) ?? '—';
  lines.push(`${r.monitor} (${r.owner}), through ${last}`);
  lines.push('');
  lines.push('Matched groups per station (exposed / controls, largest |SMD| after matching):');
  for (const st of r.stations) {
    const g = r.groups[st]!;
    const smds = (r.balance[st] ?? []).map((b) => b.after.smd).filter((x): x is number => x !== null);
    const worst = smds.length ? Math.max(...smds.map(Math.abs)) : null;
    const n = (c: { value: number | null }) => (c.value === null ? 'withheld' : String(c.value));
    lines.push(
      `  ${stationNames[st] ?? st}: ${n(g.matchedExposed)} / ${n(g.matchedControls)} (1:${g.ratio}), |SMD| ≤ ${worst === null ? '—' : f2(worst)}`,
    );
  }
  lines.push('');
  lines.push(
    'Difference in differences, pooled, through the last month (ratio; absolute per 1,000 person-months):',
  );
  for (const [key, effects] of Object.entries(r.effects)) {
    const e = effects?.at(-1);
    const name = Indicators[key as keyof typeof Indicators][language];
    if (e?.point?.pooled != null) {
      const ci = e.pooled
        ? ` (95% CI ${f2(e.pooled.lower)}–${f2(e.pooled.upper)}, conservative)`
        : ' (no interval)';
      lines.push(`  ${name}: ${f2(e.point.pooled)}${ci}`);
      continue;
    }
    if (!e?.pooled) {
      lines.push(
        `  ${name}: not enough released data yet (counts below the stations' threshold are withheld)`,
      );
      continue;
    }
    const ci = ` (95% CI ${f2(e.pooled.lower)}–${f2(e.pooled.upper)})`;
    const abs = e.absolute
      ? `; ${f2(e.absolute.estimate)} (${f2(e.absolute.lower)} to ${f2(e.absolute.upper)})`
      : '';
    lines.push(`  ${name}: ${f2(e.pooled.estimate)}${ci}${abs}`);
  }
  lines.push('');
  lines.push(
    `Alerts (${r.design.method}, overall false-alarm probability ≤ ${r.design.alpha}, boundary |z| ≥ ${f2(r.design.boundary)} over ${r.design.looks} months):`,
  );
  if (r.alerts.length === 0) lines.push('  none');
  for (const a of r.alerts) lines.push(`  ${a.month} ${a.kind}: ${a.reason[language]}`);
  if (r.savings) {
    const t = r.savings.total;
    lines.push('');
    lines.push(
      `Costs avoided through ${last}: ${euro(t.avoided)} (95% CI ${euro(t.lower)} to ${euro(t.upper)}); ` +
        `${r.savings.provider}: ${euro(t.provider)}, ${r.savings.payer}: ${euro(t.payer)}`,
    );
  }
  return lines.join('\n');
}
