import type { CentralAlgorithm } from '../../analytics/algorithm.ts';
import type { CentralRegistry } from '../../analytics/central-registry.ts';
import { isAppError } from '../../common/app-error.ts';
import type { CentralHalf, CentralHalves } from './central-halves.ts';

const halfOf = (a: CentralAlgorithm): CentralHalf => ({
  hash: a.hash,
  maxRounds: a.maxRounds,
  inputSchema: a.inputSchema,
  ...(a.resultSchema ? { resultSchema: a.resultSchema } : {}),
  central: a.central,
});

/**
 * The algorithms of src/analytics (their central halves, hashes, input and result schemas) as the hub
 * uses them.
 */
export function centralHalvesFromRegistry(registry: CentralRegistry): CentralHalves {
  return {
    get(name, version) {
      try {
        return halfOf(registry.get(name, version));
      } catch (e) {
        if (isAppError(e) && e.code === 'notFound') return undefined;
        throw e;
      }
    },
    list: () => registry.list().map((a) => ({ ...halfOf(a), name: a.name, version: a.version })),
  };
}
