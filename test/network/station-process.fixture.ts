/**
 * A station in a process of its own, for tests that kill it:
 * `node bin/run-ts.mjs test/network/station-process.fixture.ts DIR HUB_URL STATION_ID TOKEN MODE`.
 *
 * MODE says where it stops and waits to be killed, printing a line on stdout when it gets there:
 * - `hold-task`: `holding <taskId>` once a poll handed it a task, before it runs it;
 * - `hold-result`: `sending <taskId>` when the result is ready to be sent (the ledgers, the audit log
 *   and the outbox are written), before it reaches the hub;
 * - `serve`: never; it serves tasks until SIGTERM.
 */
import { HubClient } from '../../src/hub-client/index.ts';
import type { HubConnection } from '../../src/station/runtime/hub-connection.ts';
import { hubConnection, openStationNode } from '../../src/station/runtime/station-node.ts';

const [dir, url, stationId, token, mode] = process.argv.slice(2);
if (!dir || !url || !stationId || !token || !['hold-task', 'hold-result', 'serve'].includes(mode ?? '')) {
  console.error('usage: station-process.fixture.ts DIR HUB_URL STATION_ID TOKEN hold-task|hold-result|serve');
  process.exit(2);
}

const forever = () => new Promise<never>(() => {});
const wire = hubConnection(new HubClient(url, { token }));
const hub: HubConnection = {
  heartbeat: (s) => wire.heartbeat(s),
  poll: async (o) => {
    const response = await wire.poll(o);
    const first = response.tasks[0];
    if (mode === 'hold-task' && first) {
      process.stdout.write(`holding ${first.task.id}\n`);
      return forever();
    }
    return response;
  },
  submitResult: async (r, auditHead) => {
    if (mode === 'hold-result') {
      process.stdout.write(`sending ${r.taskId}\n`);
      return forever();
    }
    return wire.submitResult(r, auditHead);
  },
};
const node = await openStationNode(dir, { hub, stationId, pollWaitSeconds: 1, heartbeatSeconds: 60 });
node.agent.start();
process.stdout.write('started\n');
process.once('SIGTERM', () => {
  void node.close().then(() => process.exit(0));
});
