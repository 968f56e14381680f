import { join } from 'node:path';
import { demoDatasetMetadata } from '../../src/demo/demo-network.ts';
import { HubClient } from '../../src/hub-client/index.ts';
import {
  approvePermit,
  loadPolicy,
  openStation,
  PENDING_PERMITS_FILE,
  PendingPermits,
  platformViews,
  publishedProfile,
  tablesOfViews,
} from '../../src/station/index.ts';
import { openStore } from '../../src/store/index.ts';
import { registerWebUi } from '../../src/web/index.ts';
import {
  NETWORK_STATIONS,
  type Network,
  type NetworkStationSpec,
  startNetwork,
} from '../network/network-fixture.ts';

/** The station whose steward approves permits by hand. */
export const MANUAL_STATION = NETWORK_STATIONS[0]!.name;

/**
 * The test network (hub + three stations on loopback) with the web app built in `dist` served by the
 * hub, each station's dataset published in the catalogue, and one station that approves permits by hand
 * ({@link MANUAL_STATION}, when it is among `stations`; default: the test network's three).
 */
export async function startWebNetwork(
  dist: string,
  options: { stations?: readonly NetworkStationSpec[] } = {},
): Promise<Network> {
  const network = await startNetwork({
    ...(options.stations ? { stations: options.stations } : {}),
    startStations: false,
    pollWaitSeconds: 1,
    hubPlugins: [(app) => registerWebUi(app, { dist })],
  });
  for (const s of network.stations) {
    const station = await openStation(s.dir);
    const policy = await loadPolicy(s.dir);
    const store = await openStore(station.location, tablesOfViews(await platformViews()));
    try {
      const profile = await publishedProfile(station, store, policy);
      const steward = network.users[s.spec.steward]!;
      const metadata = demoDatasetMetadata(
        {
          name: s.spec.name,
          title: `Station ${s.spec.name} — test data`,
          province: s.spec.province,
        } as Parameters<typeof demoDatasetMetadata>[0],
        steward,
        profile,
      );
      await new HubClient(network.url, { token: s.token }).publishDataset(metadata);
    } finally {
      await store.close();
    }
    if (s.spec.name === MANUAL_STATION)
      await s.updatePolicy((p) => ({ ...p, approval: { ...p.approval, default: 'manual' } }));
    await s.start();
  }
  return network;
}

/** What the steward does at the station's machine (`ai4h station approve`): approves a permit waiting there. */
export async function approveAtStation(
  network: Network,
  stationName: string,
  permitId: string,
): Promise<void> {
  const s = network.stations.find((x) => x.spec.name === stationName)!;
  const pending = new PendingPermits(join(s.dir, PENDING_PERMITS_FILE));
  const held = pending.get(permitId);
  if (!held) throw new Error(`${stationName} holds no permit ${permitId} waiting for approval`);
  await s.updatePolicy((p) => approvePermit(p, held, 'steward (e2e)', new Date()));
  pending.remove(permitId);
}
