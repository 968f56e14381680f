/**
 * One station of `bench/round-trip.ts --processes`, in a process of its own as in production: it opens
 * its folder, connects out to the hub and long-polls until its parent says stop.
 *
 *   node bin/run-ts.mjs bench/round-trip-station.ts DIR HUB_URL STATION_ID   (token in AI4H_STATION_TOKEN)
 */
import { HubClient } from '../src/hub-client/index.ts';
import { hubConnection, openStationNode } from '../src/station/runtime/station-node.ts';

const [dir, hubUrl, stationId] = process.argv.slice(2);
const token = process.env.AI4H_STATION_TOKEN;
if (!dir || !hubUrl || !stationId || !token) {
  console.error('usage: round-trip-station.ts DIR HUB_URL STATION_ID (token in AI4H_STATION_TOKEN)');
  process.exit(2);
}
const node = await openStationNode(dir, {
  hub: hubConnection(new HubClient(hubUrl, { token })),
  stationId,
  pollWaitSeconds: 25,
  heartbeatSeconds: 60,
});
node.agent.start();
process.send?.('ready');
const stop = async () => {
  await node.close();
  process.exit(0);
};
process.on('message', (m) => {
  if (m === 'stop') void stop();
});
process.on('disconnect', () => void stop());
