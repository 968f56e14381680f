import { badInput } from '../../common/app-error.ts';
import { roundTo } from '../../privacy/disclosure/disclosure-policy.ts';
import type { ReleaseGuard } from '../../privacy/disclosure/release-ledger.ts';
import type { StationStore } from '../../store/station-store.ts';
import { storageKind, type TableSpec } from '../../store/table-spec.ts';

/**
 * A count after disclosure control: the rounded number, `"<threshold"` for counts 1 … threshold-1, or
 * `"withheld"` when the station's release ledger refused its patients (see {@link ProfileOptions.release}).
 */
export type SuppressedCount = number | `<${number}` | 'withheld';

export interface ProfileOptions {
  /** Counts from 1 to threshold-1 are shown as `"<threshold"` (default 10; the station policy may raise it). */
  readonly threshold?: number;
  /** Every other count is rounded to a multiple of this (default 5, the station policy's rounding). */
  readonly rounding?: number;
  /** Date at which ages are computed, 'YYYY-MM-DD' (default: today, UTC). */
  readonly asOf?: string;
  /** Codes listed per table and vocabulary (default 10). */
  readonly topCodes?: number;
  /**
   * When the profile is published (the catalogue is public), the task's release guard: the patients
   * behind the patient count, each age × sex cell and each listed code are admitted through the
   * station's release ledger like any answer's, and a number whose set it refuses is withheld.
   */
  readonly release?: ReleaseGuard;
}

export interface StationProfile {
  readonly asOf: string;
  readonly threshold: number;
  readonly dataVersion: string;
  readonly patients: SuppressedCount;
  /** Resources per FHIR type (resource_index), including types without a table. */
  readonly resources: Record<string, SuppressedCount>;
  /** Rows per table. */
  readonly tables: Record<string, SuppressedCount>;
  /** Patients per age band and sex (administrative sex code; 'unknown' when absent). */
  readonly ageSex: { ageBand: string; sex: string; count: SuppressedCount }[];
  /**
   * Most frequent codes per table and code system by the patients who have them (rounded); codes of fewer
   * than `threshold` patients, or whose patients the release ledger refuses, are left out.
   */
  readonly topCodes: { table: string; system: string | null; code: string; count: number }[];
  /** Earliest and latest month per date column ('YYYY-MM': month precision, so no single day stands out). */
  readonly dateRanges: { table: string; column: string; from: string | null; to: string | null }[];
  /** Share of rows with a value, per column (0 … 1, three decimals); absent for tables below threshold. */
  readonly completeness: { table: string; column: string; filled: number }[];
}

/**
 * Columns that hold a second coding beside a table's `code` (views/README.md), and its code system: the
 * condition view keeps the ICD-10 code apart from the SNOMED CT one.
 */
const CODED_COLUMNS: Readonly<Record<string, string>> = { icd10: 'http://hl7.org/fhir/sid/icd-10' };

export const AGE_BANDS = [
  [0, 18],
  [18, 45],
  [45, 65],
  [65, 75],
  [75, 85],
  [85, 200],
] as const;

/**
 * Applies small-cell suppression and rounding to one count: the profile is published in the catalogue,
 * so no exact count leaves the station in it.
 */
export function suppress(n: number, threshold: number, rounding = 1): SuppressedCount {
  return n > 0 && n < threshold ? `<${threshold}` : roundTo(n, Math.max(1, rounding));
}

const bandLabel = (lo: number, hi: number) => (hi >= 200 ? `${lo}+` : `${lo}-${hi - 1}`);

/** `YYYY-MM-DD` minus `years` whole years. */
function yearsBefore(asOf: string, years: number): string {
  const y = Number(asOf.slice(0, 4)) - years;
  const md = asOf.slice(4);
  // 29 February in a year that has none becomes 1 March, as a birthday would.
  if (md === '-02-29' && !(y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0)))
    return `${String(y).padStart(4, '0')}-03-01`;
  return `${String(y).padStart(4, '0')}${md}`;
}

/**
 * The dataset profile a station publishes (in the spirit of OHDSI Achilles): counts, age × sex, top
 * codes, date ranges and completeness, with small cells suppressed so it can leave the station.
 *
 * @example
 * const profile = await profileStation(store, { threshold: 10 });
 */
