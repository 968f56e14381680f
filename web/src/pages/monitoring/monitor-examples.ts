import wijkkliniek from '../../../../examples/monitors/wijkkliniek.json' with { type: 'json' };
import demo from '../../../../examples/monitors/wijkkliniek-demo-network.json' with { type: 'json' };

/** The monitor definitions the platform ships (examples/monitors/), to start a new monitor from. */
export const MONITOR_EXAMPLES: { key: string; definition: Record<string, unknown> }[] = [
  { key: 'wijkkliniek', definition: wijkkliniek },
  { key: 'wijkkliniek-demo-network', definition: demo },
];

/** The purposes a monitor may run under (the hub's rule, src/hub/monitors/monitor-service.ts). */
export const MONITOR_PURPOSES = ['public-health', 'policy'];
