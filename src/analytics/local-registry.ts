import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { notFound } from '../common/app-error.ts';
import type { Algorithm, AlgorithmDefinition, CentralHalf, LocalAlgorithm, LocalHalf } from './algorithm.ts';
import { algorithmFolders, algorithmHash } from './algorithm-hash.ts';

import { ALGORITHMS_ROOT } from './algorithm-root.ts';
import { runLocalHalf } from './local-runner.ts';
import { registryGet } from './registry-get.ts';

export { ALGORITHMS_ROOT };

/** What a station holds: every algorithm's definition and local half, with its content hash. */
export interface LocalRegistry {
  list(): LocalAlgorithm[];
  /** The algorithm by name and version; with `hash`, refuses when the code differs. */
  get(name: string, version?: string, hash?: string): LocalAlgorithm;
}

async function importFrom<T>(folder: string, file: string, exportName: string): Promise<T> {
  const mod = (await import(pathToFileURL(join(folder, file)).href)) as Record<string, unknown>;
  const value = mod[exportName];
  if (!value) throw new Error(`${join(folder, file)} does not export "${exportName}"`);
  return value as T;
}

let cached: Promise<LocalRegistry> | undefined;

/** Loads (once) every algorithm folder's definition and local half. Never loads a central half. */
export function loadLocalRegistry(root: string = ALGORITHMS_ROOT): Promise<LocalRegistry> {
  const load = async (): Promise<LocalRegistry> => {
    const all: LocalAlgorithm[] = [];
    for (const folder of await algorithmFolders(root)) {
      const definition = await importFrom<AlgorithmDefinition>(folder, 'definition.ts', 'definition');
      const local = await importFrom<LocalHalf>(folder, 'local.ts', 'local');
      all.push({
        ...definition,
        hash: await algorithmHash(folder),
        local: (station, i, r, taskId) => runLocalHalf(definition, local, station, i, r, taskId),
      });
    }
    return { list: () => [...all], get: (n, v, h) => registryGet(all, n, v, h) };
  };
  if (root !== ALGORITHMS_ROOT) return load();
  cached ??= load();
  return cached;
}

/**
 * Both halves of one algorithm, for the in-process driver (tests, the `analyse` CLI). Only the
 * researcher's side uses this; a station and the hub each load their own half.
 */
export async function loadAlgorithm(
  name: string,
  version?: string,
  root: string = ALGORITHMS_ROOT,
): Promise<Algorithm & { hash: string }> {
  const localAlg = (await loadLocalRegistry(root)).get(name, version);
  const folders = await algorithmFolders(root);
  for (const folder of folders) {
    const definition = await importFrom<AlgorithmDefinition>(folder, 'definition.ts', 'definition');
    if (definition.name !== localAlg.name || definition.version !== localAlg.version) continue;
    const central = await importFrom<CentralHalf>(folder, 'central.ts', 'central');
    return { ...localAlg, central: (p, i, r) => central.combine(p, i, r) };
  }
  throw notFound(`no central half for ${name}`, 'algorithm');
}
