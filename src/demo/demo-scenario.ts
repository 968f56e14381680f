import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { AppError } from '../common/app-error.ts';
import { HubClient, type RunView } from '../hub-client/index.ts';
import { approvePermit, loadPolicy, savePolicy } from '../station/policy/index.ts';
import { PendingPermits } from '../station/runtime/permit-usage.ts';
import { PENDING_PERMITS_FILE } from '../station/runtime/station-node.ts';

const EXAMPLES = resolve(dirname(fileURLToPath(import.meta.url)), '../../examples/cohorts');

interface Count {
  value: number | null;
  suppressed?: boolean;
  suppressedAt?: number;
}

export interface DemoScenarioOptions {
  url: string;
  users: Record<string, { email: string; password: string }>;
  /** Station folders by station name, so the demo's stewards can approve permits at their station. */
  stationDirs?: Record<string, string>;
  print?: (line: string) => void;
}

/** A released count for people: `<10` when suppressed; `*` when a combined number omits suppressed stations. */
const show = (c: Count | undefined): string =>
  !c ? '–' : c.value === null ? '<10' : `${c.value}${c.suppressedAt ? '*' : ''}`;

function stationLine(run: RunView): string {
  const last = run.rounds.at(-1);
  return (last?.stations ?? [])
    .map((s) => `${s.stationName}: ${s.status}${s.reason ? ` (${s.reason})` : ''}`)
    .join(' | ');
}

/**
 * The researcher's journey through the platform, scripted: find data in the catalogue, request access
 * for a purpose, get it approved by the access body and (at a manual-approval station) by its steward,
 * then run a cohort at every station and see attrition and characterisation per station and combined.
 * Throws an AppError when a step does not give what it should.
 */
