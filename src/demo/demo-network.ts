import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import pino from 'pino';
import { loadCentralRegistry, loadLocalRegistry } from '../analytics/index.ts';
import type { DatasetMetadata } from '../api/index.ts';
import {
  centralHalvesFromRegistry,
  createHubApp,
  type DemoUser,
  type HubApp,
  openPgliteHubDb,
  seedDemo,
} from '../hub/index.ts';
import { HubClient } from '../hub-client/index.ts';
import type { TaskResult } from '../protocol/index.ts';
import {
  datasetMetadata,
  defaultPolicy,
  loadHubRegistration,
  loadPolicy,
  openStation,
  openStationNode,
  platformViews,
  publishedProfile,
  type StationNode,
  type StationProfile,
  saveHubRegistration,
  savePolicy,
  stationSigningKeys,
  tablesOfViews,
} from '../station/index.ts';
import { openStore } from '../store/index.ts';
import { registerWebUi } from '../web/index.ts';
import { DEMO_STATIONS, type DemoStationSpec } from './demo-stations.ts';
import { prepareDemoStation } from './prepare-demo-station.ts';

export interface DemoNetworkOptions {
  /** Folder for the hub database and the station folders (default `.data`). */
  dataDir?: string;
  port?: number;
  host?: string;
  log?: (line: string) => void;
  /** Long-poll wait of the stations, seconds. */
  pollWaitSeconds?: number;
  /** The stations (default {@link DEMO_STATIONS}). */
  stations?: readonly DemoStationSpec[];
  onTask?(station: string, result: TaskResult): void;
}

export interface DemoNetwork {
  url: string;
  hub: HubApp;
  users: Record<string, DemoUser>;
  stations: { spec: DemoStationSpec; dir: string; stationId: string; node: StationNode }[];
  stop(): Promise<void>;
}

const USERS_FILE = 'demo-users.json';

/**
 * Runs the whole platform on one machine: a hub (PGlite) serving the API and the web UI, and three demo
 * stations (DuckDB) with synthetic data that connect out to it. First start generates and ingests the
 * data; later starts reuse it.
 */
export async function startDemoNetwork(options: DemoNetworkOptions = {}): Promise<DemoNetwork> {
  const dataDir = resolve(options.dataDir ?? '.data');
  const log = options.log ?? (() => {});
  await mkdir(join(dataDir, 'stations'), { recursive: true });

  // Stations first: the slow part (generation, ingest) happens before the hub opens its port.
  const specs = options.stations ?? DEMO_STATIONS;
  for (const spec of specs) await prepareDemoStation(spec, join(dataDir, 'stations', spec.name), log);

  const db = await openPgliteHubDb(join(dataDir, 'hub'));
  const centralHalves = centralHalvesFromRegistry(await loadCentralRegistry());
  const hub = await createHubApp({
    db,
    centralHalves,
    logger: pino({ name: 'hub', level: process.env.AI4H_LOG_LEVEL ?? 'warn' }),
    plugins: [registerWebUi],
  });
  const usersPath = join(dataDir, USERS_FILE);
  let users: Record<string, DemoUser>;
  if (existsSync(usersPath)) {
    users = JSON.parse(await readFile(usersPath, 'utf8')) as Record<string, DemoUser>;
  } else {
    users = (await seedDemo(db)).users;
    await writeFile(usersPath, JSON.stringify(users, null, 2), { mode: 0o600 });
  }
  const url = await hub.listen(options.port ?? 8080, options.host ?? '127.0.0.1');
  const hubKey = await new HubClient(url).hubKey();
  const algorithms = (await loadLocalRegistry())
    .list()
    .map((a) => ({ name: a.name, version: a.version, hash: a.hash }));

  const stations: DemoNetwork['stations'] = [];
  try {
    for (const spec of specs) {
      const dir = join(dataDir, 'stations', spec.name);
      const steward = users[spec.steward]!;
      const stewardClient = new HubClient(url);
      await stewardClient.login(steward.email, steward.password);
      let registration = await loadHubRegistration(dir);
      const known =
        registration && (await stewardClient.listStations()).some((s) => s.id === registration?.stationId);
      if (!registration || !known) {
        const keys = await stationSigningKeys(dir);
        const created = await stewardClient.registerStation({
          name: spec.name,
          organisationId: steward.organisationId,
          publicKeyPem: keys.publicKeyPem,
        });
        registration = { hubUrl: url, stationId: created.id, token: created.token };
      }
      registration = { ...registration, hubUrl: url };
      await saveHubRegistration(dir, registration);
      // Demo stations trust the algorithms shipped with this version; a real steward lists them by hand.
      const previous = existsSync(join(dir, 'policy.json')) ? await loadPolicy(dir) : undefined;
      await savePolicy(
        dir,
        defaultPolicy({
          hubPublicKey: hubKey.publicKeyPem,
          acceptedAlgorithms: algorithms,
          approval: { default: spec.approval, permits: previous?.approval.permits ?? {} },
          approvedPermits: previous?.approvedPermits ?? [],
          ...(previous ? { disclosure: previous.disclosure } : {}),
        }),
      );
      await publishDataset(spec, dir, registration.hubUrl, registration.token, steward);
      const node = await openStationNode(dir, {
        logger: pino({ name: spec.name, level: process.env.AI4H_LOG_LEVEL ?? 'warn' }),
        pollWaitSeconds: options.pollWaitSeconds ?? 20,
        heartbeatSeconds: 15,
        onTask: (r) => options.onTask?.(spec.name, r),
      });
      node.agent.start();
      stations.push({ spec, dir, stationId: registration.stationId, node });
      log(`${spec.name}: online`);
    }
  } catch (e) {
    for (const s of stations) await s.node.close();
    await hub.close();
    await db.close();
    throw e;
  }

  return {
    url,
    hub,
    users,
    stations,
    async stop() {
      for (const s of stations) await s.node.close();
      await hub.close();
      await db.close();
    },
  };
}

