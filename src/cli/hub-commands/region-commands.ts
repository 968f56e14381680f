import { Command } from 'commander';
import { badInput } from '../../common/index.ts';
import type { HybridCareYear } from '../../hybrid-care/index.ts';
import type { MonitorResult } from '../../monitoring/index.ts';
import type { RegionalArea } from '../../regional/index.ts';
import { loadPopulationProjection, projectArea, scaleUpScenario } from '../../regional/index.ts';
import { type HubOptions, hubClient, withHubOptions } from './hub-session.ts';
import { assertRunSucceeded } from './run-report.ts';
import { printJson, textTable } from './text-table.ts';

/** `2021-2025` or `2023,2024` as a list of years. */
function parseYears(text: string): number[] {
  const range = /^(\d{4})-(\d{4})$/.exec(text);
  const years = range
    ? Array.from({ length: Number(range[2]) - Number(range[1]) + 1 }, (_, i) => Number(range[1]) + i)
    : text.split(',').map(Number);
  if (
    years.length === 0 ||
    years.length > 20 ||
    years.some((y) => !Number.isInteger(y) || y < 1990 || y > 2100)
  )
    throw badInput('must be years such as 2021-2025 or 2023,2024', '--years');
  return years;
}

const pct = (x: number | null) => (x === null ? '—' : `${(100 * x).toFixed(1)}%`);
const num = (x: number | null, d = 1) => (x === null ? '—' : x.toFixed(d));

/** The versions these commands run (stations accept name, version and hash). */
const VERSIONS: Readonly<Record<string, string>> = { 'regional-picture': '1.2.0', 'hybrid-care': '1.1.0' };

async function runAndWait(opts: HubOptions & { permit: string }, name: string, input: unknown) {
  const client = await hubClient(opts, true);
  const created = await client.createRun({
    permitId: opts.permit,
    algorithm: { name, version: VERSIONS[name] ?? '1.0.0' },
    input,
  });
  const run = await client.waitForRun(created.id, { intervalMs: 500, timeoutMs: 600_000 });
  assertRunSucceeded(run);
  return run;
}

