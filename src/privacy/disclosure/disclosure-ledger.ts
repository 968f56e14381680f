import { AppError } from '../../common/app-error.ts';

/**
 * One released number, as the station remembers it under a permit: what it counts (`scope`, e.g.
 * `count` or `region:Utrecht`), of which cohort (`keys`: the canonical keys of its criteria), and the
 * exact count its released value was based on. The ledger stays at the station.
 */
export interface LedgerEntry {
  readonly scope: string;
  readonly keys: readonly string[];
  readonly exact: number;
  readonly at: string;
}

/** Released numbers per permit. Implementations: {@link MemoryLedger}, `JsonFileLedger`. */
export interface DisclosureLedger {
  entries(permitId: string): Promise<readonly LedgerEntry[]>;
  append(permitId: string, entries: readonly LedgerEntry[]): Promise<void>;
}

/** A ledger in memory, for tests and one-off runs. */
export class MemoryLedger implements DisclosureLedger {
  private readonly byPermit = new Map<string, LedgerEntry[]>();
  async entries(permitId: string): Promise<readonly LedgerEntry[]> {
    return [...(this.byPermit.get(permitId) ?? [])];
  }
  async append(permitId: string, entries: readonly LedgerEntry[]): Promise<void> {
    const list = this.byPermit.get(permitId) ?? [];
    list.push(...entries);
    this.byPermit.set(permitId, list);
  }
}

/**
 * Cohorts that differ in at most one criterion (one changed, added or removed): their counts'
 * difference is the count of a well-defined small group.
 */
export function areNeighbours(a: readonly string[], b: readonly string[]): boolean {
  const rest = [...b];
  let onlyInA = 0;
  for (const k of a) {
    const i = rest.indexOf(k);
    if (i >= 0) rest.splice(i, 1);
    else onlyInA++;
  }
  return onlyInA <= 1 && rest.length <= 1;
}

export type Released = Omit<LedgerEntry, 'at'>;

/** The first pair (candidate, earlier or sibling) whose exact difference is between 1 and threshold−1. */
export function findDifferencingRisk(
  previous: readonly Released[],
  candidates: readonly Released[],
  threshold: number,
): { candidate: Released; earlier: Released } | undefined {
  const seen = [...previous];
  for (const c of candidates) {
    for (const p of seen) {
      if (p.scope !== c.scope) continue;
      const diff = Math.abs(p.exact - c.exact);
      if (diff > 0 && diff < threshold && areNeighbours(p.keys, c.keys)) return { candidate: c, earlier: p };
    }
    seen.push(c);
  }
  return undefined;
}

/**
 * The station refuses a task whose answer would reveal a small group: AppError `forbidden` with
 * `details.reason = 'disclosure-risk'`, the refusal reason the station sends back to the hub.
 */
export function disclosureRisk(scope: string): AppError {
  return new AppError(
    'forbidden',
    `the answer (${scope}) together with an earlier answer under this permit, for a cohort that differs in one ` +
      'criterion, would reveal a group below the disclosure threshold',
    'disclosure',
    { reason: 'disclosure-risk' },
  );
}

const locks = new WeakMap<DisclosureLedger, Promise<unknown>>();

/**
 * Checks `candidates` against everything released under the permit and records them — or throws a
 * `disclosure-risk` refusal and records nothing. Calls on one ledger are serialised so two concurrent
 * queries cannot both pass against the same history.
 */
export async function recordReleases(
  ledger: DisclosureLedger,
  permitId: string,
  candidates: readonly Released[],
  threshold: number,
  now: () => Date = () => new Date(),
): Promise<void> {
  const run = async () => {
    const risk = findDifferencingRisk(await ledger.entries(permitId), candidates, threshold);
    if (risk) throw disclosureRisk(risk.candidate.scope);
    const at = now().toISOString();
    await ledger.append(
      permitId,
      candidates.map((c) => ({ ...c, at })),
    );
  };
  const previous = locks.get(ledger) ?? Promise.resolve();
  const mine = previous.then(run, run);
  locks.set(
    ledger,
    mine.catch(() => {}),
  );
  return mine;
}
