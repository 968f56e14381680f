import { writeFile } from 'node:fs/promises';
import { Command, Option } from 'commander';
import type { CatalogueDataset } from '../../api/index.ts';
import { codeMatches } from '../../common/index.ts';
import { type HubOptions, hubClient, withHubOptions } from './hub-session.ts';
import { printJson, textTable } from './text-table.ts';

/** One catalogue entry as a table row; a number the station withheld shows as a dash. */
function entryRow(d: CatalogueDataset): string[] {
  const p = d.profile;
  const ages = p?.minTypicalAge !== undefined ? `${p.minTypicalAge}–${p.maxTypicalAge ?? '?'}` : '–';
  return [d.title, d.stationName, d.publisher, String(p?.numberOfUniqueIndividuals ?? '–'), ages, d.id];
}

/** `ai4h catalogue search|export`: the public FAIR catalogue (no sign-in needed). */
export function catalogueCommand(): Command {
  const catalogue = new Command('catalogue')
    .description('The FAIR dataset catalogue (public)')
    .exitOverride();

  withHubOptions(
    catalogue
      .command('search')
      .description('Find datasets by text or by a code they hold (SNOMED CT, LOINC, ATC, ICD-10)')
      .option('--q <text>', 'words in title, description or keywords')
      .option(
        '--code <code>',
        'a code that occurs in the dataset, e.g. 44054006 or 4548-4; ICD-10 and ATC also by prefix (E11, A10B)',
      ),
  ).action(async (opts: HubOptions & { q?: string; code?: string }) => {
    const client = await hubClient(opts, false);
    const found = await client.searchCatalogue({
      ...(opts.q ? { q: opts.q } : {}),
      ...(opts.code ? { code: opts.code } : {}),
    });
    if (opts.json) return printJson(found);
    if (found.length === 0) return void console.log('no datasets found');
    console.log(
      textTable(['title', 'station', 'publisher', 'patients', 'ages', 'id'], found.map(entryRow), {
        leftColumns: 3,
      }),
    );
    if (opts.code) {
      const query = opts.code;
      for (const d of found) {
        for (const c of d.profile?.codes?.filter((x) => codeMatches(x, query)) ?? [])
          console.log(
            `  ${d.stationName}: ${c.display ?? c.code} (${c.system}) in ${c.count ?? '<threshold'} records`,
          );
      }
    }
  });

  withHubOptions(
    catalogue
      .command('export')
      .description('The whole catalogue as HealthDCAT-AP (JSON-LD or Turtle)')
      .addOption(
        new Option('--format <format>', 'jsonld or ttl').choices(['jsonld', 'ttl']).default('jsonld'),
      )
      .option('--out <file>', 'write to this file instead of stdout'),
    { json: false },
  ).action(async (opts: HubOptions & { format: 'jsonld' | 'ttl'; out?: string }) => {
    const client = await hubClient(opts, false);
    const text =
      opts.format === 'ttl'
        ? await client.exportCatalogue('ttl')
        : `${JSON.stringify(await client.exportCatalogue('jsonld'), null, 2)}\n`;
    if (!opts.out) return void process.stdout.write(text);
    await writeFile(opts.out, text);
    console.error(`wrote ${opts.format} catalogue to ${opts.out}`);
  });
  return catalogue;
}