/** `ai4h region picture|scenario`: the regional picture and "scale the innovation to region X". */
export function regionCommand(): Command {
  const region = new Command('region')
    .description('Regional picture (regiobeeld) and scenarios')
    .exitOverride();
  withHubOptions(
    region
      .command('picture')
      .description(
        'Persons, ED visits, admissions, GP contacts per 1,000 and cost per inhabitant per area and year',
      )
      .requiredOption('--permit <id>', 'a permit allowing regional-picture@1.2.0')
      .requiredOption('--years <years>', 'e.g. 2021-2025')
      .option('--municipality', 'per municipality instead of per province')
      .option('--pc4', 'per four-digit postcode area (small areas pooled per municipality)'),
  ).action(
    async (opts: HubOptions & { permit: string; years: string; municipality?: boolean; pc4?: boolean }) => {
      const level = opts.pc4 ? 'pc4' : opts.municipality ? 'municipality' : 'region';
      const input = { level, years: parseYears(opts.years) };
      const run = await runAndWait(opts, 'regional-picture', input);
      const { areas } = run.result as { areas: RegionalArea[] };
      if (opts.json) return printJson(run);
      console.log(
        textTable(
          [
            'area',
            'year',
            'persons',
            '75+',
            'ED /1,000',
            'admissions /1,000',
            'GP /1,000',
            'cost per inhabitant',
          ],
          areas.map((a) => [
            a.area,
            String(a.year),
            String(a.persons),
            pct(a.share75plus),
            num(a.perThousand['ed-visits']),
            num(a.perThousand['unplanned-admissions']),
            num(a.perThousand['gp-contacts'], 0),
            a.costPerInhabitant === null ? '—' : `€${Math.round(a.costPerInhabitant)}`,
          ]),
          { leftColumns: 1 },
        ),
      );
      console.log(`run ${run.id}; withheld cells are left out (persons are a lower bound)`);
    },
  );

  withHubOptions(
    region
      .command('project')
      .description(
        'Project a regional picture to 2030 and 2035: age-specific ED rates times the shipped population projection',
      )
      .requiredOption('--picture-run <id>', 'a finished regional-picture run')
      .option('--area <name>', 'only this area'),
  ).action(async (opts: HubOptions & { pictureRun: string; area?: string }) => {
    const client = await hubClient(opts, true);
    const picture = (await client.getRun(opts.pictureRun)).result as { areas?: RegionalArea[] } | undefined;
    const latest = new Map<string, RegionalArea>();
    for (const a of picture?.areas ?? [])
      if (!opts.area || a.area === opts.area)
        if ((latest.get(a.area)?.year ?? 0) < a.year) latest.set(a.area, a);
    if (latest.size === 0)
      throw badInput('the picture run has no such area', opts.area ? '--area' : '--picture-run');
    const projection = loadPopulationProjection();
    const rows = [...latest.values()].flatMap((a) => [2030, 2035].map((y) => projectArea(a, y, projection)));
    if (opts.json) return printJson(rows);
    console.log(
      textTable(
        ['area', 'from', 'year', 'persons', '75+', 'ED visits a year'],
        rows.map((p) => [
          p.area,
          String(p.fromYear),
          String(p.year),
          String(Math.round(p.persons)),
          String(Math.round(p.byAgeBand.find((b) => b.ageBand === '75+')?.persons ?? 0)),
          String(Math.round(p.edVisits)),
        ]),
        { leftColumns: 1 },
      ),
    );
    console.log(`Population factors: ${projection.name}. ${projection.source}`);
  });

  withHubOptions(
    region
      .command('scenario')
      .description(
        "Scale an innovation to an area: a monitor run's ED effect applied to a regional picture run",
      )
      .requiredOption('--monitor-run <id>', 'a finished outcome-monitor run')
      .requiredOption('--picture-run <id>', 'a finished regional-picture run')
      .requiredOption('--area <name>', 'province or municipality of the picture')
      .option('--eligible-share <share>', 'share of the age band that is eligible', '1')
      .option('--age-band <band>', 'age band of the innovation', '75+'),
  ).action(
    async (
      opts: HubOptions & {
        monitorRun: string;
        pictureRun: string;
        area: string;
        eligibleShare: string;
        ageBand: string;
      },
    ) => {
      const client = await hubClient(opts, true);
      const monitor = (await client.getRun(opts.monitorRun)).result as MonitorResult | undefined;
      const picture = (await client.getRun(opts.pictureRun)).result as { areas?: RegionalArea[] } | undefined;
      const effect = monitor?.effects?.['ed-visits']?.at(-1)?.pooled;
      if (!effect) throw badInput('the monitor run has no pooled ED-visit effect', '--monitor-run');
      const area = (picture?.areas ?? [])
        .filter((a) => a.area === opts.area)
        .sort((a, b) => b.year - a.year)[0];
      if (!area) throw badInput('the picture run has no such area', '--area');
      const share = Number(opts.eligibleShare);
      if (!(share > 0 && share <= 1)) throw badInput('must be a share in (0, 1]', '--eligible-share');
      const s = scaleUpScenario(area, effect, { eligibleShare: share, ageBand: opts.ageBand });
      if (!s) throw badInput('the area has no released ED visits in that age band', '--age-band');
      if (opts.json) return printJson(s);
      const r = (x: number) => Math.round(x).toLocaleString('en-US');
      console.log(
        `${s.area} (${s.year}), age ${s.ageBand}: ${r(s.eligible)} eligible, ${r(s.baselineEdVisits)} ED visits a year now;\n` +
          `with the innovation (rate ratio ${effect.estimate.toFixed(2)}, 95% CI ${effect.lower.toFixed(2)}–${effect.upper.toFixed(2)}): ` +
          `${r(s.edVisitsAvoided.estimate)} ED visits avoided a year (${r(s.edVisitsAvoided.lower)} to ${r(s.edVisitsAvoided.upper)}), ` +
          `€${r(s.costAvoided.estimate)} (€${r(s.costAvoided.lower)} to €${r(s.costAvoided.upper)})`,
      );
    },
  );
  return region;
}

const HYBRID_BREAKDOWNS = ['month', 'deprivation', 'age', 'sex'] as const;
type HybridBreakdown = (typeof HYBRID_BREAKDOWNS)[number];

