import { Command } from 'commander';
import type { RunView } from '../../api/index.ts';
import type { HubClient } from '../../hub-client/index.ts';
import { type HubOptions, hubClient, withHubOptions } from './hub-session.ts';
import { checkRunInput, intOption, parseAlgorithm, runInput } from './parse-options.ts';
import { assertRunSucceeded, formatRun, stationStatusLine } from './run-report.ts';
import { printJson, textTable } from './text-table.ts';

interface WaitOptions extends HubOptions {
  timeout: number;
}

/**
 * Polls a run to its end, showing per-station status on stderr (stdout stays data): one live line on a
 * terminal, a line per change otherwise. Prints the run, then throws (exit 1) if it failed or every
 * station refused.
 */
async function waitAndReport(client: HubClient, id: string, opts: WaitOptions): Promise<RunView> {
  const live = Boolean(process.stderr.isTTY);
  const started = Date.now();
  const run = await client.waitForRun(id, {
    intervalMs: 500,
    timeoutMs: opts.timeout * 1000,
    onProgress: (r) => {
      const line = `[${((Date.now() - started) / 1000).toFixed(0).padStart(3)} s] ${r.status}: ${stationStatusLine(r)}`;
      if (live) process.stderr.write(`\r\x1b[K${line}`);
      else console.error(line);
    },
  });
  if (live) process.stderr.write('\n');
  report(run, opts);
  return run;
}

function report(run: RunView, opts: HubOptions): void {
  if (opts.json) printJson(run);
  else console.log(formatRun(run));
  assertRunSucceeded(run);
}

const timeoutOption = (cmd: Command) =>
  cmd.option(
    '--timeout <seconds>',
    'give up waiting after this long',
    intOption('--timeout', 1, 86_400),
    600,
  );

/** `ai4h run create|show|wait|list`: federated analyses under a permit. */
export function runCommand(): Command {
  const run = new Command('run').description('Federated analyses under a permit').exitOverride();

  withHubOptions(
    timeoutOption(
      run
        .command('create')
        .description('Start an algorithm at every station of a permit (researcher)')
        .requiredOption('--permit <id>', 'the permit')
        .requiredOption('--algorithm <name@version>', 'e.g. cohort-feasibility@1.0.0')
        .option('--input <file>', "the algorithm's input (JSON)")
        .option('--cohort <file>', 'a cohort definition (JSON), put into the input as `cohort`')
        .option('--wait', 'wait for the result and show it'),
    ),
  ).action(
    async (
      opts: WaitOptions & {
        permit: string;
        algorithm: string;
        input?: string;
        cohort?: string;
        wait?: boolean;
      },
    ) => {
      const algorithm = parseAlgorithm(opts.algorithm);
      const input = await runInput(opts);
      await checkRunInput(algorithm, input, opts);
      const client = await hubClient(opts, true);
      const created = await client.createRun({ permitId: opts.permit, algorithm, input });
      if (!opts.wait) {
        if (opts.json) return printJson(created);
        console.log(`run ${created.id} started; follow it with \`ai4h run wait ${created.id}\``);
        return;
      }
      if (!opts.json) console.error(`run ${created.id} started`);
      await waitAndReport(client, created.id, opts);
    },
  );

  withHubOptions(
    run
      .command('show')
      .description('A run: per-station status, result and provenance')
      .argument('<id>', 'the run'),
  ).action(async (id: string, opts: HubOptions) => {
    const client = await hubClient(opts, true);
    report(await client.getRun(id), opts);
  });

  withHubOptions(
    timeoutOption(
      run
        .command('wait')
        .description('Wait for a run to finish, showing each station, then show it')
        .argument('<id>', 'the run'),
    ),
  ).action(async (id: string, opts: WaitOptions) => {
    const client = await hubClient(opts, true);
    await waitAndReport(client, id, opts);
  });

  withHubOptions(
    run
      .command('list')
      .description('Your runs (all for reviewers and auditors)')
      .option('--permit <id>', 'only under this permit'),
  ).action(async (opts: HubOptions & { permit?: string }) => {
    const client = await hubClient(opts, true);
    const runs = await client.listRuns(opts.permit);
    if (opts.json) return printJson(runs);
    if (runs.length === 0) return void console.log('no runs');
    console.log(
      textTable(
        ['id', 'status', 'algorithm', 'permit', 'created'],
        runs.map((r) => [
          r.id,
          r.status,
          `${r.algorithm.name}@${r.algorithm.version}`,
          r.permitId,
          r.createdAt,
        ]),
        { leftColumns: 4 },
      ),
    );
  });
  return run;
}
