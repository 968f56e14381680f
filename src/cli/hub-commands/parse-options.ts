import { readFile } from 'node:fs/promises';
import { loadCentralRegistry } from '../../analytics/index.ts';
import {
  badInput,
  badInputFromZod,
  EhdsPurposes,
  isEhdsPurpose,
  strictSafeParse,
} from '../../common/index.ts';

/** An algorithm as named on the command line. */
export interface AlgorithmName {
  name: string;
  version: string;
}

const ALGORITHM = /^([a-z0-9][a-z0-9._-]*)@([0-9A-Za-z][0-9A-Za-z.+-]*)$/;

/**
 * Parses `name@version` (e.g. `cohort-feasibility@1.0.0`).
 * @throws AppError badInput naming the option when the text is not of that form.
 */
export function parseAlgorithm(text: string, where = '--algorithm'): AlgorithmName {
  const m = ALGORITHM.exec(text.trim());
  if (!m) throw badInput(`'${text}' is not name@version (e.g. cohort-feasibility@1.0.0)`, where);
  return { name: m[1]!, version: m[2]! };
}

/** A commander parser for a whole number in [min, max]; names the option when it is not. */
export const intOption =
  (option: string, min: number, max: number) =>
  (text: string): number => {
    const n = Number(text);
    if (!Number.isInteger(n) || n < min || n > max)
      throw badInput(`must be a whole number from ${min} to ${max}`, option);
    return n;
  };

/** Checks an EHDS purpose code and lists the valid ones when it is not one. */
export function parsePurpose(text: string): keyof typeof EhdsPurposes {
  if (!isEhdsPurpose(text))
    throw badInput(
      `'${text}' is not an EHDS purpose; use one of ${Object.keys(EhdsPurposes).join(', ')}`,
      '--purpose',
    );
  return text;
}

/** Reads and parses a JSON file; a missing file or bad JSON is a badInput naming the option and file. */
export async function readJsonFile(file: string, option: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw badInput(
      code === 'ENOENT' ? `file not found: ${file}` : `cannot read ${file} (${code ?? 'error'})`,
      option,
    );
  }
  try {
    return JSON.parse(text) as unknown;
  } catch {
    // JSON.parse's message quotes the text, which may hold data; say only where.
    throw badInput(`${file} is not valid JSON`, option);
  }
}

/**
 * The run input: the `--input` file's object, with `cohort` set to the `--cohort` file when given.
 * @throws AppError badInput when neither is given or the input is not a JSON object but a cohort must go in.
 */
export async function runInput(opts: { input?: string; cohort?: string }): Promise<unknown> {
  if (!opts.input && !opts.cohort)
    throw badInput('give --input FILE.json, --cohort COHORT.json or both', 'options');
  const input = opts.input ? await readJsonFile(opts.input, '--input') : {};
  if (!opts.cohort) return input;
  if (typeof input !== 'object' || input === null || Array.isArray(input))
    throw badInput('must hold a JSON object to merge the cohort into', '--input');
  return { ...input, cohort: await readJsonFile(opts.cohort, '--cohort') };
}

/**
 * Checks a run's input against the algorithm's input schema when this version of the platform knows the
 * algorithm, so a wrong file is a usage error naming every problem before anything is sent. An algorithm
 * only the hub knows is left to the hub to check.
 */
export async function checkRunInput(
  algorithm: AlgorithmName,
  input: unknown,
  opts: { input?: string; cohort?: string },
): Promise<void> {
  const known = (await loadCentralRegistry())
    .list()
    .find((a) => a.name === algorithm.name && a.version === algorithm.version);
  if (!known) return;
  const parsed = strictSafeParse(known.inputSchema, input);
  if (parsed.success) return;
  const where =
    opts.input && opts.cohort
      ? `--input ${opts.input} with --cohort ${opts.cohort} as $.cohort`
      : opts.input
        ? `--input ${opts.input}`
        : `--cohort ${opts.cohort} as $.cohort`;
  throw badInputFromZod(
    parsed.error,
    where,
    `does not fit the input of ${algorithm.name}@${algorithm.version}`,
  );
}
