import { readFile } from 'node:fs/promises';
import { Command } from 'commander';
import { type CohortResult, characteriseAtStation } from '../../analytics/index.ts';
import { type CohortDefinition, parseCohort } from '../../cohort/index.ts';
import { AppError, badInput, isAppError, isEhdsPurpose, PLATFORM_VERSION } from '../../common/index.ts';
import { type DisclosedCount, formatDisclosed } from '../../privacy/index.ts';
import { openLocalStation, recordLocalUse } from '../../station/index.ts';

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
 * station, with the station's own disclosure control (threshold and rounding from its policy), checked
 * against the station's release ledger as a task would be — without recording it: what the steward sees
 * at the station is not a release. Exit codes: 0 done, 1 refused (disclosure risk), 2 invalid cohort or
 * usage.
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
    .argument('<cohort>', 'cohort definition (JSON)')
    .action(async (file: string, opts: { dir: string; json?: boolean; purpose: string }) => {
      if (!isEhdsPurpose(opts.purpose)) throw badInput('is not an EHDS purpose code', '--purpose');
      const definition = await readCohort(file);
      const local = await openLocalStation(opts.dir, { purpose: opts.purpose, permitId: 'local-steward' });
      const use = {
        command: 'cohort run',
        algorithm: { name: 'cohort-run', version: PLATFORM_VERSION },
        input: definition,
        purpose: opts.purpose,
        permitId: 'local-steward',
      };
      let result: CohortResult;
      try {
        const dataVersion = await local.store.dataVersion();
        try {
          result = await characteriseAtStation(local.context, definition);
        } catch (e) {
          const outcome = isAppError(e) && e.code === 'forbidden' ? 'refused' : 'failed';
          await recordLocalUse(local.station.dir, { ...use, dataVersion, outcome });
          throw e;
        }
        // In the station's audit chain before it is shown.
        await recordLocalUse(local.station.dir, { ...use, dataVersion, shown: result, outcome: 'shown' });
      } finally {
        await local.close();
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
    lines.push(`  ${String(k).padStart(2)}  ${a.label.padEnd(width)}  ${f(a.count).padStart(8)}`);
  });
  if (r.attrition.some((a) => a.count.reason === 'differencing')) {
    lines.push(
      "  withheld: with another released number (this step's neighbour, or an earlier answer) it would reveal a small group",
    );
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
      const mean =
        x.mean !== null
          ? `  ${x.mean} ${x.unit ?? ''}`
          : x.meanWithheld
            ? '  mean withheld (one patient dominates)'
            : '';
      lines.push(`  ${x.code.padEnd(24)}${f(x.count).padStart(8)}${mean}`);
    }
  }
  return `${lines.join('\n')}\n`;
}
