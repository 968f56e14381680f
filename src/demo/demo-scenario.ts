import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  ModelRegistry,
  modelCard,
  modelCardHtml,
  modelCardMarkdown,
  type RepresentativenessResult,
  type ValidationResult,
} from '../analytics/index.ts';
import { shipped } from '../analytics/shipped-versions.ts';
import type { RunView } from '../api/index.ts';
import { AppError } from '../common/index.ts';
import { HubClient } from '../hub-client/index.ts';
import {
  approvePermit,
  loadPolicy,
  PENDING_PERMITS_FILE,
  PendingPermits,
  savePolicy,
} from '../station/index.ts';
import { governanceStep } from './demo-governance.ts';

const EXAMPLES = resolve(dirname(fileURLToPath(import.meta.url)), '../../examples');

interface Count {
  value: number | null;
  suppressed?: boolean;
  /** Why it was withheld: `small`, `secondary`, `differencing`, `dominance`. */
  reason?: string;
  suppressedAt?: number;
}

export interface DemoScenarioOptions {
  url: string;
  users: Record<string, { email: string; password: string }>;
  /** Station folders by station name, so the demo's stewards can approve permits at their station. */
  stationDirs?: Record<string, string>;
  print?: (line: string) => void;
  /** Where the trained model's registry entry and model card are written. */
  modelDir?: string;
}

/**
 * A released count for people: `<10` when small, `withheld` when withheld for another reason (it would
 * reveal a small group with an earlier answer); `*` when a combined number omits withheld stations.
 */
