import { AppError, notFound } from '../common/app-error.ts';

/**
 * Looks an algorithm up by name (and version; the highest when absent). With `hash`, refuses
 * (forbidden, reason algorithm-not-accepted) when the registered code's hash differs.
 */
export function registryGet<T extends { name: string; version: string; hash: string }>(
  all: readonly T[],
  name: string,
  version?: string,
  hash?: string,
): T {
  const found = all.filter((a) => a.name === name && (version === undefined || a.version === version));
  const a = found.sort((x, y) => y.version.localeCompare(x.version, 'en', { numeric: true }))[0];
  if (!a) throw notFound(`no algorithm ${name}${version ? ` version ${version}` : ''}`, 'algorithm');
  if (hash !== undefined && hash !== a.hash) {
    throw new AppError(
      'forbidden',
      `algorithm ${name} ${a.version}: content hash does not match`,
      'algorithm.hash',
      {
        reason: 'algorithm-not-accepted',
      },
    );
  }
  return a;
}