export async function runDemoScenario(options: DemoScenarioOptions): Promise<void> {
  const print = options.print ?? ((l: string) => console.log(l));
  const step = (n: number, text: string) => print(`\n== ${n}. ${text}`);
  const must = (ok: unknown, what: string) => {
    if (!ok) throw new AppError('unprocessable', what, 'demo');
  };
  const researcher = new HubClient(options.url);
  const u = options.users;
  await researcher.login(u.researcher!.email, u.researcher!.password);

  step(1, 'Researcher searches the catalogue for type 2 diabetes (SNOMED CT 44054006)');
  const datasets = await researcher.searchCatalogue({ code: '44054006' });
  must(datasets.length > 0, 'the catalogue should list datasets with type 2 diabetes');
  for (const d of datasets) {
    const code = d.profile?.codes?.find((c) => c.code === '44054006');
    print(
      `  ${d.title}\n    ${d.stationName}: ${d.profile?.numberOfUniqueIndividuals ?? '<10'} patients, ` +
        `${code?.count ?? '<10'} diabetes diagnoses, ages ${d.profile?.minTypicalAge ?? '?'}–${d.profile?.maxTypicalAge ?? '?'}`,
    );
  }
  const stationIds = [...new Set(datasets.map((d) => d.stationId))];

  step(2, 'Researcher requests access: purpose "research", cohort algorithms, 30 days, 20 runs');
  const request = await researcher.createRequest({
    purpose: 'research',
    title: 'Glykemische regulatie bij diabetes type 2 in drie regio’s',
    description: 'Feasibility and characterisation of poorly controlled type 2 diabetes across stations.',
    datasets: datasets.map((d) => d.id),
    stations: stationIds,
    algorithms: [
      { name: 'cohort-feasibility', version: '1.0.0' },
      { name: 'cohort-characterisation', version: '1.0.0' },
    ],
    durationDays: 30,
    queryBudget: 20,
  });
  print(`  request ${request.id}: ${request.status}`);

  step(3, 'Access body reviews and issues a permit');
  const reviewer = new HubClient(options.url);
  await reviewer.login(u.reviewer!.email, u.reviewer!.password);
  await reviewer.decideRequest(request.id, {
    approve: true,
    note: 'Purpose and data minimisation are in order.',
  });
  const permit = (await researcher.listPermits()).find((p) => p.requestId === request.id);
  must(permit, 'approving the request should issue a permit');
  print(`  permit ${permit!.permit.id} (${permit!.permit.purpose}) valid until ${permit!.permit.expiresAt}`);

  const cohort = JSON.parse(await readFile(join(EXAMPLES, 't2d-poor-control.json'), 'utf8')) as unknown;
  const runCohort = async (name: string) => {
    const created = await researcher.createRun({
      permitId: permit!.permit.id,
      algorithm: { name, version: '1.0.0' },
      input: { cohort },
    });
    return researcher.waitForRun(created.id, {
      intervalMs: 250,
      timeoutMs: 120_000,
      onProgress: (run) => print(`  … ${stationLine(run)}`),
    });
  };

  step(4, 'Researcher checks feasibility of the cohort at every station');
  let feasibility = await runCohort('cohort-feasibility');
  const waiting = feasibility.rounds.at(-1)?.stations.filter((s) => s.reason === 'permit-not-approved') ?? [];
  if (waiting.length > 0) {
    step(
      5,
      `Station steward approves the permit at ${waiting.map((s) => s.stationName).join(', ')} (manual approval)`,
    );
    for (const s of waiting) {
      const dir = options.stationDirs?.[s.stationName];
      must(
        dir && existsSync(dir),
        `no station folder known for ${s.stationName} to approve the permit there`,
      );
      const pending = new PendingPermits(join(dir!, PENDING_PERMITS_FILE));
      const held = pending.get(permit!.permit.id);
      must(held, `${s.stationName} should hold the signed permit awaiting approval`);
      await savePolicy(dir!, approvePermit(await loadPolicy(dir!), held!, 'demo steward', new Date()));
      pending.remove(permit!.permit.id);
      print(`  ${s.stationName}: permit approved by its steward`);
    }
    print('  Researcher runs the feasibility again');
    feasibility = await runCohort('cohort-feasibility');
  }
  must(
    feasibility.status === 'done',
    `feasibility run ended ${feasibility.status}: ${feasibility.error ?? ''}`,
  );
  const f = feasibility.result as {
    count: Count;
    attrition: { label: string; count: Count }[];
    stations: { stationId: string; result: { count: Count; attrition: { label: string; count: Count }[] } }[];
  };
  const names = new Map(
    feasibility.rounds.flatMap((r) => r.stations).map((s) => [s.stationId, s.stationName]),
  );
  print(`  cohort: ${(cohort as { name: string }).name}`);
  print(
    `  ${'criterion'.padEnd(52)}${[...f.stations.map((s) => names.get(s.stationId) ?? s.stationId), 'combined'].map((n) => n.padStart(20)).join('')}`,
  );
  f.attrition.forEach((a, i) => {
    const cells = f.stations.map((s) => show(s.result.attrition[i]?.count));
    print(
      `  ${a.label.slice(0, 50).padEnd(52)}${[...cells, show(a.count)].map((c) => c.padStart(20)).join('')}`,
    );
  });
  print(
    `  ${'final count'.padEnd(52)}${[...f.stations.map((s) => show(s.result.count)), show(f.count)].map((c) => c.padStart(20)).join('')}`,
  );
  print(
    `  provenance: permit ${feasibility.provenance.permitId}, ${feasibility.provenance.algorithm.name} ${feasibility.provenance.algorithm.version} (${feasibility.provenance.algorithm.hash.slice(0, 12)}…), data versions ${feasibility.provenance.answered.map((a) => `${a.stationName}=${a.dataVersion.slice(0, 14)}`).join(', ')}`,
  );

  step(6, 'Researcher characterises the cohort (age band × sex, regions, top conditions)');
  const characterisation = await runCohort('cohort-characterisation');
  must(characterisation.status === 'done', `characterisation ended ${characterisation.status}`);
  const c = characterisation.result as {
    characterisation: {
      ageSex: { ageBand: string; sex: string; count: Count }[];
      regions: { region: string; count: Count }[];
      conditions: { code: string; count: Count }[];
    };
  };
  const bands = [...new Set(c.characterisation.ageSex.map((x) => x.ageBand))];
  print(`  ${'age band'.padEnd(12)}${'female'.padStart(14)}${'male'.padStart(14)}`);
  for (const b of bands) {
    const cell = (sex: string) =>
      show(c.characterisation.ageSex.find((x) => x.ageBand === b && x.sex === sex)?.count);
    print(`  ${b.padEnd(12)}${cell('female').padStart(14)}${cell('male').padStart(14)}`);
  }
  print('  * combined over the stations that released the cell; stations below their threshold add nothing');
  print(`  regions: ${c.characterisation.regions.map((r) => `${r.region} ${show(r.count)}`).join(', ')}`);
  print(
    `  top conditions (SNOMED CT): ${c.characterisation.conditions
      .slice(0, 6)
      .map((x) => `${x.code} ${show(x.count)}`)
      .join(', ')}`,
  );

  step(7, 'Auditor verifies the hub audit chain; the public register lists the permit and its results');
  const auditor = new HubClient(options.url);
  await auditor.login(u.auditor!.email, u.auditor!.password);
  const verification = await auditor.verifyAudit();
  must(verification.ok, `hub audit chain broken: ${verification.problem ?? ''}`);
  print(`  hub audit chain intact (${verification.entries} entries)`);
  const register = await new HubClient(options.url).transparency();
  const entry = register.find((e) => e.permitId === permit!.permit.id);
  must(entry && entry.runs.length >= 2, 'the transparency register should list the permit and its runs');
  print(
    `  transparency register: "${entry!.title}" — ${entry!.runs.length} runs, ${entry!.stations.length} stations`,
  );
}