export async function profileStation(
  store: StationStore,
  options: ProfileOptions = {},
): Promise<StationProfile> {
  const threshold = options.threshold ?? 10;
  const rounding = options.rounding ?? 5;
  const asOf = options.asOf ?? new Date().toISOString().slice(0, 10);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(asOf)) throw badInput('must be YYYY-MM-DD', 'asOf');
  const top = options.topCodes ?? 10;
  const s = (n: unknown) => suppress(Number(n ?? 0), threshold, rounding);
  const has = (t: TableSpec, c: string) => t.columns.some((x) => x.name === c);

  const resources: Record<string, SuppressedCount> = {};
  for (const r of await store.query(
    'SELECT resource_type, COUNT(*) AS n FROM resource_index GROUP BY resource_type ORDER BY resource_type',
  )) {
    resources[String(r.resource_type)] = s(r.n);
  }

  const tables: Record<string, SuppressedCount> = {};
  const raw = new Map<string, number>();
  for (const t of store.tables) {
    const n = Number((await store.query(`SELECT COUNT(*) AS n FROM ${t.name}`))[0]?.n ?? 0);
    raw.set(t.name, n);
    tables[t.name] = s(n);
  }

  const patientTable = store.tables.find((t) => t.name === 'patient');
  /** A count of patients, admitted through the release guard when the profile is a release. */
  const released = (label: string, ids: readonly string[]): SuppressedCount => {
    if (options.release && ids.length >= threshold && !options.release.admit(`profile:${label}`, ids))
      return 'withheld';
    return s(ids.length);
  };
  const patientIds = patientTable
    ? (await store.query('SELECT id FROM patient')).map((r) => String(r.id))
    : [];
  const patients = patientTable ? released('patients', patientIds) : s(0);
  if (patients === 'withheld') {
    // The patient table's rows and the Patient resources are the same count: withheld with it.
    tables.patient = 'withheld';
    if ('Patient' in resources) resources.Patient = 'withheld';
  }

  const ageSex: StationProfile['ageSex'] = [];
  if (patientTable && has(patientTable, 'birth_date')) {
    // Dates are computed here and passed as parameters, so the SQL is the same on both engines.
    const params: string[] = [];
    const cases = AGE_BANDS.map(([lo, hi]) => {
      params.push(yearsBefore(asOf, hi), yearsBefore(asOf, lo));
      return `WHEN birth_date > CAST($${params.length - 1} AS DATE) AND birth_date <= CAST($${params.length} AS DATE) THEN '${bandLabel(lo, hi)}'`;
    }).join(' ');
    const sex = has(patientTable, 'sex') ? "COALESCE(sex, 'unknown')" : "'unknown'";
    const rows = await store.query(
      `SELECT id, CASE ${cases} ELSE 'unknown' END AS band, ${sex} AS sex FROM patient`,
      params,
    );
    const cells = new Map<string, { band: string; sex: string; ids: string[] }>();
    for (const r of rows) {
      const key = `${r.band}\u0000${r.sex}`;
      const cell = cells.get(key) ?? { band: String(r.band), sex: String(r.sex), ids: [] };
      cell.ids.push(String(r.id));
      cells.set(key, cell);
    }
    const order = [...AGE_BANDS.map(([lo, hi]) => bandLabel(lo, hi)), 'unknown'];
    const sorted = [...cells.values()].sort(
      (a, b) => order.indexOf(a.band) - order.indexOf(b.band) || a.sex.localeCompare(b.sex),
    );
    for (const c of sorted)
      ageSex.push({ ageBand: c.band, sex: c.sex, count: released(`ageSex:${c.band}:${c.sex}`, c.ids) });
  }

  const topCodes: StationProfile['topCodes'] = [];
  const dateRanges: StationProfile['dateRanges'] = [];
  const completeness: StationProfile['completeness'] = [];
  for (const t of store.tables) {
    const n = raw.get(t.name) ?? 0;
    // Codes are counted by the patients who have them (a code on many records of one patient is one).
    const who = has(t, 'patient_id') ? 'COUNT(DISTINCT patient_id)' : 'COUNT(*)';
    const listed: { system: string | null; code: string; column: string; n: number }[] = [];
    if (has(t, 'code')) {
      const system = has(t, 'system') ? 'system' : 'CAST(NULL AS VARCHAR)';
      const rows = await store.query(
        `SELECT system, code, n FROM (
           SELECT system, code, n, ROW_NUMBER() OVER (PARTITION BY system ORDER BY n DESC, code) AS rk FROM (
             SELECT ${system} AS system, code, ${who} AS n FROM ${t.name} WHERE code IS NOT NULL GROUP BY 1, 2) c
         ) r WHERE rk <= $1 AND n >= $2 ORDER BY system, n DESC, code`,
        [top, threshold],
      );
      for (const r of rows)
        listed.push({
          system: r.system === null ? null : String(r.system),
          code: String(r.code),
          column: 'code',
          n: Number(r.n),
        });
    }
    for (const [column, system] of Object.entries(CODED_COLUMNS)) {
      if (!has(t, column)) continue;
      const rows = await store.query(
        `SELECT ${column} AS code, ${who} AS n FROM ${t.name} WHERE ${column} IS NOT NULL
         GROUP BY 1 HAVING ${who} >= $2 ORDER BY n DESC, code LIMIT $1`,
        [top, threshold],
      );
      for (const r of rows) listed.push({ system, code: String(r.code), column, n: Number(r.n) });
    }
    for (const c of listed) {
      if (options.release && has(t, 'patient_id')) {
        // The column names come from the table spec and CODED_COLUMNS, never from input.
        const bySystem = c.column === 'code' && has(t, 'system');
        const ids = (
          await store.query(
            `SELECT DISTINCT patient_id FROM ${t.name} WHERE ${c.column} = $1` +
              (bySystem ? ' AND system IS NOT DISTINCT FROM $2' : ''),
            bySystem ? [c.code, c.system] : [c.code],
          )
        ).map((r) => String(r.patient_id));
        if (!options.release.admit(`profile:${t.name}:${c.system ?? ''}:${c.code}`, ids)) continue;
      }
      topCodes.push({
        table: t.name,
        system: c.system,
        code: c.code,
        count: roundTo(c.n, Math.max(1, rounding)),
      });
    }
    if (n < threshold) continue;
    for (const c of t.columns) {
      const kind = storageKind(c.type);
      if (kind === 'date' || kind === 'timestamp') {
        const month = (v: unknown) => (v === null || v === undefined ? null : String(v).slice(0, 7));
        if (options.release) {
          // Published: the earliest and latest month that at least `threshold` values reach (the
          // threshold-th smallest and largest), never one patient's date such as the oldest birth.
          const nth = async (order: 'ASC' | 'DESC') =>
            (
              await store.query(
                `SELECT ${c.name} AS v FROM ${t.name} WHERE ${c.name} IS NOT NULL ` +
                  `ORDER BY ${c.name} ${order} LIMIT 1 OFFSET ${Math.max(0, Math.floor(threshold) - 1)}`,
              )
            )[0]?.v;
          const from = month(await nth('ASC'));
          const to = month(await nth('DESC'));
          // Fewer than twice the threshold of values can cross over: then no range is shown.
          const crossed = from !== null && to !== null && from > to;
          dateRanges.push({
            table: t.name,
            column: c.name,
            from: crossed ? null : from,
            to: crossed ? null : to,
          });
        } else {
          const r = (
            await store.query(`SELECT MIN(${c.name}) AS lo, MAX(${c.name}) AS hi FROM ${t.name}`)
          )[0];
          dateRanges.push({ table: t.name, column: c.name, from: month(r?.lo), to: month(r?.hi) });
        }
      }
    }
    const counts = t.columns.map((c) => `COUNT(${c.name}) AS ${c.name}`).join(', ');
    const r = (await store.query(`SELECT ${counts} FROM ${t.name}`))[0] ?? {};
    for (const c of t.columns) {
      completeness.push({
        table: t.name,
        column: c.name,
        filled: Math.round((Number(r[c.name] ?? 0) / n) * 1000) / 1000,
      });
    }
  }

  return {
    asOf,
    threshold,
    dataVersion: await store.dataVersion(),
    patients,
    resources,
    tables,
    ageSex,
    topCodes,
    dateRanges,
    completeness,
  };
}