async function publishDataset(
  spec: DemoStationSpec,
  dir: string,
  hubUrl: string,
  token: string,
  steward: DemoUser,
) {
  const station = await openStation(dir);
  const policy = await loadPolicy(dir);
  const store = await openStore(station.location, tablesOfViews(await platformViews()));
  try {
    const profile = await publishedProfile(station, store, policy);
    const metadata = demoDatasetMetadata(spec, steward, profile);
    await new HubClient(hubUrl, { token }).publishDataset(metadata);
  } finally {
    await store.close();
  }
}

/** What a demo station publishes: its description in Dutch, its organisation, its profile's numbers. */
export function demoDatasetMetadata(
  spec: DemoStationSpec,
  steward: Pick<DemoUser, 'organisationName' | 'email'>,
  profile: StationProfile,
): DatasetMetadata {
  return datasetMetadata(
    {
      identifier: `${spec.name}-fhir`,
      title: spec.title,
      description: `Gepseudonimiseerde FHIR R4-gegevens van ${steward.organisationName} (${spec.province}): patiënten, contacten (huisarts, polikliniek, SEH, opname, digitale zorg), diagnoses (SNOMED CT, ICD-10), labwaarden (LOINC), medicatie (ATC), kosten en bezwaar tegen secundair gebruik. Synthetische demodata.`,
      keywords: ['FHIR', 'synthetisch', spec.province, 'diabetes', 'COPD', 'hartfalen', 'SEH', 'ouderenzorg'],
      contactPoint: { name: steward.organisationName, email: steward.email },
      publisherDetails: demoPublisher(steward.email),
    },
    profile,
  );
}

/**
 * The demo organisation as the catalogue names it, from the domain of its steward's address
 * (steward@ziekenhuis-noord.example → identifier ziekenhuis-noord.example, info@ziekenhuis-noord.example,
 * https://www.ziekenhuis-noord.example/; the .example domains are reserved, so nothing real is named).
 */
export function demoPublisher(stewardEmail: string): DatasetMetadata['publisherDetails'] {
  const domain = stewardEmail.slice(stewardEmail.indexOf('@') + 1);
  return { identifier: domain, email: `info@${domain}`, homepage: `https://www.${domain}/` };
}
