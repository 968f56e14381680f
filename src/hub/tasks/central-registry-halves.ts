import type { CentralRegistry } from '../../analytics/central-registry.ts';
import { isAppError } from '../../common/app-error.ts';
import type { CentralHalves } from './central-halves.ts';

/** The algorithms of src/analytics (their central halves, hashes and input schemas) as the hub uses them. */
export function centralHalvesFromRegistry(registry: CentralRegistry): CentralHalves {
  return {
    get(name, version) {
      try {
        const a = registry.get(name, version);
        return { hash: a.hash, maxRounds: a.maxRounds, inputSchema: a.inputSchema, central: a.central };
      } catch (e) {
        if (isAppError(e) && e.code === 'notFound') return undefined;
        throw e;
      }
    },
  };
}
