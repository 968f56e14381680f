import type { CohortDefinition } from '../../../cohort/cohort-definition.ts';
import { attritionMembers, characterisationMembers } from '../../../cohort/cohort-members.ts';
import { compileCohort } from '../../../cohort/compile-cohort.ts';
import {
  checkPolicy,
  DEFAULT_DOMINANCE,
  type DisclosedCount,
  type SuppressionReason,
} from '../../../privacy/disclosure/disclosure-policy.ts';
import { releaseCount } from '../../../privacy/disclosure/release-count.ts';
import { releasePartition } from '../../../privacy/disclosure/release-partition.ts';
import type { LocalContext } from '../../algorithm.ts';
import { dominated } from '../../disclosure.ts';
import { referenceProvinces } from '../../reference-population.ts';
import { AGE_BANDS } from '../../subgroups.ts';
import { byBandAndSex, type CohortResult } from './cohort-result.ts';

export interface ReleaseCohortOptions {
  /** Also release the characterisation of the final cohort (default true). */
  characterise?: boolean;
  /** Conditions and observations listed (default 10). */
  topN?: number;
}

/**
 * Runs a cohort at one station and releases what may leave: the cohort is compiled once, its exact
 * attrition and characterisation are computed as patient sets, and every number goes through the
 * station's release guard (threshold, rounding, and the ledger of everything released before).
 *
 * Attrition is released from the last step back, so the headline count is the true count rounded; an
 * earlier step whose set the ledger refuses — a step that removed a small group, or one a neighbouring
 * cohort released before — is withheld (`differencing`), never replaced by another step's count.
 */
export async function releaseCohort(
  ctx: LocalContext,
  definition: CohortDefinition,
  opts: ReleaseCohortOptions = {},
): Promise<CohortResult> {
  const policy = checkPolicy(ctx.disclosure);
  const compiled = compileCohort(definition, {
    dialect: ctx.dialect,
    purpose: ctx.purpose,
    minCount: policy.threshold,
    topN: opts.topN ?? 10,
  });
  const steps = await attritionMembers(ctx.query, compiled);
  const counts: DisclosedCount[] = new Array(steps.length);
  for (let k = steps.length - 1; k >= 0; k--) {
    counts[k] = releaseCount(ctx.release, `attrition:${k}`, steps[k]!.patients, policy);
  }
  const count = counts[steps.length - 1]!;
  const result: CohortResult = {
    cohort: definition.name,
    policy: { threshold: policy.threshold, rounding: policy.rounding },
    count,
    attrition: steps.map((s, k) => ({ label: s.label, count: counts[k]! })),
  };
  if (!(opts.characterise ?? true) || count.suppressed) return result;

  const members = await characterisationMembers(ctx.query, compiled);
  /**
   * Cells of a fixed domain are always listed (an empty one withheld like a small one), so a listed
   * cell never says "at least one patient"; a cell outside the domain (another sex, an unknown age or
   * region) is listed only when it reaches the threshold, and otherwise counts as hidden mass.
   */
  const group = <K>(
    keyOf: (p: (typeof members.persons)[number]) => string,
    make: (k: string) => K,
    domain: readonly string[],
  ) => {
    const cells = new Map<string, string[]>(domain.map((k) => [k, []]));
    for (const p of members.persons) {
      const k = keyOf(p);
      const list = cells.get(k) ?? [];
      list.push(p.id);
      cells.set(k, list);
    }
    const inDomain = new Set(domain);
    const listed = [...cells.entries()].filter(
      ([k, patients]) => inDomain.has(k) || patients.length >= policy.threshold,
    );
    const hidden = members.persons.length - listed.reduce((s, [, patients]) => s + patients.length, 0);
    return { cells: listed.map(([k, patients]) => ({ key: make(k), patients })), hidden };
  };
  const byAgeSex = group(
    (p) => `${p.ageBand}\u0000${p.sex}`,
    (k) => {
      const [ageBand, sex] = k.split('\u0000');
      return { ageBand: ageBand!, sex: sex! };
    },
    AGE_BANDS.flatMap((band) => ['female', 'male'].map((sex) => `${band}\u0000${sex}`)),
  );
  const ageSex = releasePartition(
    ctx.release,
    (k) => `ageSex:${k.ageBand}:${k.sex}`,
    byAgeSex.cells,
    policy,
    byAgeSex.hidden,
  );
  const byRegion = group(
    (p) => p.region,
    (k) => k,
    referenceProvinces(),
  );
  const regions = releasePartition(
    ctx.release,
    (k) => `region:${k}`,
    byRegion.cells,
    policy,
    byRegion.hidden,
  );
  const conditions = members.conditions.map((c) => ({
    code: c.code,
    count: releaseCount(ctx.release, `condition:${c.code}`, c.patients, policy),
  }));
  const maxShare = policy.maxShare ?? DEFAULT_DOMINANCE;
  const observations = members.observations.map((o) => {
    const count = releaseCount(
      ctx.release,
      `observation:${o.code}:${o.unit ?? ''}`,
      o.patients.map((p) => p.id),
      policy,
    );
    let mean: number | null = null;
    let meanWithheld: SuppressionReason | undefined;
    if (!count.suppressed) {
      if (
        dominated(
          o.patients.map((p) => p.sum),
          maxShare,
          policy.threshold,
        )
      )
        meanWithheld = 'dominance';
      else {
        const sum = o.patients.reduce((a, p) => a + p.sum, 0);
        const n = o.patients.reduce((a, p) => a + p.n, 0);
        mean = Math.round((sum / n) * 100) / 100;
      }
    }
    return { code: o.code, unit: o.unit, count, mean, ...(meanWithheld ? { meanWithheld } : {}) };
  });
  const byReleased = <T extends { count: DisclosedCount }>(a: T, b: T, ka: string, kb: string) =>
    (b.count.value ?? -1) - (a.count.value ?? -1) || ka.localeCompare(kb);
  result.characterisation = {
    ageSex: ageSex.cells.map((c) => ({ ...c.key, count: c.count })).sort(byBandAndSex),
    regions: regions.cells
      .map((c) => ({ region: c.key, count: c.count }))
      .sort((a, b) => a.region.localeCompare(b.region)),
    conditions: conditions.sort((a, b) => byReleased(a, b, a.code, b.code)),
    observations: observations.sort((a, b) =>
      byReleased(a, b, a.code + (a.unit ?? ''), b.code + (b.unit ?? '')),
    ),
    totals: { ageSex: ageSex.total, regions: regions.total },
  };
  return result;
}
