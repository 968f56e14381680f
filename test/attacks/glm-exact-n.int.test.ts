import { beforeAll, describe, expect, it } from 'vitest';
import type { GlmResult } from '../../src/analytics/algorithms/glm/definition.ts';
import type { PopulationSpec } from '../../src/analytics/features/feature-spec.ts';
import { featureSql } from '../../src/analytics/features/feature-sql.ts';
import { HubClient } from '../../src/hub-client/index.ts';
import { DEFAULT_DISCLOSURE } from '../../src/privacy/disclosure/disclosure-policy.ts';
import type { Network, NetworkStation } from '../network/network-fixture.ts';
import { GLM, statusAt, withNetwork } from './attack-fixture.ts';

/**
 * A GLM releases `n` rounded, but its coefficient table did not: an intercept-only logistic model has
 * estimate logit(e/n) and standard error √(1/e + 1/(n−e)), so n = 1/(se²·p·(1−p)) and e = n·p exactly.
 * With exact counts the release ledger's two-set check is not enough: four fits — three disjoint age
 * bands and the whole population — are each admitted (no pair differs by a small group), and
 * whole − band₁ − band₂ − band₃ is the patient(s) above the last band, here the oldest patient(s) at a
 * station; the same difference of the event counts is whether that patient was admitted within a year.
 *
 * What must hold: no GLM result lets the requester compute a station's exact number of patients or
 * events. The release ledger now checks sums of pairwise disjoint earlier sets
 * (`docs/decisions/release-ledger.md`), so the fourth fit is refused at that station. And each station
 * adds phantom patients to its sums (`docs/decisions/model-statistics-noise.md`):
 * four rows of weight uniform in ±threshold/2, the same for the same patients whatever the question. The
 * counts read from a fit are n and e plus those weights, never whole numbers, and the four fits'
 * difference is off by four stations' worth of independent phantom weights (SD ≈ 1.15·threshold
 * patients). One draw can still round to the truth by chance; how often is measured over many keys in
 * `src/analytics/glm/phantom-patients.test.ts`.
 */
/** Index dates and outcome windows tried, so a station has enough events for three bands. */
const OPTIONS = [
  { indexDate: '2025-01-01', days: 365 },
  { indexDate: '2024-01-01', days: 730 },
] as const;
const MIN_EACH = 10;

interface Target {
  station: NetworkStation;
  outcome: { kind: 'unplanned-admission'; days: number };
  bands: PopulationSpec[];
  whole: PopulationSpec;
  /** The station's exact number of patients in the first band. */
  firstN: number;
}

async function findTarget(network: Network): Promise<Target | undefined> {
  for (const { indexDate, days } of OPTIONS)
    for (const station of network.stations) {
      const outcome = { kind: 'unplanned-admission', days } as const;
      const q = featureSql(
        { population: { indexDate }, features: [], outcome },
        'research',
        station.node!.store.dialect,
      );
      const rows = (await station.node!.store.query(q.sql, q.params))
        .map((r) => ({ age: Number(r.age), y: Number(r.y) }))
        .sort((a, b) => b.age - a.age);
      // The oldest patients (those of the oldest age), cut halfway to the next age.
      const g = rows.findIndex((r) => r.age < rows[0]!.age);
      if (g < 1 || g >= 10) continue;
      const cut = (rows[g - 1]!.age + rows[g]!.age) / 2;
      // Two bands below it, each with enough events and non-events for a fit; the third is the rest.
      const edges: number[] = [];
      let events = 0;
      let nonEvents = 0;
      for (let i = g; i < rows.length && edges.length < 2; i++) {
        if (rows[i]!.y === 1) events++;
        else nonEvents++;
        const next = rows[i + 1];
        if (events >= MIN_EACH && nonEvents >= MIN_EACH && next && next.age < rows[i]!.age) {
          edges.push((rows[i]!.age + next.age) / 2);
          events = 0;
          nonEvents = 0;
        }
      }
      if (edges.length < 2) continue;
      const rest = rows.filter((r) => r.age < edges[1]!);
      const restEvents = rest.filter((r) => r.y === 1).length;
      if (restEvents < MIN_EACH || rest.length - restEvents < MIN_EACH) continue;
      return {
        station,
        outcome,
        bands: [
          { indexDate, maxAge: edges[1]! },
          { indexDate, minAge: edges[1]!, maxAge: edges[0]! },
          { indexDate, minAge: edges[0]!, maxAge: cut },
        ],
        whole: { indexDate },
        firstN: rest.length,
      };
    }
  return undefined;
}

