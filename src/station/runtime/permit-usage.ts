import type { Permit } from '../../protocol/messages.ts';
import { JsonFileState } from './json-file-state.ts';

/**
 * The station's own count of runs per permit, so it enforces a permit's query budget itself instead of
 * trusting the hub. A run (all rounds of one analysis) counts once.
 */
export class PermitUsage {
  private readonly state: JsonFileState<Record<string, string[]>>;

  constructor(path?: string) {
    this.state = new JsonFileState(path, {});
  }

  /** Whether the run may start (or continue) under a permit whose budget is `budget` runs. */
  allows(permitId: string, runId: string, budget: number): boolean {
    const runs = this.state.get()[permitId] ?? [];
    return runs.includes(runId) || runs.length < budget;
  }

  record(permitId: string, runId: string): void {
    const all = this.state.get();
    const runs = all[permitId] ?? [];
    if (runs.includes(runId)) return;
    this.state.set({ ...all, [permitId]: [...runs, runId] });
  }

  used(permitId: string): number {
    return (this.state.get()[permitId] ?? []).length;
  }
}

/** Permits the hub told this station are revoked; remembered across restarts. */
export class RevokedPermits {
  private readonly state: JsonFileState<string[]>;

  constructor(path?: string) {
    this.state = new JsonFileState(path, []);
  }

  add(ids: readonly string[]): void {
    const known = new Set(this.state.get());
    const fresh = ids.filter((id) => !known.has(id));
    if (fresh.length > 0) this.state.set([...known, ...fresh]);
  }

  has(id: string): boolean {
    return this.state.get().includes(id);
  }

  all(): ReadonlySet<string> {
    return new Set(this.state.get());
  }
}

/**
 * Permits this station saw in signed tasks but that wait for its steward's approval (manual mode).
 * The steward lists and approves them at the station (`ai4h station permits`, `ai4h station approve`).
 */
export class PendingPermits {
  private readonly state: JsonFileState<Record<string, Permit>>;

  constructor(path?: string) {
    this.state = new JsonFileState(path, {});
  }

  add(permit: Permit): void {
    if (this.state.get()[permit.id]) return;
    this.state.set({ ...this.state.get(), [permit.id]: permit });
  }

  remove(permitId: string): void {
    const { [permitId]: _gone, ...rest } = this.state.get();
    this.state.set(rest);
  }

  list(): Permit[] {
    return Object.values(this.state.get());
  }

  get(permitId: string): Permit | undefined {
    return this.state.get()[permitId];
  }
}
