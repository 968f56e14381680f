import { afterAll, beforeAll } from 'vitest';
import type { StationContext } from '../../src/analytics/algorithm.ts';
import type { FeasibilityResult } from '../../src/analytics/algorithms/cohort/cohort-feasibility/definition.ts';
import type { GlmPartial } from '../../src/analytics/algorithms/glm/definition.ts';
import type { ModelSpec, PopulationSpec } from '../../src/analytics/features/feature-spec.ts';
import { populationSql } from '../../src/analytics/features/feature-sql.ts';
import { shipped } from '../../src/analytics/shipped-versions.ts';
import type { RunView } from '../../src/api/index.ts';
import { type CohortDefinitionInput, parseCohort } from '../../src/cohort/cohort-definition.ts';
import { attritionMembers } from '../../src/cohort/cohort-members.ts';
import { compileCohort } from '../../src/cohort/compile-cohort.ts';
import { AppError } from '../../src/common/index.ts';
import {
  NETWORK_START_TIMEOUT_MS,
  type Network,
  type NetworkStation,
  startNetwork,
} from '../network/network-fixture.ts';

/**
 * What an attacker with an ordinary researcher's permit uses, and what the tests use to check that the
 * attack got nothing: the exact patient sets behind the questions, computed at the station directly.
 */

export const ALGORITHMS = [
  shipped('cohort-feasibility'),
  shipped('cohort-characterisation'),
  shipped('descriptive'),
  shipped('glm'),
  shipped('validation'),
] as const;
export const [FEASIBILITY, CHARACTERISATION, DESCRIPTIVE, GLM, VALIDATION] = ALGORITHMS;

/**
 * A test network for the tests of one file, started before them and closed after: each file gets fresh
 * station ledgers, so one attack's releases do not decide another's. Call it inside `describe`.
 */
export function withNetwork(): () => Network {
  let network: Network | undefined;
  beforeAll(async () => {
    network = await startNetwork();
  }, NETWORK_START_TIMEOUT_MS);
  afterAll(async () => {
    await network?.close();
  });
  return () => {
    if (!network) throw new Error('the test network did not start');
    return network;
  };
}

/** A permit for every algorithm: what a researcher asking for a broad study gets. */
export function broadPermit(network: Network): Promise<string> {
  return network.permit({ algorithms: [...ALGORITHMS] });
}

/** A station's status in a run's first round. */
export function statusAt(run: RunView, station: NetworkStation): { status: string; reason?: string } {
  const t = run.rounds[0]?.stations.find((s) => s.stationId === station.stationId);
  return { status: t?.status ?? 'missing', ...(t?.reason ? { reason: t.reason } : {}) };
}

const query = (station: NetworkStation): StationContext['query'] => {
  const store = station.node!.store;
  return (sql, params) => store.query(sql, params);
};

/**
 * The round-0 partial one station sends for a logistic fit of `spec` (caught before it is submitted) and
 * the station's status for the run: what the hub sees of a GLM's sums.
 */
export async function glmRoundZero(
  network: Network,
  permit: string,
  station: NetworkStation,
  spec: ModelSpec,
): Promise<{ partial: GlmPartial | undefined; status: { status: string; reason?: string } }> {
  let partial: GlmPartial | undefined;
  station.beforeSubmit = async (r) => {
    if (r.status === 'done' && partial === undefined) partial = r.output as GlmPartial;
  };
  try {
    const run = await network.run(permit, GLM, { spec, family: 'logistic' });
    return { partial, status: statusAt(run, station) };
  } finally {
    station.beforeSubmit = undefined;
  }
}
/** The exact patients of a population at a station (what descriptive / GLM / validation analyse). */
export async function populationAt(
  station: NetworkStation,
  population: PopulationSpec,
): Promise<Set<string>> {
  const q = populationSql(population, 'research', station.node!.store.dialect);
  const rows = await query(station)(q.sql, q.params);
  return new Set(rows.map((r) => String(r.id)));
}

/** The exact patients of a cohort at a station. */
export async function cohortAt(station: NetworkStation, cohort: CohortDefinitionInput): Promise<Set<string>> {
  const compiled = compileCohort(parseCohort(cohort), {
    dialect: station.node!.store.dialect,
    purpose: 'research',
  });
  const steps = await attritionMembers(query(station), compiled);
  return new Set(steps.at(-1)?.patients ?? []);
}

/** |A Δ B| */
export function symmetricDifference(a: Set<string>, b: Set<string>): number {
  let n = 0;
  for (const x of a) if (!b.has(x)) n++;
  for (const x of b) if (!a.has(x)) n++;
  return n;
}

/** A cohort of GP patients (or of patients with one of `codes`) in an age range at entry. */
export const gp = (age: { min?: number; max?: number }, codes?: string[]): CohortDefinitionInput => ({
  name: 'gp patients',
  entry: codes
    ? { event: { domain: 'condition', codes } }
    : { event: { domain: 'encounter', settings: ['gp'] }, occurrence: 'first' },
  demographics: { age },
});

/** A station's released feasibility answer in a run. */
export function partialAt(run: { result?: unknown }, station: NetworkStation) {
  return (run.result as FeasibilityResult | undefined)?.stations.find(
    (s) => s.stationId === station.stationId,
  )?.result;
}

/** A station and an age X with 1..9 patients aged X or older (at their first GP contact). */
export async function smallOldGroup(
  network: Network,
): Promise<{ station: NetworkStation; x: number } | undefined> {
  for (const station of network.stations) {
    const all = await cohortAt(station, gp({ min: 18 }));
    for (let x = 105; x >= 80; x--) {
      const below = await cohortAt(station, gp({ min: 18, max: x - 1 }));
      const d = all.size - below.size;
      if (d >= 1 && d < 10) return { station, x };
      if (d >= 10) break;
    }
  }
  return undefined;
}

/** The exact n among n − 2 … n + 2 (what rounding to 5 leaves) at which `mean` is a fraction of n. */
export function exactN(rounded: number, mean: number): number[] {
  const out: number[] = [];
  for (let n = rounded - 2; n <= rounded + 2; n++) {
    const f = mean * n;
    if (n > 0 && Math.abs(f - Math.round(f)) < 1e-6) out.push(n);
  }
  return out;
}

/** The hub's refusal of `promise` (an AppError); fails when the hub accepted it. */
export async function refusal(promise: Promise<unknown>): Promise<AppError> {
  try {
    await promise;
  } catch (e) {
    if (e instanceof AppError) return e;
    throw e;
  }
  throw new Error('the hub accepted it');
}
