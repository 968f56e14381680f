import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { cp, mkdir, mkdtemp, readdir, readFile, rename, rm, stat, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createHubApp, type DemoUser, openPgliteHubDb, seedDemo } from '../../src/hub/index.ts';
import {
  defaultIngestDeps,
  platformViews,
  tablesOfViews,
} from '../../src/station/ingest/default-ingest-deps.ts';
import { ingestFiles } from '../../src/station/ingest/ingest-files.ts';
import { openStation } from '../../src/station/station-dir.ts';
import { openStore } from '../../src/store/open-store.ts';
import { generatePopulation } from '../../src/synth/index.ts';
import { importGraph } from './import-graph.ts';

/** One synthetic station population: same spec, same data (the generator is deterministic). */
export interface StationDataSpec {
  name: string;
  patients: number;
  seed: number;
  province: string;
}

/** Bump when the way a template is built changes in a way the sources below do not show. */
const CACHE_VERSION = 3;

const PROJECT_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

/**
 * The hash of what a template is made from: the code that builds it (`entries` and every file of the
 * project they import), the data files in those code folders (terminologies, view definitions), this
 * file, the installed versions and {@link CACHE_VERSION}. A change to any of them makes a new template
 * instead of reusing one built by older code; a change elsewhere (a route, an algorithm, a page) keeps it.
 */
function sourceKey(entries: string[]): () => Promise<string> {
  let key: Promise<string> | undefined;
  const compute = async () => {
    const code = await importGraph(entries.map((e) => join(PROJECT_ROOT, e)));
    const folders = [...new Set(code.map((f) => dirname(f)))];
    const data: string[] = [];
    for (const folder of folders) {
      for (const e of await readdir(folder, { recursive: true, withFileTypes: true }).catch(() => [])) {
        if (e.isFile() && !/\.tsx?$/.test(e.name)) data.push(join(e.parentPath, e.name));
      }
    }
    const files = new Set([
      ...code,
      ...data,
      fileURLToPath(import.meta.url),
      join(PROJECT_ROOT, 'package-lock.json'),
    ]);
    const hash = createHash('sha256').update(`v${CACHE_VERSION}\0`);
    for (const f of [...files].sort()) {
      const content = await readFile(f).catch(() => Buffer.alloc(0));
      hash.update(`${relative(PROJECT_ROOT, f).split(sep).join('/')}\0${content.length}\0`).update(content);
    }
    return hash.digest('hex').slice(0, 16);
  };
  return () => {
    key ??= compute();
    return key;
  };
}

/** What a station template is made by: the generator, the station folder, the ingest and the store. */
const stationKey = sourceKey([
  'src/synth/index.ts',
  'src/station/station-dir.ts',
  'src/station/ingest/ingest-files.ts',
  'src/station/ingest/default-ingest-deps.ts',
  'src/store/open-store.ts',
]);

/** What the hub template is made by: the hub (its database schema and demo users). */
const hubKey = sourceKey(['src/hub/index.ts']);

/** Where templates live: the OS temp folder, shared by every test file and the bench of one machine. */
export function cacheRoot(): string {
  return process.env.AI4H_NETWORK_CACHE ?? join(tmpdir(), 'ai4h-network-cache');
}

async function templateDir(spec: StationDataSpec): Promise<string> {
  return join(
    cacheRoot(),
    `${await stationKey()}-${spec.name}-${spec.patients}-${spec.seed}-${spec.province.toLowerCase()}`,
  );
}

/**
 * Builds `final` once per machine. Test files run in parallel processes: the first takes a lock (an
 * atomic `mkdir`) and builds in a scratch folder that it renames into place; the others wait for the
 * result instead of building it again. A lock older than {@link STALE_LOCK_MS} is from a killed run.
 */
