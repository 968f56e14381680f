import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Command } from 'commander';
import { z } from 'zod';
import {
  type GlmResult,
  JsonFileEpsilonLedger,
  loadAlgorithm,
  runFederated,
  type StationContext,
} from '../../analytics/index.ts';
import { badInput, badInputFromZod, isAppError, isEhdsPurpose, strictSafeParse } from '../../common/index.ts';
import { type LocalStation, openLocalStation, recordLocalUse } from '../../station/index.ts';

/** The station folder's differential-privacy ledger for local runs. */
export const DP_LEDGER_FILE = 'dp-ledger.json';

async function readJson(file: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch {
    throw badInput('cannot read the input file', file);
  }
  try {
    return JSON.parse(text);
  } catch (e) {
    const at = e instanceof SyntaxError ? (/at position \d+/.exec(e.message)?.[0] ?? '') : '';
    throw badInput(`not valid JSON${at ? ` (${at})` : ''}`, file);
  }
}

function printGlm(r: GlmResult): void {
  console.log(
    `${r.family} regression on ${r.n} patients, ${r.iterations} iterations${r.converged ? '' : ' (NOT converged)'}` +
      (r.exact ? ', exact statistics' : ', with each station’s phantom patients (exactModelStatistics off)'),
  );
  console.log(['name', 'estimate', 'se', '95% CI', 'p'].join('\t'));
  for (const c of r.coefficients) {
    console.log(
      [
        c.name,
        c.estimate.toFixed(4),
        c.se.toFixed(4),
        `${c.lower.toFixed(4)} – ${c.upper.toFixed(4)}`,
        c.p.toExponential(2),
      ].join('\t'),
    );
  }
}

/**
 * `ai4h analyse <algorithm> --dir A --dir B --input input.json`: runs an algorithm federated over local
 * station folders, without a hub (a researcher's or steward's local federation). Every station applies
 * its own policy.json disclosure rules; only the combined result is printed.
 */
export function analyseCommand(): Command {
  return new Command('analyse')
    .description('run an analytics algorithm federated over local station folders (no hub)')
    .argument('<algorithm>', 'algorithm name (glm, descriptive, validation, representativeness, …)')
    .requiredOption('--dir <dir...>', 'station folder(s)')
    .requiredOption('--input <file>', 'the analysis input (JSON)')
    .option('--version <version>', 'algorithm version (default: the newest)')
    .option('--purpose <purpose>', 'EHDS purpose of the analysis', 'research')
    .option('--permit <id>', 'permit id (names the DP budget)', 'local')
    .option('--epsilon-budget <eps>', 'differential-privacy budget per permit at each station', '1')
    .option('--json', 'print the result as JSON')
    .action(
      async (
        name: string,
        opts: {
          dir: string[];
          input: string;
          version?: string;
          purpose: string;
          permit: string;
          epsilonBudget: string;
          json?: boolean;
        },
      ) => {
        if (!isEhdsPurpose(opts.purpose)) throw badInput('not an EHDS purpose', '--purpose');
        const budget = z.coerce.number().positive().safeParse(opts.epsilonBudget);
        if (!budget.success) throw badInput('must be a positive number', '--epsilon-budget');
        const algorithm = await loadAlgorithm(name, opts.version);
        const input = await readJson(opts.input);
        // Checked before any station is opened, so a wrong file is a usage error naming every problem.
        const checked = strictSafeParse(algorithm.inputSchema, input);
        if (!checked.success)
          throw badInputFromZod(
            checked.error,
            opts.input,
            `does not fit the input of ${algorithm.name}@${algorithm.version}`,
          );
        const locals: LocalStation[] = [];
        const use = {
          command: 'analyse',
          algorithm: { name: algorithm.name, version: algorithm.version, hash: algorithm.hash },
          input,
          purpose: opts.purpose,
          permitId: opts.permit,
        };
        try {
          const contexts: StationContext[] = [];
          for (const dir of opts.dir) {
            const local = await openLocalStation(dir, {
              purpose: opts.purpose,
              permitId: opts.permit,
              privacy: {
                ledger: new JsonFileEpsilonLedger(join(dir, DP_LEDGER_FILE)),
                epsilonPerPermit: budget.data,
              },
            });
            locals.push(local);
            contexts.push(local.context);
          }
          const dataVersions = await Promise.all(locals.map((l) => l.store.dataVersion()));
          let run: Awaited<ReturnType<typeof runFederated>>;
          try {
            run = await runFederated(algorithm, contexts, input, {
              onProgress: (p) => {
                if (!opts.json && p.status !== 'running')
                  console.error(
                    `round ${p.round + 1} ${p.stationId}: ${p.status}${p.reason ? ` (${p.reason})` : ''}`,
                  );
              },
            });
          } catch (e) {
            const outcome = isAppError(e) && e.code === 'forbidden' ? 'refused' : 'failed';
            for (const [k, l] of locals.entries())
              await recordLocalUse(l.station.dir, { ...use, dataVersion: dataVersions[k]!, outcome });
            throw e;
          }
          const out = {
            algorithm: { name: algorithm.name, version: algorithm.version, hash: algorithm.hash },
            stations: contexts.map((c) => c.stationId),
            dataVersions: Object.fromEntries(contexts.map((c, k) => [c.stationId, dataVersions[k]!])),
            rounds: run.rounds,
            result: run.result,
          };
          // Every station's audit chain records what was shown, before it is shown.
          for (const [k, l] of locals.entries())
            await recordLocalUse(l.station.dir, {
              ...use,
              dataVersion: dataVersions[k]!,
              shown: out,
              outcome: 'shown',
            });
          if (opts.json) console.log(JSON.stringify(out, null, 2));
          else if (algorithm.name === 'glm') printGlm(run.result as GlmResult);
          else console.log(JSON.stringify(out.result, null, 2));
        } finally {
          await Promise.all(locals.map((l) => l.close().catch(() => {})));
        }
      },
    );
}
