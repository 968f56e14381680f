import { availableParallelism } from 'node:os';
import { Command, Option } from 'commander';
import { badInput, PLATFORM_VERSION, silentProgress, terminalProgress } from '../../common/index.ts';
import { listFhirFiles, type SkippedPath } from '../../fhir/index.ts';
import {
  defaultIngestDeps,
  formatProfile,
  type IngestSummary,
  ingestRecorded,
  openStation,
  platformViews,
  profileStation,
  recordLocalUse,
  type StationProfile,
  tablesOfViews,
} from '../../station/index.ts';
import { openStore } from '../../store/index.ts';

const positiveInt = (name: string) => (v: string) => {
  const n = Number(v);
  if (!Number.isSafeInteger(n) || n < 1) throw badInput('must be a positive integer', name);
  return n;
};

const nonNegativeInt = (name: string) => (v: string) => {
  const n = Number(v);
  if (!Number.isSafeInteger(n) || n < 0) throw badInput('must be 0 or a positive integer', name);
  return n;
};

/** A DuckDB memory size: checked before anything is created, so a typo leaves no station folder behind. */
const memorySize = (name: string) => (v: string) => {
  if (!/^\d+(\.\d+)?\s*(KB|MB|GB|TB|KiB|MiB|GiB|TiB)$/i.test(v))
    throw badInput('expected a size such as 512MB or 2GB', name);
  return v;
};

/**
 * Checked before the station folder, its key or its store are created: an ingest with nothing to read
 * is a usage error that leaves nothing behind (paths that are missing among others that exist are
 * reported as rejected by the ingest itself).
 */
async function requireFhirFiles(paths: string[]): Promise<void> {
  const skipped: SkippedPath[] = [];
  const files = await listFhirFiles(paths, (s) => skipped.push(s));
  if (files.length > 0) return;
  const why = skipped.map((s) => `${s.path}: ${s.reason}`);
  const folders = paths.filter((p) => !skipped.some((s) => s.path === p));
  if (folders.length) why.push(`${folders.join(', ')}: no .ndjson, .jsonl or .json file (optionally .gz)`);
  throw badInput(`nothing to ingest (${why.join('; ')})`, '<paths>');
}

/** One reader thread per core; on a single core everything runs in one thread. */
const defaultReaders = () => {
  const cores = availableParallelism();
  return cores > 1 ? cores : 0;
};

/**
 * `ai4h station …`: run a data station from the command line. Exit codes follow src/cli/main.ts:
 * 0 everything stored, 1 some input rejected (the rest stored), 2 usage error.
 */
