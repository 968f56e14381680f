import { Command, Option } from 'commander';
import type { AccessRequest, PermitRecord } from '../../api/index.ts';
import { badInput } from '../../common/index.ts';
import { type HubOptions, hubClient, withHubOptions } from './hub-session.ts';
import { intOption, parseAlgorithm, parsePurpose } from './parse-options.ts';
import { printJson, textTable } from './text-table.ts';

const algorithms = (list: { name: string; version: string }[]) =>
  list.map((a) => `${a.name}@${a.version}`).join(', ');

function printRequest(r: AccessRequest): void {
  console.log(`request ${r.id}: ${r.status}`);
  console.log(`  "${r.title}" for ${r.purpose}, ${r.durationDays} days, ${r.queryBudget} runs`);
  console.log(`  stations: ${r.stations.join(', ')}`);
  console.log(`  algorithms: ${algorithms(r.algorithms)}`);
  if (r.decisionNote) console.log(`  decision note: ${r.decisionNote}`);
  if (r.permitId) console.log(`  permit: ${r.permitId}`);
}

/** `ai4h request create|list|decide`: access requests (researcher) and their review (reviewer). */
export function requestCommand(): Command {
  const request = new Command('request').description('Access requests and their review').exitOverride();

  withHubOptions(
    request
      .command('create')
      .description('Request access for an EHDS purpose (researcher)')
      .requiredOption('--purpose <purpose>', 'EHDS purpose, e.g. research, ai-training, public-health')
      .requiredOption('--title <title>', 'short title')
      .requiredOption('--description <text>', 'what you will do and why you need this data')
      .requiredOption(
        '--station <id-or-name...>',
        'stations by id or name (see `ai4h stations list` or `ai4h catalogue search`)',
      )
      .requiredOption('--algorithm <name@version...>', 'algorithms, e.g. cohort-feasibility@1.0.0')
      .option('--dataset <id...>', 'catalogue dataset ids')
      .option('--days <n>', 'how long the permit should last', intOption('--days', 1, 3650), 30)
      .option(
        '--budget <n>',
        'how many runs the permit allows per station',
        intOption('--budget', 1, 100_000),
        10,
      ),
  ).action(
    async (
      opts: HubOptions & {
        purpose: string;
        title: string;
        description: string;
        station: string[];
        algorithm: string[];
        dataset?: string[];
        days: number;
        budget: number;
      },
    ) => {
      const input = {
        purpose: parsePurpose(opts.purpose),
        title: opts.title,
        description: opts.description,
        stations: opts.station,
        datasets: opts.dataset ?? [],
        algorithms: opts.algorithm.map((a) => parseAlgorithm(a)),
        durationDays: opts.days,
        queryBudget: opts.budget,
      };
      const client = await hubClient(opts, true);
      const created = await client.createRequest(input);
      if (opts.json) return printJson(created);
      printRequest(created);
    },
  );

  withHubOptions(
    request
      .command('list')
      .description('Access requests: yours, or all for reviewers and auditors')
      .addOption(
        new Option('--status <status>', 'only these').choices(['submitted', 'approved', 'rejected']),
      ),
  ).action(async (opts: HubOptions & { status?: AccessRequest['status'] }) => {
    const client = await hubClient(opts, true);
    const list = await client.listRequests(opts.status);
    if (opts.json) return printJson(list);
    if (list.length === 0) return void console.log('no access requests');
    console.log(
      textTable(
        ['id', 'status', 'purpose', 'title', 'stations', 'created'],
        list.map((r) => [r.id, r.status, r.purpose, r.title, String(r.stations.length), r.createdAt]),
        { leftColumns: 4 },
      ),
    );
  });

  withHubOptions(
    request
      .command('decide')
      .description('Approve (issues a permit) or reject a request, with a note (reviewer)')
      .argument('<id>', 'the request')
      .option('--approve', 'approve: the hub issues a permit')
      .option('--reject', 'reject')
      .requiredOption('--note <text>', 'reason for the decision (kept in the audit log)'),
  ).action(async (id: string, opts: HubOptions & { approve?: boolean; reject?: boolean; note: string }) => {
    if (Boolean(opts.approve) === Boolean(opts.reject))
      throw badInput('give exactly one of --approve and --reject', 'options');
    const client = await hubClient(opts, true);
    const out = await client.decideRequest(id, { approve: Boolean(opts.approve), note: opts.note });
    if (opts.json) return printJson(out);
    printRequest(out.request);
    if (out.permit) console.log(`permit ${out.permit.id} issued, valid until ${out.permit.expiresAt}`);
  });
  return request;
}

function permitRow(p: PermitRecord): string[] {
  return [
    p.permit.id,
    p.status,
    p.permit.purpose,
    p.permit.title,
    algorithms(p.permit.algorithms),
    String(p.permit.stations.length),
    String(p.permit.queryBudget),
    p.permit.expiresAt,
  ];
}

/** `ai4h permit list|revoke`. */
export function permitCommand(): Command {
  const permit = new Command('permit').description('Data permits issued after review').exitOverride();

  withHubOptions(
    permit.command('list').description('Permits: yours, or all for reviewers and auditors'),
  ).action(async (opts: HubOptions) => {
    const client = await hubClient(opts, true);
    const list = await client.listPermits();
    if (opts.json) return printJson(list);
    if (list.length === 0) return void console.log('no permits');
    console.log(
      textTable(
        ['id', 'status', 'purpose', 'title', 'algorithms', 'stations', 'budget', 'expires'],
        list.map(permitRow),
        { leftColumns: 5 },
      ),
    );
  });

  withHubOptions(
    permit
      .command('revoke')
      .description('Revoke a permit; stations refuse its tasks from their next poll (reviewer)')
      .argument('<id>', 'the permit')
      .requiredOption('--reason <text>', 'why (kept in the hub audit log)'),
  ).action(async (id: string, opts: HubOptions & { reason: string }) => {
    const client = await hubClient(opts, true);
    const out = await client.revokePermit(id, opts.reason);
    if (opts.json) return printJson(out);
    console.log(`permit ${out.permit.id}: ${out.status}${out.revokedAt ? ` at ${out.revokedAt}` : ''}`);
  });
  return permit;
}
