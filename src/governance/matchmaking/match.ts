import { type CareNeed, EvidenceLevels, type Match, type Solution } from '../../api/network-schemas.ts';

/** What the catalogue says about one dataset: its station and the codes its released profile lists. */
export interface CatalogueFacts {
  id: string;
  stationName: string;
  codes: string[];
}

/**
 * Proposes solutions for a care need, each with a score and the reasons: the setting (same care domain,
 * or a cross-domain solution), shared condition codes, data availability (stations whose published
 * profile holds every code the solution needs, and whether the need's own datasets do) and the level of
 * evidence. Only solutions that share the setting or a condition are proposed.
 */
export function matchSolutions(
  need: CareNeed,
  solutions: Solution[],
  catalogue: CatalogueFacts[],
  classes: Record<string, { aiActClass: string | null; mdrClass: string | null }> = {},
): Match[] {
  const out: Match[] = [];
  for (const s of solutions) {
    const reasons: string[] = [];
    let score = 0;
    const sameDomain = s.domain === need.domain;
    if (sameDomain) {
      score += 3;
      reasons.push(`same care domain (${need.domain})`);
    } else if (s.domain === 'cross-domain') {
      score += 1;
      reasons.push('a cross-domain solution');
    }
    const shared = s.conditionCodes.filter((c) => need.conditionCodes.includes(c));
    if (shared.length) {
      score += 2 * shared.length;
      reasons.push(`shared conditions: ${shared.join(', ')}`);
    }
    if (!sameDomain && shared.length === 0) continue;
    const feasible = [
      ...new Set(
        catalogue.filter((d) => s.dataNeeded.every((c) => d.codes.includes(c))).map((d) => d.stationName),
      ),
    ];
    if (s.dataNeeded.length) {
      score += Math.min(3, feasible.length);
      reasons.push(
        feasible.length
          ? `data it needs (${s.dataNeeded.join(', ')}) is in the catalogue at ${feasible.length} station(s)`
          : `no station's published profile holds all the data it needs (${s.dataNeeded.join(', ')})`,
      );
      const own = catalogue.filter((d) => need.datasets.includes(d.id));
      if (own.length && own.some((d) => s.dataNeeded.every((c) => d.codes.includes(c)))) {
        score += 2;
        reasons.push('your own datasets hold the data it needs');
      } else if (own.length) reasons.push('your own datasets lack some of the data it needs');
    }
    const level = EvidenceLevels.indexOf(s.evidence);
    score += level;
    reasons.push(`evidence: ${s.evidence}`);
    const cls = s.aiSystemId ? classes[s.aiSystemId] : undefined;
    out.push({
      solution: s,
      score,
      reasons,
      feasibleStations: feasible,
      aiActClass: cls?.aiActClass ?? null,
      mdrClass: cls?.mdrClass ?? null,
    });
  }
  return out.sort((a, b) => b.score - a.score || a.solution.name.localeCompare(b.solution.name));
}