export function stationCommand(): Command {
  const station = new Command('station')
    .description('Data station: load FHIR, profile the data')
    .exitOverride()
    .showHelpAfterError();

  station
    .command('ingest')
    .description('Validate, pseudonymise, flatten and store FHIR R4 files (NDJSON, Bundles, .gz, folders)')
    .requiredOption('--dir <dir>', 'station folder (created when new)')
    .option(
      '--db <url>',
      'PostgreSQL URL for a new station (postgres://user@host:port/db[?schema=name]); default DuckDB',
    )
    .option('--json', 'print one JSON summary object and no progress bar')
    .addOption(
      new Option('--batch-size <n>', 'resources per transaction')
        .default(20_000)
        .argParser(positiveInt('--batch-size')),
    )
    .addOption(
      new Option(
        '--readers <n>',
        'threads that read, validate, pseudonymise and flatten while one writes (0: all in one thread; used for inputs of 64 MB and more)',
      )
        .default(defaultReaders())
        .argParser(nonNegativeInt('--readers')),
    )
    .addOption(
      new Option(
        '--memory-limit <size>',
        "DuckDB's memory for the ingest (its buffer pool spills to disk beyond it), e.g. 512MB, 2GB",
      )
        .default('512MB')
        .argParser(memorySize('--memory-limit')),
    )
    .option('--verbose', 'log each committed batch to stderr')
    .option('--no-optimize', 'do not re-cluster tables by (code, patient) after the ingest')
    .argument('<paths...>', 'files or folders to read')
    .action(
      async (
        paths: string[],
        opts: {
          dir: string;
          db?: string;
          json?: boolean;
          batchSize: number;
          readers: number;
          memoryLimit: string;
          optimize: boolean;
          verbose?: boolean;
        },
      ) => {
        await requireFhirFiles(paths);
        const st = await openStation(opts.dir, { create: true, db: opts.db });
        const deps = await defaultIngestDeps(st);
        // The cap keeps an ingest's memory flat however large the input; queries later use DuckDB's default.
        const location =
          st.location.backend === 'duckdb' ? { ...st.location, memoryLimit: opts.memoryLimit } : st.location;
        const store = await openStore(location, tablesOfViews(deps.views));
        let summary: IngestSummary;
        try {
          summary = await ingestRecorded(
            store,
            deps,
            {
              paths,
              batchSize: opts.batchSize,
              readers: opts.readers,
              progress: opts.json ? silentProgress : terminalProgress('ingest', { unit: 'bytes' }),
              onBatch: opts.verbose
                ? (b) =>
                    process.stderr.write(
                      `batch ${b.batch} committed: ${b.resources} resources, ${b.written} written\n`,
                    )
                : undefined,
            },
            { dir: st.dir, name: st.config.name },
          );
          if (opts.optimize && summary.written > 0) await store.optimize();
        } finally {
          await store.close();
        }
        if (opts.json) process.stdout.write(`${JSON.stringify({ station: st.config.name, ...summary })}\n`);
        else process.stdout.write(formatSummary(summary));
        process.exitCode = summary.rejected > 0 ? 1 : 0;
      },
    );

  station
    .command('profile')
    .description(
      "Counts, age × sex, top codes, date ranges and completeness, with small cells suppressed (recorded in the station's audit log)",
    )
    .requiredOption('--dir <dir>', 'station folder')
    .option('--json', 'print the profile as one JSON object')
    .addOption(
      new Option('--threshold <n>', 'smallest count shown as is')
        .default(10)
        .argParser(positiveInt('--threshold')),
    )
    .action(async (opts: { dir: string; json?: boolean; threshold: number }) => {
      const st = await openStation(opts.dir);
      const store = await openStore(st.location, tablesOfViews(await platformViews()));
      const use = {
        command: 'station profile',
        algorithm: { name: 'station-profile', version: PLATFORM_VERSION },
        input: { threshold: opts.threshold },
      };
      try {
        let profile: StationProfile;
        try {
          profile = await profileStation(store, { threshold: opts.threshold });
        } catch (e) {
          await recordLocalUse(st.dir, { ...use, dataVersion: await store.dataVersion(), outcome: 'failed' });
          throw e;
        }
        // In the station's audit chain before it is shown.
        await recordLocalUse(st.dir, {
          ...use,
          dataVersion: profile.dataVersion,
          shown: profile,
          outcome: 'shown',
        });
        process.stdout.write(opts.json ? `${JSON.stringify(profile)}\n` : formatProfile(profile));
      } finally {
        await store.close();
      }
    });

  return station;
}

function formatSummary(s: IngestSummary): string {
  const lines: string[] = [];
  const stored = Object.entries(s.resources).map(([t, n]) => `  ${t}: ${n}`);
  lines.push(
    `Stored in ${s.seconds.toFixed(1)} s (${s.batches} batches, data version ${s.dataVersion}):`,
    ...stored,
  );
  if (Object.keys(s.unsupported).length > 0) {
    lines.push('Without a table (kept in resource_index only):');
    for (const [t, n] of Object.entries(s.unsupported)) lines.push(`  ${t}: ${n}`);
  }
  lines.push(`Written ${s.written}, unchanged ${s.unchanged}, older versions ignored ${s.ignoredOlder}.`);
  for (const w of s.warnings) lines.push(`warning: ${w}`);
  if (s.rejected > 0) {
    lines.push(`Rejected ${s.rejected}:`, ...s.errors.map((e) => `  ${e}`));
    if (s.moreErrors > 0) lines.push(`  … and ${s.moreErrors} more`);
  }
  return `${lines.join('\n')}\n`;
}