async function buildOnce(final: string, build: (work: string) => Promise<void>): Promise<string> {
  const done = join(final, DONE_FILE);
  if (existsSync(done)) {
    // Marks the template as used (see pruneOldTemplates).
    const now = new Date();
    await utimes(final, now, now).catch(() => {});
    return final;
  }
  await mkdir(cacheRoot(), { recursive: true, mode: 0o700 });
  await pruneOldTemplates();
  const lock = `${final}.lock`;
  for (;;) {
    try {
      await mkdir(lock);
      break;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      if (existsSync(done)) return final;
      const age = Date.now() - (await stat(lock).catch(() => ({ mtimeMs: Date.now() }))).mtimeMs;
      if (age > STALE_LOCK_MS) await rm(lock, { recursive: true, force: true });
      else await new Promise((r) => setTimeout(r, 500));
    }
  }
  try {
    if (existsSync(done)) return final;
    const work = await mkdtemp(join(cacheRoot(), 'build-'));
    try {
      await build(work);
      await writeFile(join(work, DONE_FILE), '', { mode: 0o600 });
      await rm(final, { recursive: true, force: true });
      await rename(work, final);
    } finally {
      await rm(work, { recursive: true, force: true });
    }
    return final;
  } finally {
    await rm(lock, { recursive: true, force: true });
  }
}

const STALE_LOCK_MS = 10 * 60_000;

/** Templates of other sources not used for this long are removed when a new template is built. */
const UNUSED_TEMPLATE_MS = 2 * 24 * 3600_000;

async function pruneOldTemplates(): Promise<void> {
  const current = [await stationKey(), await hubKey()];
  for (const name of await readdir(cacheRoot()).catch(() => [] as string[])) {
    if (current.some((k) => name.startsWith(k)) || name.endsWith('.lock') || name.startsWith('build-'))
      continue;
    const dir = join(cacheRoot(), name);
    const used = (await stat(dir).catch(() => undefined))?.mtimeMs ?? Date.now();
    if (Date.now() - used > UNUSED_TEMPLATE_MS) await rm(dir, { recursive: true, force: true });
  }
}
const DONE_FILE = '.complete';
const HUB_DB = 'hub-db';
const HUB_USERS = 'demo-users.json';

/**
 * A private hub database in `dir`: a copy of a migrated PGlite database with the demo users (creating
 * a PGlite database takes tens of seconds on a loaded machine, opening a copy a few). Returns the
 * database folder and the demo users with their passwords.
 */
export async function copyHubDb(dir: string): Promise<{ dataDir: string; users: Record<string, DemoUser> }> {
  const template = await buildOnce(join(cacheRoot(), `${await hubKey()}-hub`), async (work) => {
    const db = await openPgliteHubDb(join(work, HUB_DB));
    try {
      const hub = await createHubApp({ db, logger: false, sweepIntervalMs: 0 });
      await hub.close();
      const { users } = await seedDemo(db);
      await writeFile(join(work, HUB_USERS), JSON.stringify(users), { mode: 0o600 });
    } finally {
      await db.close();
    }
  });
  await cp(join(template, HUB_DB), join(dir, HUB_DB), { recursive: true });
  const users = JSON.parse(await readFile(join(template, HUB_USERS), 'utf8')) as Record<string, DemoUser>;
  return { dataDir: join(dir, HUB_DB), users };
}

/**
 * Returns a folder holding an ingested station for `spec` (generated and ingested once per machine,
 * then reused). Two processes racing to build it both build; the first rename wins, the other's copy
 * is thrown away, so a reader never sees a half-built template.
 */
export async function stationTemplate(spec: StationDataSpec): Promise<string> {
  return buildOnce(await templateDir(spec), async (work) => {
    const station = await openStation(work, { create: true, name: spec.name });
    const synthDir = join(work, 'synthetic-input');
    await generatePopulation({
      patients: spec.patients,
      seed: spec.seed,
      region: spec.province,
      outDir: synthDir,
    });
    const files = (await readdir(synthDir))
      .filter((f) => f.endsWith('.ndjson') && f !== 'note-labels.ndjson')
      .map((f) => join(synthDir, f));
    const store = await openStore(station.location, tablesOfViews(await platformViews()));
    try {
      await ingestFiles(store, await defaultIngestDeps(station), { paths: files });
      await store.optimize();
    } finally {
      await store.close();
    }
    await rm(synthDir, { recursive: true, force: true });
  });
}

/** A private copy of the station template in `dir` (tests write policies, ledgers and audit logs). */
export async function copyStation(spec: StationDataSpec, dir: string): Promise<void> {
  await cp(await stationTemplate(spec), dir, { recursive: true });
}
