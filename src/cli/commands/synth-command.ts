import { Command } from 'commander';
import { badInput, silentProgress, terminalProgress } from '../../common/index.ts';
import { generatePopulation } from '../../synth/index.ts';

const integer = (name: string) => (v: string) => {
  if (!/^\d+$/.test(v)) throw badInput('must be a non-negative integer', name);
  return Number(v);
};

/**
 * `ai4h synth --patients N --seed S [--region R] --out DIR`: writes a synthetic Dutch population as
 * FHIR R4 NDJSON with truth.json (planted truths) and note-labels.ndjson (identifiers in the notes).
 */
export function synthCommand(): Command {
  return new Command('synth')
    .description('Generate a synthetic Dutch population (FHIR R4 NDJSON) with known, planted truths')
    .requiredOption('--patients <n>', 'number of patients', integer('--patients'))
    .option('--seed <n>', 'seed; the same seed and options give the same bytes', integer('--seed'), 1)
    .option('--region <province>', 'only this province (name, code such as UT, or NL-UT)')
    .option('--start <date>', 'first day of the simulation window', '2021-01-01')
    .option('--end <date>', 'last day of the simulation window', '2025-12-31')
    .requiredOption('--out <dir>', 'output folder')
    .option('--quiet', 'no progress output; print only the JSON summary')
    .exitOverride()
    .action(
      async (o: {
        patients: number;
        seed: number;
        region?: string;
        start: string;
        end: string;
        out: string;
        quiet?: boolean;
      }) => {
        const summary = await generatePopulation({
          patients: o.patients,
          seed: o.seed,
          region: o.region,
          startDate: o.start,
          endDate: o.end,
          outDir: o.out,
          progress: o.quiet ? silentProgress : terminalProgress('synth (patients)'),
        });
        process.stdout.write(
          `${JSON.stringify({ ...summary, seconds: Math.round(summary.seconds * 10) / 10, patientsPerSecond: Math.round(summary.patientsPerSecond) }, null, 2)}\n`,
        );
      },
    );
}
