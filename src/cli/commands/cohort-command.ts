import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Command } from 'commander';
import { type CohortDefinition, type CohortResult, parseCohort, runCohort } from '../../cohort/index.ts';
import { AppError, badInput, isEhdsPurpose } from '../../common/index.ts';
import { type DisclosedCount, formatDisclosed, JsonFileLedger } from '../../privacy/index.ts';
import { loadPolicy, openStation, platformViews, tablesOfViews } from '../../station/index.ts';
import { openStore } from '../../store/index.ts';

/** The station folder's ledger of numbers released by local runs and tasks. */
export const LEDGER_FILE = 'disclosure-ledger.json';

async function readCohort(file: string): Promise<CohortDefinition> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch {
    throw badInput('cannot read the cohort file', file);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    const at = e instanceof SyntaxError ? (/at position \d+/.exec(e.message)?.[0] ?? '') : '';
    throw badInput(`not valid JSON${at ? ` (${at})` : ''}`, file);
  }
  try {
    return parseCohort(json);
  } catch (e) {
    if (e instanceof AppError) throw badInput(e.message, file, e.details);
    throw e;
  }
}

/**
 * `ai4h cohort run --dir STATION_DIR COHORT.json [--json]`: a data steward's run of a cohort at one
 * station, with the station's own disclosure control (threshold and rounding from its policy) and its
 * ledger. Exit codes: 0 done, 1 refused (disclosure risk), 2 invalid cohort or usage.
 */
export function cohortCommand(): Command {
  const cohort = new Command('cohort')
    .description('Cohort definitions: count, attrition, characterisation')
    .exitOverride();
  cohort
    .command('run')
    .description('Run a cohort definition at one station with its disclosure control')
    .requiredOption('--dir <dir>', 'station folder')
    .option('--json', 'print the result as one JSON object')
    .option('--purpose <purpose>', 'EHDS purpose: patients who objected to it are excluded', 'research')
    .option('--permit <id>', 'ledger under which released numbers are remembered', 'local-steward')
    .argument('<cohort>', 'cohort definition (JSON)')
    .action(async (file: string, opts: { dir: string; json?: boolean; purpose: string; permit: string }) => {
      if (!isEhdsPurpose(opts.purpose)) throw badInput('is not an EHDS purpose code', '--purpose');
      const definition = await readCohort(file);
      const station = await openStation(opts.dir);
      const policy = await loadPolicy(station.dir);
      const store = await openStore(station.location, tablesOfViews(await platformViews()));
      let result: CohortResult;
      try {
        result = await runCohort((sql, params) => store.query(sql, params), store.dialect, definition, {
          purpose: opts.purpose,
          disclosure: { threshold: policy.disclosure.threshold, rounding: policy.disclosure.rounding },
          ledger: new JsonFileLedger(join(station.dir, LEDGER_FILE)),
          permitId: opts.permit,
        });
      } finally {
        await store.close();
      }
      process.stdout.write(opts.json ? `${JSON.stringify(result)}\n` : formatCohortResult(result));
    });
  return cohort;
}

/** The result as readable tables. */
export function formatCohortResult(r: CohortResult): string {
  const f = (c: DisclosedCount) => formatDisclosed(c, r.policy);
  const lines = [
    `Cohort: ${r.cohort}`,
    `Patients: ${f(r.count)}   (counts below ${r.policy.threshold} shown as <${r.policy.threshold}, others rounded to ${r.policy.rounding})`,
    '',
    'Attrition:',
  ];
  const width = Math.max(...r.attrition.map((a) => a.label.length), 10);
  r.attrition.forEach((a, k) => {
    lines.push(
      `  ${String(k).padStart(2)}  ${a.label.padEnd(width)}  ${f(a.count).padStart(8)}${a.adjusted ? '  (*)' : ''}`,
    );
  });
  if (r.attrition.some((a) => a.adjusted)) {
    lines.push('  (*) removed fewer patients than the threshold; shows the count of the step before');
  }
  const c = r.characterisation;
  if (c) {
    lines.push('', 'Age band × sex at entry:');
    const sexes = [...new Set(c.ageSex.map((x) => x.sex))];
    const bands = [...new Set(c.ageSex.map((x) => x.ageBand))];
    lines.push(`  ${'age'.padEnd(8)}${sexes.map((s) => s.padStart(10)).join('')}`);
    for (const band of bands) {
      const cells = sexes.map((s) => {
        const cell = c.ageSex.find((x) => x.ageBand === band && x.sex === s);
        return (cell ? f(cell.count) : '-').padStart(10);
      });
      lines.push(`  ${band.padEnd(8)}${cells.join('')}`);
    }
    lines.push(`  total of shown cells: ${c.totals.ageSex}`, '', 'By region:');
    for (const x of c.regions) lines.push(`  ${x.region.padEnd(24)}${f(x.count).padStart(8)}`);
    lines.push('', 'Top conditions (onset up to entry):');
    for (const x of c.conditions) lines.push(`  ${x.code.padEnd(24)}${f(x.count).padStart(8)}`);
    lines.push('', 'Top observations (365 days around entry): patients, mean');
    for (const x of c.observations) {
      const mean = x.mean === null ? '' : `  ${x.mean} ${x.unit ?? ''}`;
      lines.push(`  ${x.code.padEnd(24)}${f(x.count).padStart(8)}${mean}`);
    }
  }
  return `${lines.join('\n')}\n`;
}
