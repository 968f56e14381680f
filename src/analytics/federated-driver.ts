import { randomUUID } from 'node:crypto';
import { AppError, unprocessable } from '../common/app-error.ts';
import { badInputFromZod } from '../common/input-issues.ts';
import { strictSafeParse } from '../common/strict-parse.ts';
import type { Algorithm, StationContext, StationPartial } from './algorithm.ts';

/** Progress of one station in one round, for progress bars and logs. */
export interface StationProgress {
  stationId: string;
  round: number;
  status: 'running' | 'done' | 'refused' | 'failed';
  /** For refusals: the reason code (e.g. disclosure-risk). */
  reason?: string;
}

export interface FederatedRun<R> {
  result: R;
  rounds: number;
  /** Seconds spent in local halves (summed over stations) and in the central half. */
  localSeconds: number;
  centralSeconds: number;
}

export interface RunOptions {
  onProgress?: (p: StationProgress) => void;
  /** Run the stations of a round one after another (default: concurrently, as the hub would). */
  sequential?: boolean;
}

/**
 * Runs an algorithm over in-process stations without a hub: each round the local half runs at every
 * station through the same local runner a station uses (input validated, output checked, patient sets
 * recorded in the station's release ledger), and the central half combines. A station's refusal stops
 * the run with that AppError.
 */
export async function runFederated<I, L, R>(
  algorithm: Algorithm<I, L, R>,
  stations: readonly StationContext[],
  input: I,
  options: RunOptions = {},
): Promise<FederatedRun<R>> {
  if (stations.length === 0) throw unprocessable('no stations to run on', 'stations');
  const parsed = strictSafeParse(algorithm.inputSchema, input);
  if (!parsed.success)
    throw badInputFromZod(
      parsed.error,
      'input',
      `does not fit the input of ${algorithm.name}@${algorithm.version}`,
    );
  let current = parsed.data;
  const runId = randomUUID();
  let localSeconds = 0;
  let centralSeconds = 0;
  const report = options.onProgress ?? (() => {});
  for (let round = 0; round < algorithm.maxRounds; round++) {
    const runOne = async (ctx: StationContext): Promise<StationPartial<L>> => {
      report({ stationId: ctx.stationId, round, status: 'running' });
      const t0 = performance.now();
      try {
        const output = await algorithm.local(ctx, current, round, `${runId}:${round}:${ctx.stationId}`);
        localSeconds += (performance.now() - t0) / 1000;
        report({ stationId: ctx.stationId, round, status: 'done' });
        return { stationId: ctx.stationId, output };
      } catch (e) {
        const reason = e instanceof AppError ? (e.details?.reason ?? e.code) : undefined;
        report({
          stationId: ctx.stationId,
          round,
          status: e instanceof AppError ? 'refused' : 'failed',
          reason,
        });
        throw e;
      }
    };
    const partials: StationPartial<L>[] = [];
    if (options.sequential) for (const s of stations) partials.push(await runOne(s));
    else partials.push(...(await Promise.all(stations.map(runOne))));
    const t1 = performance.now();
    const step = algorithm.central(partials, current, round);
    centralSeconds += (performance.now() - t1) / 1000;
    if (step.done) return { result: step.result, rounds: round + 1, localSeconds, centralSeconds };
    current = algorithm.inputSchema.parse(step.nextInput) as I;
  }
  throw unprocessable(`did not finish within ${algorithm.maxRounds} rounds`, algorithm.name);
}
