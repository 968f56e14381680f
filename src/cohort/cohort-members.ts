import type { CompiledCohort } from './compile-cohort.ts';

/** Read-only SQL on the station's tables, `$1`-style parameters (the store's `query`). */
export type CohortQuery = (sql: string, params?: readonly unknown[]) => Promise<Record<string, unknown>[]>;

/** One attrition step: what it is, and the (pseudonymous) patients left after it. */
export interface StepMembers {
  readonly label: string;
  /** The canonical key of the step's criterion. */
  readonly key: string;
  readonly patients: readonly string[];
}

/** A patient of the final cohort as characterisation groups them. */
export interface CohortPerson {
  readonly id: string;
  /** `0-9`, `10-19`, …, `90+`, or `unknown`. */
  readonly ageBand: string;
  readonly sex: string;
  readonly region: string;
}

/** The patients behind every characterisation number; exact, so it never leaves the station. */
export interface CharacterisationMembers {
  readonly persons: readonly CohortPerson[];
  /** The most frequent conditions (onset up to entry) and who has them. */
  readonly conditions: readonly { code: string; patients: string[] }[];
  /** The most frequent observations (within a year of entry): per patient, the sum and number of values. */
  readonly observations: readonly {
    code: string;
    unit: string | null;
    patients: { id: string; sum: number; n: number }[];
  }[];
}

const text = (v: unknown): string | null => (v === null || v === undefined ? null : String(v));

function ageBand(lower: string | null): string {
  if (lower === null) return 'unknown';
  const n = Number(lower);
  return n >= 90 ? '90+' : `${n}-${n + 9}`;
}

/**
 * Runs a compiled cohort's attrition at a station: for each step, the patients left after it. This is
 * the exact answer; what of it may leave the station is the analytics layer's decision.
 */
export async function attritionMembers(query: CohortQuery, compiled: CompiledCohort): Promise<StepMembers[]> {
  const rows = await query(compiled.attritionMembers.sql, compiled.attritionMembers.params);
  const steps = compiled.plan.steps.map((s) => ({ label: s.label, key: s.key, patients: [] as string[] }));
  for (const r of rows) {
    const id = String(r.patient_id);
    const reached = Number(r.reached);
    for (let k = 0; k <= reached && k < steps.length; k++) steps[k]!.patients.push(id);
  }
  return steps;
}

/** Runs a compiled cohort's characterisation at a station: who is behind each number (exact). */
export async function characterisationMembers(
  query: CohortQuery,
  compiled: CompiledCohort,
): Promise<CharacterisationMembers> {
  const rows = await query(compiled.characterisationMembers.sql, compiled.characterisationMembers.params);
  const persons: CohortPerson[] = [];
  const conditions = new Map<string, string[]>();
  const observations = new Map<
    string,
    { code: string; unit: string | null; patients: { id: string; sum: number; n: number }[] }
  >();
  for (const r of rows) {
    const id = String(r.patient_id);
    if (r.section === 'person') {
      persons.push({
        id,
        ageBand: ageBand(text(r.key1)),
        sex: text(r.key2) ?? 'unknown',
        region: text(r.key3) ?? 'unknown',
      });
    } else if (r.section === 'condition') {
      const code = text(r.key1) ?? '';
      const list = conditions.get(code) ?? [];
      list.push(id);
      conditions.set(code, list);
    } else if (r.section === 'observation') {
      const code = text(r.key1) ?? '';
      const unit = text(r.key2);
      const key = `${code}\u0000${unit ?? ''}`;
      const entry = observations.get(key) ?? { code, unit, patients: [] };
      entry.patients.push({ id, sum: Number(r.value_sum), n: Number(r.value_n) });
      observations.set(key, entry);
    }
  }
  return {
    persons,
    conditions: [...conditions.entries()].map(([code, patients]) => ({ code, patients })),
    observations: [...observations.values()],
  };
}
