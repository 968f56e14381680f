import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { shipped } from '../analytics/shipped-versions.ts';
import { AppError } from '../common/index.ts';
import { HubClient } from '../hub-client/index.ts';
import type { HybridCareYear } from '../hybrid-care/index.ts';
import type { MonitorResult } from '../monitoring/index.ts';
import { formatMonitorResult, stationNamesOf } from '../monitoring/index.ts';
import type { RegionalArea } from '../regional/index.ts';
import { loadPopulationProjection, projectArea, scaleUpScenario } from '../regional/index.ts';
import {
  approvePermit,
  loadPolicy,
  PENDING_PERMITS_FILE,
  PendingPermits,
  savePolicy,
} from '../station/index.ts';
import type { DemoScenarioOptions } from './demo-scenario.ts';

const EXAMPLES = resolve(dirname(fileURLToPath(import.meta.url)), '../../examples');

/**
 * The insurer's journey, scripted: a public-health permit for outcome monitoring, the WijkKliniek monitor
 * registered at the hub, run through the last month of its follow-up at every station (a manual-approval
 * station's steward approves on the way), then the matched groups and balance, the effect per indicator,
 * the alerts and the savings split, and the monitor's release history. Throws an AppError when a step does
 * not give what it should.
 */
export async function runInsurerScenario(options: DemoScenarioOptions): Promise<void> {
  const print = options.print ?? ((l: string) => console.log(l));
  const step = (n: number, text: string) => print(`\n== ${n}. ${text}`);
  const must = (ok: unknown, what: string) => {
    if (!ok) throw new AppError('unprocessable', what, 'demo');
  };
  const u = options.users;
  const insurer = new HubClient(options.url);
  await insurer.login(u.researcher!.email, u.researcher!.password);
  const stations = await insurer.listStations();
  must(stations.length > 0, 'the hub should know the demo stations');

  step(1, 'Insurer requests access for outcome monitoring: purpose "public-health", outcome-monitor@1.1.0');
  const request = await insurer.createRequest({
    purpose: 'public-health',
    title: 'Monitor WijkKliniek: kwetsbare ouderen, SEH-bezoek en kosten',
    description:
      'Monthly outcomes of the neighbourhood clinics for frail older patients against a matched control group at each station.',
    stations: stations.map((s) => s.id),
    algorithms: [shipped('outcome-monitor'), shipped('regional-picture'), shipped('hybrid-care')],
    durationDays: 730,
    queryBudget: 40,
  });
  const reviewer = new HubClient(options.url);
  await reviewer.login(u.reviewer!.email, u.reviewer!.password);
  await reviewer.decideRequest(request.id, {
    approve: true,
    note: 'Public-health monitoring of a care innovation.',
  });
  const permit = (await insurer.listPermits()).find((p) => p.requestId === request.id);
  must(permit, 'approving the request should issue a permit');
  const permitId = permit!.permit.id;
  print(`  permit ${permitId} (${permit!.permit.purpose}) valid until ${permit!.permit.expiresAt}`);

  step(2, 'Insurer registers the WijkKliniek monitor (examples/monitors/wijkkliniek-demo-network.json)');
  const definition = JSON.parse(
    await readFile(join(EXAMPLES, 'monitors', 'wijkkliniek-demo-network.json'), 'utf8'),
  ) as Record<string, unknown>;
  const monitor = await insurer.call('createMonitor', { body: { permitId, definition } });
  print(`  monitor ${monitor.id}: ${monitor.name} — exposure ${JSON.stringify(monitor.definition.exposure)}`);

  const runThrough = async (month: string) => {
    const started = await insurer.call('runMonitor', {
      params: { id: monitor.id },
      body: { throughMonth: month },
    });
    return insurer.waitForRun(started.run.id, { intervalMs: 250, timeoutMs: 600_000 });
  };
  step(3, 'The monitor runs through December 2025 (24 months) at every station');
  let run = await runThrough('2025-12');
  const waiting = run.rounds[0]?.stations.filter((s) => s.reason === 'permit-not-approved') ?? [];
  for (const s of waiting) {
    const dir = options.stationDirs?.[s.stationName];
    must(dir && existsSync(dir), `no station folder known for ${s.stationName} to approve the permit there`);
    const pending = new PendingPermits(join(dir!, PENDING_PERMITS_FILE));
    const held = pending.get(permitId);
    must(held, `${s.stationName} should hold the signed permit awaiting approval`);
    await savePolicy(dir!, approvePermit(await loadPolicy(dir!), held!, 'demo steward', new Date()));
    pending.remove(permitId);
    print(`  ${s.stationName}: permit approved by its steward; the month runs again`);
  }
  if (waiting.length > 0) run = await runThrough('2025-12');
  for (const s of run.rounds[0]?.stations ?? []) {
    print(
      `  ${s.stationName}: ${s.status}${s.reason ? ` (${s.reason}${s.message ? `: ${s.message}` : ''})` : ''}`,
    );
  }
  must(run.status === 'done' && run.result, `the monitor run ended ${run.status}: ${run.error ?? ''}`);

  step(4, 'Result: matched groups, effect per indicator, alerts and the savings split');
  print(
    formatMonitorResult(run.result as MonitorResult, 'en', stationNamesOf(run))
      .split('\n')
      .map((l) => `  ${l}`)
      .join('\n'),
  );

  step(5, 'The monitor keeps each release with its run and provenance');
  const shown = await insurer.call('getMonitor', { params: { id: monitor.id } });
  for (const h of shown.history) print(`  ${h.month}: run ${h.runId} ${h.status} ${h.resultDigest ?? ''}`);
  must(
    shown.history.some((h) => h.status === 'done'),
    'the monitor history should hold a finished release',
  );
  print(
    `  provenance: permit ${run.provenance.permitId}, ${run.provenance.algorithm.name}@${run.provenance.algorithm.version} ` +
      `(${run.provenance.algorithm.hash.slice(0, 12)}…), data versions ${run.provenance.answered.map((a) => `${a.stationName} ${a.dataVersion}`).join(', ')}`,
  );

  step(6, 'Regional picture 2025 and the scenario "scale the clinic to each province"');
  const runAlgorithm = async (name: string, input: unknown) => {
    const version = name === 'regional-picture' ? '1.2.0' : '1.0.0';
    const created = await insurer.createRun({ permitId, algorithm: { name, version }, input });
    return insurer.waitForRun(created.id, { intervalMs: 250, timeoutMs: 600_000 });
  };
  const picture = await runAlgorithm('regional-picture', { level: 'region', years: [2025] });
  must(picture.status === 'done', `the regional picture ended ${picture.status}: ${picture.error ?? ''}`);
  const areas = (picture.result as { areas: RegionalArea[] }).areas;
  const effect = (run.result as MonitorResult).effects['ed-visits']?.at(-1)?.pooled;
  for (const a of areas) {
    const ed = a.perThousand['ed-visits'];
    print(
      `  ${a.area} ${a.year}: ${a.persons} persons, ${a.share75plus === null ? '—' : (100 * a.share75plus).toFixed(1)}% 75+, ` +
        `ED visits ${ed === null ? '—' : ed.toFixed(0)} per 1,000, cost per inhabitant ${a.costPerInhabitant === null ? '—' : `€${Math.round(a.costPerInhabitant)}`}`,
    );
    const s = effect ? scaleUpScenario(a, effect, { eligibleShare: 0.5 }) : null;
    if (s)
      print(
        `    the clinic for half its 75+: ${Math.round(s.edVisitsAvoided.estimate)} ED visits avoided a year ` +
          `(${Math.round(s.edVisitsAvoided.lower)} to ${Math.round(s.edVisitsAvoided.upper)})`,
      );
  }
  const projection = loadPopulationProjection();
  for (const a of areas)
    for (const year of [2030, 2035]) {
      const p = projectArea(a, year, projection);
      print(
        `  ${a.area} ${year} (projected${p.published ? '' : ', approximate factors'}): ${Math.round(p.persons)} persons, ` +
          `${Math.round(p.byAgeBand.find((b) => b.ageBand === '75+')?.persons ?? 0)} aged 75+, ${Math.round(p.edVisits)} ED visits a year`,
      );
    }
  if (!effect)
    print("  (no pooled ED effect at the demo stations' sizes, so no scenario: the counts are withheld)");

  step(7, 'Hybrid and digital care against the national ambitions');
  const hybrid = await runAlgorithm('hybrid-care', { years: [2024, 2025] });
  must(hybrid.status === 'done', `hybrid care ended ${hybrid.status}: ${hybrid.error ?? ''}`);
  for (const y of (hybrid.result as { years: HybridCareYear[] }).years) {
    const pct = (x: number | null) => (x === null ? '—' : `${(100 * x).toFixed(1)}%`);
    print(
      `  ${y.year}: patients with digital care ${pct(y.digitalShare)}, virtual contacts ${pct(y.virtualContactShare)}`,
    );
    const g = y.deprivationGradient;
    print(
      `    most vs least deprived neighbourhoods (digital care, ratio of shares Q1/Q5): ${
        g ? `${g.ratio.toFixed(2)} (95% CI ${g.low.toFixed(2)}–${g.high.toFixed(2)})` : 'withheld'
      }`,
    );
    for (const p of y.pathways)
      print(`    ${p.name}: inclusion ${pct(p.inclusion)}${p.hybrid ? ' (hybrid)' : ''}`);
    for (const a of y.ambitions)
      print(`    ${a.met === null ? '?' : a.met ? 'met' : 'not met'}: ${a.en} — ${pct(a.value)}`);
  }
}
