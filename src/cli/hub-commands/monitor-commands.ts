import { Command } from 'commander';
import type { MonitorResult } from '../../monitoring/index.ts';
import { formatMonitorResult, parseMonitorDefinition, stationNamesOf } from '../../monitoring/index.ts';
import { type HubOptions, hubClient, withHubOptions } from './hub-session.ts';
import { intOption, readJsonFile } from './parse-options.ts';
import { assertRunSucceeded } from './run-report.ts';
import { printJson, textTable } from './text-table.ts';

/** `ai4h monitor create|run|show|list`: outcome monitors of care innovations (src/monitoring/README.md). */
export function monitorCommand(): Command {
  const monitor = new Command('monitor').description('Outcome monitors of care innovations').exitOverride();

  withHubOptions(
    monitor
      .command('create')
      .description('Register a monitor under a public-health or policy permit (permit holder)')
      .requiredOption('--permit <id>', 'the permit (outcome-monitor@1.1.0 allowed)')
      .argument('<definition>', 'the monitor definition (JSON), e.g. examples/monitors/wijkkliniek.json'),
  ).action(async (file: string, opts: HubOptions & { permit: string }) => {
    const definition = parseMonitorDefinition(await readJsonFile(file, file), file);
    const client = await hubClient(opts, true);
    const created = await client.call('createMonitor', { body: { permitId: opts.permit, definition } });
    if (opts.json) return printJson(created);
    console.log(`monitor ${created.id} registered; run it with \`ai4h monitor run ${created.id} --wait\``);
  });

  withHubOptions(
    monitor
      .command('run')
      .description('Run a monitor through a month (default: the last complete month of its follow-up)')
      .argument('<id>', 'the monitor')
      .option('--month <YYYY-MM>', 'last follow-up month to report')
      .option('--wait', 'wait for the result and show it')
      .option(
        '--timeout <seconds>',
        'give up waiting after this long',
        intOption('--timeout', 1, 86_400),
        600,
      ),
  ).action(async (id: string, opts: HubOptions & { month?: string; wait?: boolean; timeout: number }) => {
    const client = await hubClient(opts, true);
    const started = await client.call('runMonitor', {
      params: { id },
      body: opts.month ? { throughMonth: opts.month } : {},
    });
    if (!opts.wait) {
      if (opts.json) return printJson(started);
      console.log(`monitor ${id} runs through ${started.month} as run ${started.run.id}`);
      return;
    }
    const run = await client.waitForRun(started.run.id, { intervalMs: 500, timeoutMs: opts.timeout * 1000 });
    if (opts.json) printJson(run);
    else if (run.result)
      console.log(formatMonitorResult(run.result as MonitorResult, 'en', stationNamesOf(run)));
    assertRunSucceeded(run);
  });

  withHubOptions(
    monitor
      .command('show')
      .description('A monitor: its releases month by month and the latest result')
      .argument('<id>', 'the monitor')
      .option('--nl', 'in Dutch'),
  ).action(async (id: string, opts: HubOptions & { nl?: boolean }) => {
    const client = await hubClient(opts, true);
    const m = await client.call('getMonitor', { params: { id } });
    const latest = [...m.history].reverse().find((h) => h.status === 'done');
    const run = latest ? await client.getRun(latest.runId) : undefined;
    if (opts.json) return printJson({ monitor: m, latest: run });
    console.log(
      textTable(
        ['month', 'run', 'status', 'result digest'],
        m.history.map((h) => [h.month, h.runId, h.status, h.resultDigest ?? '']),
        { leftColumns: 4 },
      ),
    );
    if (run?.result) {
      console.log('');
      console.log(
        formatMonitorResult(run.result as MonitorResult, opts.nl ? 'nl' : 'en', stationNamesOf(run)),
      );
    }
  });

  withHubOptions(
    monitor.command('list').description('Your monitors (all for reviewers and auditors)'),
  ).action(async (opts: HubOptions) => {
    const client = await hubClient(opts, true);
    const list = await client.call('listMonitors', {});
    if (opts.json) return printJson(list);
    if (list.length === 0) return void console.log('no monitors');
    console.log(
      textTable(
        ['id', 'name', 'owner', 'permit', 'releases'],
        list.map((m) => [m.id, m.name, m.owner, m.permitId, String(m.history.length)]),
        { leftColumns: 4 },
      ),
    );
  });
  return monitor;
}
