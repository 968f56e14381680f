import { existsSync, readFileSync } from 'node:fs';
import { JsonLinesFile } from '../../common/json-lines-file.ts';
import type { Permit } from '../../protocol/messages.ts';
import { JsonFileState } from './json-file-state.ts';

/**
 * The station's own count of runs per permit, so it enforces a permit's query budget itself instead of
 * trusting the hub. A run (all rounds of one analysis) counts once.
 *
 * Kept as a journal (`permit-usage.jsonl`, one `{"permitId", "runId"}` line per new run, flushed to disk
 * before `record` returns); the whole-file record of earlier versions (`permit-usage.json`), when given
 * and present, is read once as the starting point and no longer written.
 */
export class PermitUsage {
  private readonly runs = new Map<string, Set<string>>();
  private readonly journal: JsonLinesFile | undefined;

  constructor(path?: string, legacyPath?: string) {
    if (legacyPath && existsSync(legacyPath)) {
      const legacy = JSON.parse(readFileSync(legacyPath, 'utf8')) as Record<string, string[]>;
      for (const [permitId, runIds] of Object.entries(legacy)) for (const r of runIds) this.add(permitId, r);
    }
    this.journal = path ? new JsonLinesFile(path) : undefined;
    for (const line of this.journal?.read() ?? []) {
      const { permitId, runId } = line as { permitId?: unknown; runId?: unknown };
      if (typeof permitId !== 'string' || typeof runId !== 'string') {
        throw new SyntaxError(`${path}: not a permit-usage line`);
      }
      this.add(permitId, runId);
    }
  }

  /** Whether the run may start (or continue) under a permit whose budget is `budget` runs. */
  allows(permitId: string, runId: string, budget: number): boolean {
    const runs = this.runs.get(permitId);
    return (runs?.has(runId) ?? false) || (runs?.size ?? 0) < budget;
  }

  /** Counts the run under the permit; resolves once that is on disk. */
  async record(permitId: string, runId: string): Promise<void> {
    if (this.runs.get(permitId)?.has(runId)) return;
    await this.journal?.append([{ permitId, runId }]);
    this.add(permitId, runId);
  }

  used(permitId: string): number {
    return this.runs.get(permitId)?.size ?? 0;
  }

  /** Releases the journal's file (the next record opens it again). */
  close(): void {
    this.journal?.close();
  }

  private add(permitId: string, runId: string): void {
    const runs = this.runs.get(permitId) ?? new Set<string>();
    runs.add(runId);
    this.runs.set(permitId, runs);
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
