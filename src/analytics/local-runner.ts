import { createHmac, randomBytes, randomUUID } from 'node:crypto';
import canonicalize from 'canonicalize';
import { AppError } from '../common/app-error.ts';
import { badInputFromZod } from '../common/input-issues.ts';
import { strictSafeParse } from '../common/strict-parse.ts';
import { uniformStream } from '../privacy/disclosure/noised-moments.ts';
import type {
  Algorithm,
  AlgorithmDefinition,
  CentralHalf,
  LocalContext,
  LocalHalf,
  StationContext,
} from './algorithm.ts';
import { releaseQuestions } from './release-questions.ts';

/** Refusal for an answer whose numbers name no patients: the ledger could not have checked them. */
export const UNACCOUNTED =
  'the algorithm returned numbers without naming the patients behind them, so nothing leaves';

/**
 * The one place every local half runs through, at a station (the task executor) and in-process (the
 * federated driver, the CLI): the input is validated against the algorithm's schema (unknown fields
 * refused), the half runs with the task's release guard, its output is checked against what the
 * algorithm declared it may return, and only then are the patient sets it admitted written to the
 * station's ledger (flushed). Whatever fails, the guard is aborted and nothing is recorded or returned.
 * A local half cannot skip this: it gets the guard only from here, and an answer that admitted no set
 * is refused.
 */
export async function runLocalHalf<I, L>(
  definition: AlgorithmDefinition<I, L, unknown>,
  half: LocalHalf<I, L>,
  station: StationContext,
  rawInput: unknown,
  round: number,
  taskId: string = randomUUID(),
): Promise<L> {
  // A field the algorithm does not know is refused (the task is refused as `invalid-input`), not ignored.
  const parsed = strictSafeParse(definition.inputSchema, rawInput);
  if (!parsed.success)
    throw badInputFromZod(
      parsed.error,
      'input',
      `does not fit the input of ${definition.name}@${definition.version}`,
      { pathInWhere: true },
    );
  // Each set's question comes from the input: the same question asked again is answered again, the same
  // patients reached by another question are withheld like a small difference (release-questions.ts).
  const release = await station.ledger.begin(
    taskId,
    station.disclosure.threshold,
    releaseQuestions(parsed.data, station.purpose),
  );
  try {
    const ctx: LocalContext = {
      ...station,
      taskId,
      release,
      uniform: (label) => noiseSource(station, parsed.data, label),
      noiseId: station.noise
        ? createHmac('sha256', station.noise.secret)
            .update(`${canonicalize(parsed.data) ?? ''}\u0000${station.noise.dataVersion}`)
            .digest('hex')
            .slice(0, 32)
        : taskId,
    };
    const output = await half.run(ctx, parsed.data, round);
    const checked = definition.outputSchema.safeParse(output);
    if (!checked.success) {
      // The algorithm tried to return something it did not declare: nothing leaves.
      throw new AppError('forbidden', 'output does not match what the algorithm may return', 'output', {
        reason: 'disclosure-risk',
      });
    }
    if (release.considered === 0) {
      throw new AppError('forbidden', UNACCOUNTED, definition.name, { reason: 'disclosure-risk' });
    }
    release.commit();
    return checked.data;
  } finally {
    release.abort();
  }
}

/**
 * Uniform numbers in (0, 1) for noise on one statistic. With the station's noise secret they are
 * HMAC-SHA256 in counter mode over (input, statistic, data version): asking the same question of the
 * same data again gives the same noise, so repeating it cannot average the noise away; a new data
 * version or another question gets fresh noise (and is charged to the budget again).
 */
export function noiseSource(station: StationContext, input: unknown, label: string): () => number {
  const seed = station.noise
    ? createHmac('sha256', station.noise.secret)
        .update(`${canonicalize(input) ?? ''}\u0000${label}\u0000${station.noise.dataVersion}`)
        .digest()
    : randomBytes(32);
  return uniformStream(seed);
}

/** Composes an algorithm from its three files (used by the registries, the driver and tests). */
export function composeAlgorithm<I, L, R>(
  definition: AlgorithmDefinition<I, L, R>,
  local: LocalHalf<I, L>,
  central: CentralHalf<I, L, R>,
): Algorithm<I, L, R> {
  return {
    ...definition,
    local: (station, input, round, taskId) => runLocalHalf(definition, local, station, input, round, taskId),
    central: (partials, input, round) => central.combine(partials, input, round),
  };
}
