import { Command } from 'commander';
import type { SandboxRun } from '../../api/index.ts';
import { badInput, isEhdsPurpose } from '../../common/index.ts';
import { dryRun, type TwinSpec } from '../../governance/index.ts';
import { type HubOptions, hubClient, withHubOptions } from './hub-session.ts';
import { intOption, parseAlgorithm, readJsonFile } from './parse-options.ts';
import { printJson } from './text-table.ts';

/** A dry run as people read it: the outcome, why, and each twin with its calibration. */
export function formatSandboxRun(run: SandboxRun): string {
  const lines = [
    `SYNTHETIC dry run of ${run.algorithm.name}@${run.algorithm.version} (${run.purpose}): ${run.outcome.toUpperCase()}${run.stage ? ` at ${run.stage}` : ''} in ${run.seconds.toFixed(1)} s`,
  ];
  if (run.message) lines.push(`  ${run.message}`);
  for (const s of run.stations) {
    lines.push(
      `  ${s.name}: ${s.status}${s.reason ? ` (${s.reason})` : ''}; ${s.patients} synthetic patients (station released ${s.releasedPatients ?? 'no count'})`,
    );
    for (const c of s.calibration)
      lines.push(
        `    SNOMED CT ${c.code}: released ${(c.released * 100).toFixed(1)}%, twin ${(c.twin * 100).toFixed(1)}%`,
      );
  }
  return lines.join('\n');
}

/** `ai4h sandbox dry-run|show`: the regulatory sandbox, a request's dry run on synthetic twins of its stations. */
export function sandboxCommand(): Command {
  const cmd = new Command('sandbox')
    .description('Regulatory sandbox: dry runs on synthetic twins of the stations')
    .exitOverride();
  withHubOptions(
    cmd
      .command('dry-run')
      .description(
        'Have the hub run an algorithm of your access request on synthetic twins of its stations (calibrated to their catalogue profiles); the outcome is kept with the request, verified, for the reviewer',
      )
      .requiredOption('--request <id>', 'your access request')
      .requiredOption('--algorithm <name@version>', 'an algorithm of the request')
      .requiredOption('--input <file>', 'the analysis input (JSON)')
      .option('--max-patients <n>', 'largest twin', intOption('--max-patients', 50, 20_000), 3000)
      .option('--local', 'run it on this machine instead (to try an input); attached only as unverified')
      .option('--no-submit', 'with --local: do not attach the outcome to the request'),
  ).action(
    async (
      opts: HubOptions & {
        request: string;
        algorithm: string;
        input: string;
        maxPatients: number;
        local?: boolean;
        submit: boolean;
      },
    ) => {
      const client = await hubClient(opts, true);
      const algorithm = parseAlgorithm(opts.algorithm);
      const input = await readJsonFile(opts.input, '--input');
      let run: SandboxRun;
      let verified = false;
      if (!opts.local) {
        console.error('the hub builds synthetic twins of the request’s stations and runs the algorithm …');
        const record = await client.call('executeSandboxRun', {
          body: {
            requestId: opts.request,
            algorithm,
            input,
            maxPatients: opts.maxPatients,
          },
        });
        run = record.run;
        verified = record.verified;
      } else {
        const request = await client.call('getRequest', { params: { id: opts.request } });
        if (!request.algorithms.some((a) => a.name === algorithm.name && a.version === algorithm.version))
          throw badInput('not an algorithm of this request', '--algorithm');
        if (!isEhdsPurpose(request.purpose)) throw badInput('the request has no EHDS purpose', '--request');
        const [stations, datasets] = await Promise.all([
          client.call('listStations', { query: {} }),
          client.call('searchCatalogue', { query: {} }),
        ]);
        const specs: TwinSpec[] = request.stations.map((id) => ({
          stationName: stations.find((s) => s.id === id)?.name ?? id,
          profile: datasets.find((d) => d.stationId === id)?.profile ?? {},
        }));
        console.error(
          `building ${specs.length} synthetic twins (${specs.map((s) => s.stationName).join(', ')}) …`,
        );
        run = await dryRun({
          algorithm,
          input,
          purpose: request.purpose,
          stations: specs,
          maxPatients: opts.maxPatients,
        });
        if (opts.submit) await client.call('submitSandboxRun', { body: { requestId: request.id, run } });
      }
      if (opts.json) printJson({ ...run, verified });
      else
        console.log(
          `${formatSandboxRun(run)}\n  ${verified ? 'run by the hub (verified)' : 'run on this machine (unverified for the reviewer)'}`,
        );
      if (run.outcome === 'failed') process.exitCode = 1;
    },
  );
  withHubOptions(
    cmd
      .command('show')
      .description('The dry runs of an access request (requester, reviewer)')
      .requiredOption('--request <id>'),
  ).action(async (opts: HubOptions & { request: string }) => {
    const runs = await (await hubClient(opts, true)).call('listSandboxRuns', {
      query: { requestId: opts.request },
    });
    if (opts.json) return printJson(runs);
    if (runs.length === 0) console.log('no dry run attached to this request');
    for (const r of runs)
      console.log(
        `${r.submittedAt} ${r.verified ? 'run by the hub (verified)' : 'reported by the requester (UNVERIFIED)'} inputs ${r.inputsHash.slice(0, 12)}\n${formatSandboxRun(r.run)}`,
      );
  });
  return cmd;
}
