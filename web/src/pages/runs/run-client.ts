import type { RunView } from '../../../../src/api/index.ts';
import { api } from '../../api/api.ts';

/**
 * Follows a run until it is no longer running, long-polling the hub (`?wait=&version=`): each change of a
 * station's task is reported through `onProgress` as it happens.
 */
export async function followRun(
  id: string,
  onProgress: (run: RunView) => void,
  signal?: AbortSignal,
): Promise<RunView> {
  let run = await api.getRun({ params: { id } });
  onProgress(run);
  while (run.status === 'running') {
    if (signal?.aborted) throw new DOMException('aborted', 'AbortError');
    run = await api.getRun({
      params: { id },
      query: { wait: 20, ...(run.version ? { version: run.version } : {}) },
      ...(signal ? { signal } : {}),
    });
    onProgress(run);
  }
  return run;
}

/** Starts a run under a permit and follows it to its end. */
export async function startAndFollow(
  permitId: string,
  algorithm: { name: string; version: string },
  input: unknown,
  onProgress: (run: RunView) => void,
  signal?: AbortSignal,
): Promise<RunView> {
  const created = await api.createRun({ body: { permitId, algorithm, input } });
  return followRun(created.id, onProgress, signal);
}
