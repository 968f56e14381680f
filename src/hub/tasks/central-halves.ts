import type { z } from 'zod';
import type { StationPartial } from '../../analytics/algorithm.ts';

/** What the hub needs of an algorithm: its content hash, how many rounds it may take, its central half. */
export interface CentralHalf {
  /** SHA-256 of the algorithm's code, as stations accept it. */
  hash: string;
  maxRounds: number;
  /** When present, the hub validates a run's input with it before any task is issued. */
  inputSchema?: z.ZodType;
  central(
    partials: StationPartial<unknown>[],
    input: unknown,
    round: number,
  ): { done: true; result: unknown } | { done: false; nextInput: unknown };
}

/**
 * The registry of central halves the hub may run, injected into the hub app so the hub does not depend
 * on how algorithms are registered (see src/analytics).
 */
export interface CentralHalves {
  get(name: string, version: string): CentralHalf | undefined;
}

/** A registry from a fixed list (tests, demos). */
export function centralHalvesOf(entries: Record<string, CentralHalf>): CentralHalves {
  return { get: (name, version) => entries[`${name}@${version}`] };
}
