import type { z } from 'zod';
import type { StationPartial } from '../../analytics/algorithm.ts';

/** What the hub needs of an algorithm: its content hash, how many rounds it may take, its central half. */
export interface CentralHalf {
  /** SHA-256 of the algorithm's code, as stations accept it. */
  hash: string;
  maxRounds: number;
  /** When present, the hub validates a run's input with it before any task is issued. */
  inputSchema?: z.ZodType;
  /** The shape of the combined result, published in the OpenAPI document (not enforced). */
  resultSchema?: z.ZodType;
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
  /** Every algorithm the hub knows, for the API document. */
  list(): (CentralHalf & { name: string; version: string })[];
}

/** A registry from a fixed list keyed `name@version` (tests, demos). */
export function centralHalvesOf(entries: Record<string, CentralHalf>): CentralHalves {
  return {
    get: (name, version) => entries[`${name}@${version}`],
    list: () =>
      Object.entries(entries).map(([key, half]) => {
        const at = key.lastIndexOf('@');
        return { ...half, name: key.slice(0, at), version: key.slice(at + 1) };
      }),
  };
}
