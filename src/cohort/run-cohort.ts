import { discloseAttrition } from '../privacy/disclosure/disclose-attrition.ts';
import { disclosePartition, discloseSubset } from '../privacy/disclosure/disclose-partition.ts';
import {
  type DisclosureLedger,
  type Released,
  recordReleases,
} from '../privacy/disclosure/disclosure-ledger.ts';
import {
  checkPolicy,
  type DisclosedCount,
  type DisclosurePolicy,
} from '../privacy/disclosure/disclosure-policy.ts';
import type { CohortDefinition } from './cohort-definition.ts';
import { byBandAndSex, type CohortResult } from './cohort-result.ts';
import { type CohortDialect, compileCohort } from './compile-cohort.ts';

/** Read-only SQL on the station's tables, `$1`-style parameters (the store's `query`). */
export type CohortQuery = (sql: string, params?: readonly unknown[]) => Promise<Record<string, unknown>[]>;

export interface RunCohortOptions {
  purpose: string;
  disclosure: DisclosurePolicy;
  ledger: DisclosureLedger;
  permitId: string;
  /** Also compute the characterisation (default true). */
  characterise?: boolean;
  /** Conditions and observations listed (default 10). */
  topN?: number;
}

const num = (v: unknown): number => (v === null || v === undefined ? 0 : Number(v));
const text = (v: unknown): string | null => (v === null || v === undefined ? null : String(v));

function ageBand(lower: string | null): string {
  if (lower === null) return 'unknown';
  const n = Number(lower);
  return n >= 90 ? '90+' : `${n}-${n + 9}`;
}

/**
 * Runs a cohort at one station: exact counts in SQL, then disclosure control on everything returned,
 * then the permit's ledger, which refuses (AppError with `details.reason = 'disclosure-risk'`) an
 * answer that would give a small group by differencing with earlier answers.
 *
 * @example
 * const result = await runCohort(store.query, store.dialect, parseCohort(json), {
 *   purpose: 'research', disclosure: { threshold: 10, rounding: 5 }, ledger, permitId: 'permit-1',
 * });
 */
export async function runCohort(
  query: CohortQuery,
  dialect: CohortDialect,
  definition: CohortDefinition,
  opts: RunCohortOptions,
): Promise<CohortResult> {
  const policy = checkPolicy(opts.disclosure);
  const compiled = compileCohort(definition, {
    dialect,
    purpose: opts.purpose,
    minCount: policy.threshold,
    topN: opts.topN ?? 10,
  });
  const rows = await query(compiled.attrition.sql, compiled.attrition.params);
  const exactSteps = compiled.plan.steps.map((_, k) => num(rows.find((r) => num(r.step) === k)?.n));
  const steps = discloseAttrition(exactSteps, policy);
  const keys = compiled.plan.steps.map((s) => s.key);
  const releases: Released[] = [];
  steps.forEach((s, k) => {
    if (!s.count.suppressed) releases.push({ scope: 'count', keys: keys.slice(0, k + 1), exact: s.basis });
  });
  const last = steps[steps.length - 1]!;
  const result: CohortResult = {
    cohort: definition.name,
    policy,
    count: last.count,
    attrition: steps.map((s, k) => ({
      label: compiled.plan.steps[k]!.label,
      count: s.count,
      adjusted: s.adjusted,
    })),
  };

  if ((opts.characterise ?? true) && !last.count.suppressed) {
    // When the last steps removed a small group, the released count is that of an earlier step; the
    // characterisation describes the same patients, so its cells do not give the small group either.
    const characterised =
      last.basisStep === compiled.plan.steps.length - 1
        ? compiled.characterisation
        : compileCohort(definition, {
            dialect,
            purpose: opts.purpose,
            minCount: policy.threshold,
            topN: opts.topN ?? 10,
            characteriseStep: last.basisStep,
          }).characterisation;
    const hidden = last.basis - exactSteps[last.basisStep]!;
    const cells = await query(characterised.sql, characterised.params);
    const section = (name: string) => cells.filter((c) => c.section === name);
    const ageSex = disclosePartition(
      section('ageSex').map((c) => ({
        key: { ageBand: ageBand(text(c.key1)), sex: text(c.key2) ?? 'unknown' },
        exact: num(c.n),
      })),
      policy,
      hidden,
    );
    const regions = disclosePartition(
      section('region').map((c) => ({ key: text(c.key1) ?? 'unknown', exact: num(c.n) })),
      policy,
      hidden,
    );
    const conditions = section('condition').map((c) => {
      const exact = num(c.n);
      return { code: text(c.key1) ?? '', exact, count: discloseSubset(exact, last.basis, policy) };
    });
    const observations = section('observation').map((c) => {
      const exact = num(c.n);
      const count = discloseSubset(exact, last.basis, policy);
      const mean = count.suppressed || c.mean === null ? null : Math.round(Number(c.mean) * 100) / 100;
      return { code: text(c.key1) ?? '', unit: text(c.key2), exact, count, mean };
    });
    const all = keys.slice(0, last.basisStep + 1);
    for (const c of ageSex.cells) {
      if (!c.count.suppressed)
        releases.push({ scope: `ageSex:${c.key.ageBand}:${c.key.sex}`, keys: all, exact: c.exact });
    }
    for (const c of regions.cells) {
      if (!c.count.suppressed) releases.push({ scope: `region:${c.key}`, keys: all, exact: c.exact });
    }
    for (const c of conditions) {
      if (!c.count.suppressed) releases.push({ scope: `condition:${c.code}`, keys: all, exact: c.exact });
    }
    for (const c of observations) {
      if (!c.count.suppressed)
        releases.push({ scope: `observation:${c.code}:${c.unit ?? ''}`, keys: all, exact: c.exact });
    }
    const byReleased = <T extends { count: DisclosedCount }>(a: T, b: T, ka: string, kb: string) =>
      (b.count.value ?? -1) - (a.count.value ?? -1) || ka.localeCompare(kb);
    result.characterisation = {
      ageSex: ageSex.cells.map((c) => ({ ...c.key, count: c.count })).sort(byBandAndSex),
      regions: regions.cells
        .map((c) => ({ region: c.key, count: c.count }))
        .sort((a, b) => a.region.localeCompare(b.region)),
      conditions: conditions
        .map(({ code, count }) => ({ code, count }))
        .sort((a, b) => byReleased(a, b, a.code, b.code)),
      observations: observations
        .map(({ code, unit, count, mean }) => ({ code, unit, count, mean }))
        .sort((a, b) => byReleased(a, b, a.code + (a.unit ?? ''), b.code + (b.unit ?? ''))),
      totals: { ageSex: ageSex.total, regions: regions.total },
    };
  }

  await recordReleases(opts.ledger, opts.permitId, releases, policy.threshold);
  return result;
}