/** n and events from an intercept-only logistic fit's estimate and standard error. */
function countsOf(result: GlmResult): { n: number; events: number } {
  const c = result.coefficients[0]!;
  const p = 1 / (1 + Math.exp(-c.estimate));
  const n = 1 / (c.se ** 2 * p * (1 - p));
  return { n, events: n * p };
}

describe('attack: exact counts from a GLM coefficient table, differenced over three bands', () => {
  const net = withNetwork();
  let network: Network;
  let target: Target | undefined;
  beforeAll(async () => {
    network = net();
    target = await findTarget(network);
  });

  const derived: { n: number; events: number }[] = [];
  let permit = '';
  it('fits an intercept-only model on three disjoint age bands; the whole population is then refused', async () => {
    expect(target, 'a station with a small oldest group and three fittable bands').toBeDefined();
    const { station } = target!;
    permit = await network.permit({ stations: [station.stationId], algorithms: [GLM] });
    for (const population of target!.bands) {
      const run = await network.run(permit, GLM, {
        spec: { population, features: [], outcome: target!.outcome },
        family: 'logistic',
      });
      expect(statusAt(run, station), JSON.stringify(run.rounds.at(-1)?.stations)).toEqual({ status: 'done' });
      const result = run.result as GlmResult;
      expect(result.nPerStation[station.stationId]! % 5).toBe(0);
      derived.push(countsOf(result));
    }
    // The whole population is the three bands and the oldest patients: refused at the station.
    const whole = await network.run(permit, GLM, {
      spec: { population: target!.whole, features: [], outcome: target!.outcome },
      family: 'logistic',
    });
    expect(statusAt(whole, station)).toEqual({ status: 'refused', reason: 'disclosure-risk' });
  });

  // Before phantom patients each band's n and events came out exact (to 1e-6), and whole − bands gave
  // the oldest group's size and how many of them were admitted; now the whole is refused, and no band's
  // fit carries a whole number of patients or events either (another decomposition the ledger does not
  // catch would be off by the phantom weights).
  it('the fits do not give exact counts', () => {
    expect(derived).toHaveLength(3);
    for (const d of derived)
      for (const v of [d.n, d.events]) expect(Math.abs(v - Math.round(v))).toBeGreaterThan(1e-4);
  });

  // The public register repeats the combined coefficient table, and a permit for one station makes the
  // combined table that station's: before phantom patients its exact n was public.
  it('the public transparency register does not give a station’s exact number of patients', async () => {
    const register = await new HubClient(network.url).transparency();
    const runs = register.find((e) => e.permitId === permit)?.runs ?? [];
    const fits = runs.filter((r) => (r.result as GlmResult | undefined)?.coefficients);
    expect(fits).toHaveLength(3);
    const shown = countsOf(fits[0]!.result as GlmResult).n;
    expect(Math.abs(shown - target!.firstN), `shown ${shown}, exact ${target!.firstN}`).toBeGreaterThan(1e-3);
    // What the register shows is the station's patients plus at most four phantom rows of ±threshold/2.
    expect(Math.abs(shown - target!.firstN)).toBeLessThan(2 * DEFAULT_DISCLOSURE.threshold);
    for (const r of fits) expect((r.result as GlmResult).exact).toBe(false);
  });

  // The station's own choice, and only its own: with exact model statistics in its policy the same fit
  // (the first band again) gives its exact n.
  it('a station whose policy releases exact model statistics gives the exact fit, and says so', async () => {
    const { station } = target!;
    await station.updatePolicy((p) => ({
      ...p,
      disclosure: { ...p.disclosure, exactModelStatistics: true },
    }));
    try {
      const run = await network.run(permit, GLM, {
        spec: { population: target!.bands[0]!, features: [], outcome: target!.outcome },
        family: 'logistic',
      });
      expect(statusAt(run, station)).toEqual({ status: 'done' });
      const result = run.result as GlmResult;
      expect(result.exact).toBe(true);
      expect(countsOf(result).n).toBeCloseTo(target!.firstN, 4);
    } finally {
      await station.updatePolicy((p) => {
        const { exactModelStatistics: _, ...disclosure } = p.disclosure;
        return { ...p, disclosure };
      });
    }
  });
});