const show = (c: Count | undefined): string =>
  !c
    ? '–'
    : c.value === null
      ? c.reason && c.reason !== 'small'
        ? 'withheld'
        : '<10'
      : c.value === 0 && c.suppressedAt
        ? 'withheld'
        : `${c.value}${c.suppressedAt ? '*' : ''}`;

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
    algorithms: [shipped('cohort-feasibility'), shipped('cohort-characterisation')],
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

  const cohort = JSON.parse(
    await readFile(join(EXAMPLES, 'cohorts', 't2d-poor-control.json'), 'utf8'),
  ) as unknown;
  const approveAtStation = async (stationName: string, permitId: string) => {
    const dir = options.stationDirs?.[stationName];
    must(dir && existsSync(dir), `no station folder known for ${stationName} to approve the permit there`);
    const pending = new PendingPermits(join(dir!, PENDING_PERMITS_FILE));
    const held = pending.get(permitId);
    must(held, `${stationName} should hold the signed permit awaiting approval`);
    await savePolicy(dir!, approvePermit(await loadPolicy(dir!), held!, 'demo steward', new Date()));
    pending.remove(permitId);
    print(`  ${stationName}: permit approved by its steward`);
  };
  /** Runs an algorithm under a permit; a station that waits for its steward gets that approval, then it runs again. */
  const runApproved = async (permitId: string, name: string, input: unknown, approvalStep?: number) => {
    const run = async () => {
      const created = await researcher.createRun({ permitId, algorithm: shipped(name), input });
      return researcher.waitForRun(created.id, {
        intervalMs: 250,
        timeoutMs: 300_000,
        onProgress: (r) => print(`  … round ${r.round}: ${stationLine(r)}`),
      });
    };
    const first = await run();
    const waiting = first.rounds[0]?.stations.filter((s) => s.reason === 'permit-not-approved') ?? [];
    if (waiting.length === 0) return first;
    if (approvalStep !== undefined)
      step(
        approvalStep,
        `Station steward approves the permit at ${waiting.map((s) => s.stationName).join(', ')} (manual approval)`,
      );
    for (const s of waiting) await approveAtStation(s.stationName, permitId);
    print('  the analysis runs again, now at every station');
    return run();
  };

  step(4, 'Researcher checks feasibility of the cohort at every station');
  const feasibility = await runApproved(permit!.permit.id, 'cohort-feasibility', { cohort }, 5);
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
  const characterisation = await runApproved(permit!.permit.id, 'cohort-characterisation', { cohort });
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
  print(
    '  <10: withheld at every station; *: the sum of the stations that released the cell (others withheld it)',
  );
  print(`  regions: ${c.characterisation.regions.map((r) => `${r.region} ${show(r.count)}`).join(', ')}`);
  print(
    `  top conditions (SNOMED CT): ${c.characterisation.conditions
      .slice(0, 6)
      .map((x) => `${x.code} ${show(x.count)}`)
      .join(', ')}`,
  );

  step(7, 'AI developer requests a permit to train and validate a risk model (purpose "ai-training")');
  const spec = JSON.parse(
    // Without heart failure, CKD and dementia: at the demo stations they share cells of a few patients
    // with other conditions or the outcome, and the stations refuse the model (glm 1.3.0).
    await readFile(join(EXAMPLES, 'models', 'unplanned-admission-1y-core.json'), 'utf8'),
  ) as {
    population: unknown;
    features: { name: string }[];
  };
  const aiRequest = await researcher.createRequest({
    purpose: 'ai-training',
    title: 'Risicomodel ongeplande opname binnen 1 jaar: training, externe validatie en biasanalyse',
    description: 'Federated logistic regression, validation per station and subgroup, representativeness.',
    datasets: datasets.map((d) => d.id),
    stations: stationIds,
    algorithms: [shipped('glm'), shipped('validation'), shipped('representativeness')],
    durationDays: 90,
    queryBudget: 200,
  });
  await reviewer.decideRequest(aiRequest.id, {
    approve: true,
    note: 'AI Act: training and validation data governance in order.',
  });
  const aiPermit = (await researcher.listPermits()).find((p) => p.requestId === aiRequest.id);
  must(aiPermit, 'approving the AI request should issue a permit');
  print(`  permit ${aiPermit!.permit.id} (${aiPermit!.permit.purpose})`);

  step(8, 'Training: federated logistic regression, Newton–Raphson on summed gradients and Hessians');
  const training = await runApproved(aiPermit!.permit.id, 'glm', { spec, family: 'logistic' }, 9);
  must(training.status === 'done', `training ended ${training.status}: ${training.error ?? ''}`);
  const model = training.result as {
    coefficients: { name: string; estimate: number; se: number; lower: number; upper: number; p: number }[];
    n: number;
    iterations: number;
    converged: boolean;
    nPerStation: Record<string, number>;
  };
  must(model.converged, 'the federated fit should converge');
  print(`  converged in ${model.iterations} iterations (${training.rounds.length} rounds) on n = ${model.n}`);
  print(`  ${'coefficient'.padEnd(20)}${'estimate'.padStart(10)}${'95% CI'.padStart(22)}${'p'.padStart(10)}`);
  for (const c of model.coefficients) {
    const ci = `[${c.lower.toFixed(2)}, ${c.upper.toFixed(2)}]`;
    const p = c.p < 0.001 ? '<0.001' : c.p.toFixed(3);
    print(`  ${c.name.padEnd(20)}${c.estimate.toFixed(3).padStart(10)}${ci.padStart(22)}${p.padStart(10)}`);
  }

  step(10, 'External validation at every station, and the bias report by sex, age band and region');
  const coefficients = model.coefficients.map((c) => c.estimate);
  const validation = await runApproved(aiPermit!.permit.id, 'validation', { spec, coefficients });
  must(validation.status === 'done', `validation ended ${validation.status}: ${validation.error ?? ''}`);
  const v = validation.result as ValidationResult;
  const metricLine = (label: string, m: ValidationResult['pooled']) =>
    `  ${label.padEnd(20)} n ${String(m.n).padStart(6)}  AUC ${m.auc.estimate.toFixed(3)} ` +
    `[${m.auc.lower.toFixed(3)}, ${m.auc.upper.toFixed(3)}]  O/E ${m.calibrationInTheLarge.oeRatio.toFixed(2)}  ` +
    `slope ${m.calibrationSlope.slope.toFixed(2)}  Brier ${m.brier.toFixed(4)}`;
  print(metricLine('pooled', v.pooled));
  const stationNames = new Map(
    validation.rounds.flatMap((r) => r.stations).map((s) => [s.stationId, s.stationName]),
  );
  for (const [station, m] of Object.entries(v.perStation))
    print(metricLine(stationNames.get(station) ?? station, m));
  for (const g of v.gaps)
    print(
      `  gap in ${g.metric} by ${g.key}: ${g.gap.toFixed(3)} (limit ${g.limit})${g.flagged ? '  FLAGGED' : ''}`,
    );

  step(11, 'Representativeness of the training population against the Dutch population (CBS 2024)');
  const repr = await runApproved(aiPermit!.permit.id, 'representativeness', { population: spec.population });
  must(repr.status === 'done', `representativeness ended ${repr.status}`);
  const rr = repr.result as RepresentativenessResult;
  print(`  n ${rr.pooled.n}; ${rr.pooled.flagged} cells flagged (|standardised difference| > ${rr.limit})`);
  for (const c of rr.pooled.ageSex.filter((x) => x.flagged).slice(0, 6))
    print(
      `    ${c.ageBand} ${c.sex}: ${(c.share * 100).toFixed(1)}% of the population vs ${(c.referenceShare * 100).toFixed(1)}% in NL`,
    );

  if (options.modelDir) {
    const registry = new ModelRegistry(options.modelDir);
    const id = `unplanned-admission-1y-${training.id.slice(-8)}`;
    await registry.register({
      id,
      name: 'Unplanned admission within 1 year',
      version: '1.0.0',
      createdAt: new Date().toISOString(),
      algorithm: training.provenance.algorithm,
      family: 'logistic',
      spec: spec as never,
      coefficients: model.coefficients.map((c) => ({ z: c.estimate / c.se, ...c })),
      training: {
        permitId: aiPermit!.permit.id,
        purpose: aiPermit!.permit.purpose,
        stations: training.provenance.answered.map((a) => ({
          id: a.stationName,
          n: model.nPerStation[a.stationId] ?? 0,
          dataVersion: a.dataVersion,
        })),
        rounds: training.rounds.length,
        ridge: 0,
        runId: training.id,
      },
      intendedUse: 'Demonstration: risk of an unplanned admission within a year, to target proactive care.',
      limitations: ['Trained on synthetic data; not for clinical use.'],
    });
    await registry.addValidation(id, aiPermit!.permit.id, v, validation.id);
    const card = modelCard(await registry.setRepresentativeness(id, rr, repr.id));
    await writeFile(join(options.modelDir, `${id}.md`), modelCardMarkdown(card));
    await writeFile(join(options.modelDir, `${id}.html`), modelCardHtml(card));
    print(`  model registered; model card: ${join(options.modelDir, `${id}.md`)} (and .html)`);

    step(
      12,
      'AI governance: classify the admission-risk model, generate Annex IV, TRIPOD+AI and the register entry',
    );
    await governanceStep(researcher, await registry.get(id), options.modelDir, print, must);
  }

  step(13, 'Auditor verifies the hub audit chain; the public register lists the permit and its results');
  const auditor = new HubClient(options.url);
  await auditor.login(u.auditor!.email, u.auditor!.password);
  const verification = await auditor.verifyAudit();
  must(verification.ok, `hub audit chain broken: ${verification.problem ?? ''}`);
  print(`  hub audit chain intact (${verification.entries} entries)`);
  const register = await new HubClient(options.url).transparency();
  const entry = register.find((e) => e.permitId === permit!.permit.id);
  must(
    entry && entry.runs.length >= 2 && register.length >= 2,
    'the transparency register should list the permit and its runs',
  );
  print(
    `  transparency register: "${entry!.title}" — ${entry!.runs.length} runs, ${entry!.stations.length} stations`,
  );
}
