import type { RunView, StationTaskStatus } from '../../api/index.ts';
import { AppError, RefusalReasonTexts } from '../../common/index.ts';
import { textTable } from './text-table.ts';

/** A count as one station released it: a number, or withheld below its threshold. */
interface StationCount {
  value: number | null;
  suppressed?: boolean;
  /** Why it was withheld: `small`, `secondary`, `differencing`, `dominance`. */
  reason?: string;
}
/** A count combined over stations; `suppressedAt` stations withheld theirs. */
interface CombinedCount {
  value: number;
  suppressedAt?: number;
}
interface StationCohort {
  policy?: { threshold?: number };
  count: StationCount;
  attrition: { label: string; count: StationCount }[];
}
interface CohortRunResult {
  cohort?: string;
  count: CombinedCount;
  attrition: { label: string; count: CombinedCount }[];
  stations: { stationId: string; result: StationCohort }[];
  characterisation?: {
    ageSex?: { ageBand: string; sex: string; count: CombinedCount }[];
    regions?: { region: string; count: CombinedCount }[];
    conditions?: { code: string; count: CombinedCount }[];
  };
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null;

/** A result of cohort-feasibility or cohort-characterisation: counts and attrition per station and combined. */
export function isCohortRunResult(result: unknown): result is CohortRunResult {
  return (
    isObject(result) &&
    isObject(result.count) &&
    Array.isArray(result.attrition) &&
    Array.isArray(result.stations) &&
    result.stations.every((s) => isObject(s) && isObject(s.result) && Array.isArray(s.result.attrition))
  );
}

/** A station's count: the value; `<10` when small; `withheld` when withheld for another reason. */
const stationCell = (c: StationCount | undefined, threshold: number | undefined): string =>
  !c
    ? '–'
    : c.value !== null
      ? String(c.value)
      : threshold && (c.reason === undefined || c.reason === 'small')
        ? `<${threshold}`
        : 'withheld';
/** A combined count: the sum of released values, `*` when stations withheld theirs; never a bare 0 then. */
const combinedCell = (c: CombinedCount | undefined): string =>
  !c ? '–' : c.value === 0 && c.suppressedAt ? 'withheld' : `${c.value}${c.suppressedAt ? '*' : ''}`;

/** Everything a run says about its stations, latest round, as `name: status (reason)`. */
export function stationStatusLine(run: RunView): string {
  const stations = run.rounds.at(-1)?.stations ?? [];
  const round = run.rounds.length > 1 ? `round ${run.rounds.at(-1)?.round} ` : '';
  return `${round}${stations.map(stationStatus).join(' | ') || 'no stations yet'}`;
}

const stationStatus = (s: StationTaskStatus) =>
  `${s.stationName}: ${s.status}${s.reason ? ` (${s.reason})` : ''}`;

function cohortTables(result: CohortRunResult, names: Map<string, string>): string[] {
  const stations = result.stations;
  const header = ['criterion', ...stations.map((s) => names.get(s.stationId) ?? s.stationId), 'combined'];
  const rows = result.attrition.map((a, i) => [
    a.label,
    ...stations.map((s) => stationCell(s.result.attrition[i]?.count, s.result.policy?.threshold)),
    combinedCell(a.count),
  ]);
  rows.push([
    'final count',
    ...stations.map((s) => stationCell(s.result.count, s.result.policy?.threshold)),
    combinedCell(result.count),
  ]);
  const out = [`cohort: ${result.cohort ?? '(unnamed)'}`, textTable(header, rows)];
  const ch = result.characterisation;
  if (ch?.ageSex?.length) {
    const sexes = [...new Set(ch.ageSex.map((x) => x.sex))];
    const bands = [...new Set(ch.ageSex.map((x) => x.ageBand))];
    out.push(
      '',
      textTable(
        ['age band', ...sexes],
        bands.map((b) => [
          b,
          ...sexes.map((s) => combinedCell(ch.ageSex?.find((x) => x.ageBand === b && x.sex === s)?.count)),
        ]),
      ),
    );
  }
  if (ch?.regions?.length)
    out.push(`regions: ${ch.regions.map((r) => `${r.region} ${combinedCell(r.count)}`).join(', ')}`);
  if (ch?.conditions?.length)
    out.push(
      `top conditions: ${ch.conditions
        .slice(0, 8)
        .map((c) => `${c.code} ${combinedCell(c.count)}`)
        .join(', ')}`,
    );
  out.push(
    '<n: withheld by the station (below its threshold); *: combined without the stations that withheld it',
  );
  return out;
}

/** The provenance of a run: permit, algorithm and hash, and the data version of each station that answered. */
export function provenanceLines(run: RunView): string[] {
  const p = run.provenance;
  const lines = [
    `provenance: permit ${p.permitId}, ${p.algorithm.name}@${p.algorithm.version} (sha256 ${p.algorithm.hash.slice(0, 12)}…)`,
  ];
  for (const a of p.answered)
    lines.push(`  answered: ${a.stationName} (${a.stationId}) data version ${a.dataVersion}`);
  for (const m of p.missing)
    lines.push(
      `  missing:  ${m.stationName} (${m.stationId}) round ${m.round}: ${m.status}${m.reason ? ` (${m.reason})` : ''}${m.message ? ` – ${m.message}` : m.reason ? ` – ${RefusalReasonTexts[m.reason].en}` : ''}`,
    );
  if (run.resultDigest) lines.push(`  result digest: ${run.resultDigest}`);
  return lines;
}

/**
 * A run for people: status, then for a finished run its result (cohort results as a table per
 * station and combined, others as pretty JSON) and its provenance.
 */
export function formatRun(run: RunView): string {
  const lines = [
    `run ${run.id}: ${run.status} (${run.algorithm.name}@${run.algorithm.version}, permit ${run.permitId})`,
    `stations: ${stationStatusLine(run)}`,
  ];
  if (run.error) lines.push(`error: ${run.error}`);
  if (run.status === 'done') {
    const names = new Map(run.rounds.flatMap((r) => r.stations).map((s) => [s.stationId, s.stationName]));
    lines.push('');
    if (isCohortRunResult(run.result)) lines.push(...cohortTables(run.result, names));
    else lines.push(JSON.stringify(run.result, null, 2));
  }
  if (run.status !== 'running') lines.push('', ...provenanceLines(run));
  return lines.join('\n');
}

/**
 * The exit verdict of a finished run: throws (exit 1) when it failed or no station answered, naming
 * each station's refusal reason.
 */
export function assertRunSucceeded(run: RunView): void {
  if (run.status === 'running') return;
  const missing = run.provenance.missing.map(
    (m) => `${m.stationName} ${m.status}${m.reason ? ` (${m.reason})` : ''}`,
  );
  if (run.status === 'failed')
    throw new AppError(
      'unprocessable',
      `run failed: ${run.error ?? 'no reason given'}${missing.length ? `; ${missing.join(', ')}` : ''}`,
      `run ${run.id}`,
    );
  if (run.provenance.answered.length === 0)
    throw new AppError(
      'unprocessable',
      `no station answered: ${missing.join(', ') || 'none'}`,
      `run ${run.id}`,
    );
}