/** `--by month,deprivation,age,sex`: the breakdowns to print; a clear error naming the bad one. */
export function parseHybridBreakdowns(value: string | undefined): HybridBreakdown[] {
  if (value === undefined) return [];
  const parts = value
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  for (const p of parts)
    if (!(HYBRID_BREAKDOWNS as readonly string[]).includes(p))
      throw badInput(`unknown breakdown "${p}" (use ${HYBRID_BREAKDOWNS.join(', ')})`, '--by');
  return parts as HybridBreakdown[];
}

const DEPRIVATION_LABEL: Record<string, string> = {
  Q1: 'Q1 (most deprived)',
  Q2: 'Q2',
  Q3: 'Q3',
  Q4: 'Q4',
  Q5: 'Q5 (least deprived)',
  unknown: 'unknown PC4',
};

const gradientText = (g: HybridCareYear['deprivationGradient']) =>
  g === null ? 'not available' : `${g.ratio.toFixed(2)} (95% CI ${g.low.toFixed(2)}–${g.high.toFixed(2)})`;

/** `ai4h hybrid`: hybrid and digital care against the national ambitions. */
export function hybridCommand(): Command {
  return withHubOptions(
    new Command('hybrid')
      .description('Share of digital care and care-pathway inclusion against the national ambitions')
      .requiredOption('--permit <id>', 'a permit allowing hybrid-care@1.1.0')
      .requiredOption('--years <years>', 'e.g. 2023-2025')
      .option(
        '--by <breakdowns>',
        'also print, comma-separated: month, deprivation (PC4 status quintile), age, sex',
      )
      .exitOverride(),
  ).action(async (opts: HubOptions & { permit: string; years: string; by?: string }) => {
    const by = parseHybridBreakdowns(opts.by);
    const run = await runAndWait(opts, 'hybrid-care', { years: parseYears(opts.years) });
    const { years } = run.result as { years: HybridCareYear[] };
    if (opts.json) return printJson(run);
    for (const y of years) {
      console.log(
        `${y.year}: patients with digital care ${pct(y.digitalShare)}, virtual contacts ${pct(y.virtualContactShare)} ` +
          `(GP ${pct(y.gpShare)}, hospital ${pct(y.hospitalShare)})`,
      );
      console.log(
        `  digital care, most vs least deprived neighbourhoods (ratio of shares Q1/Q5): ${gradientText(y.deprivationGradient)}`,
      );
      for (const r of y.byRegion)
        console.log(`  ${r.region}: ${r.patients} patients, digital care ${pct(r.digitalShare)}`);
      if (by.includes('month'))
        for (const m of y.months)
          console.log(
            `  ${m.month}: ${m.patients} patients, digital care ${pct(m.digitalShare)}, virtual contacts ${pct(m.virtualContactShare)}`,
          );
      if (by.includes('deprivation'))
        for (const d of y.byDeprivation)
          console.log(
            `  ${DEPRIVATION_LABEL[d.group]}: ${d.patients} patients, digital care ${pct(d.share)}`,
          );
      for (const p of y.pathways) {
        console.log(
          `  ${p.name}: ${p.patients} patients, inclusion ${pct(p.inclusion)}${p.hybrid ? ', hybrid' : ''}`,
        );
        if (by.includes('deprivation')) {
          for (const d of p.byDeprivation)
            console.log(
              `    ${DEPRIVATION_LABEL[d.group]}: ${d.patients} patients, inclusion ${pct(d.share)}`,
            );
          console.log(`    inclusion ratio Q1/Q5: ${gradientText(p.deprivationGradient)}`);
        }
        if (by.includes('age'))
          for (const a of p.byAgeBand)
            console.log(`    age ${a.ageBand}: ${a.patients} patients, inclusion ${pct(a.share)}`);
        if (by.includes('sex'))
          for (const x of p.bySex)
            console.log(`    ${x.sex}: ${x.patients} patients, inclusion ${pct(x.share)}`);
      }
      for (const a of y.ambitions)
        console.log(
          `  ${a.met === null ? '?' : a.met ? '✓' : '✗'} ${a.en}: ${pct(a.value)} (target ${pct(a.target)})`,
        );
    }
  });
}
