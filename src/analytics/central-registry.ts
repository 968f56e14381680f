import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { AlgorithmDefinition, CentralAlgorithm, CentralHalf } from './algorithm.ts';
import { algorithmFolders, algorithmHash } from './algorithm-hash.ts';
import { ALGORITHMS_ROOT } from './algorithm-root.ts';
import { registryGet } from './registry-get.ts';

/** What the hub holds: definitions and central halves only (no local half, store or FHIR code). */
export interface CentralRegistry {
  list(): CentralAlgorithm[];
  get(name: string, version?: string, hash?: string): CentralAlgorithm;
}

async function importExport<T>(folder: string, file: string, exportName: string): Promise<T> {
  const mod = (await import(pathToFileURL(join(folder, file)).href)) as Record<string, unknown>;
  const value = mod[exportName];
  if (!value) throw new Error(`${join(folder, file)} does not export "${exportName}"`);
  return value as T;
}

let cached: Promise<CentralRegistry> | undefined;

/** Loads (once) every algorithm folder's definition and central half, with its content hash. */
export function loadCentralRegistry(root: string = ALGORITHMS_ROOT): Promise<CentralRegistry> {
  const load = async (): Promise<CentralRegistry> => {
    const all: CentralAlgorithm[] = [];
    for (const folder of await algorithmFolders(root)) {
      const definition = await importExport<AlgorithmDefinition>(folder, 'definition.ts', 'definition');
      const central = await importExport<CentralHalf>(folder, 'central.ts', 'central');
      all.push({
        ...definition,
        hash: await algorithmHash(folder),
        central: (p, i, r) => central.combine(p, i, r),
      });
    }
    return { list: () => [...all], get: (n, v, h) => registryGet(all, n, v, h) };
  };
  if (root !== ALGORITHMS_ROOT) return load();
  cached ??= load();
  return cached;
}
