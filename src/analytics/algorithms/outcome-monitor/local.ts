import {
  type MonitorPartial,
  type MonitorRunInput,
  MonitorRunInputSchema,
} from '../../../monitoring/monitor-partial.ts';
import { prepareMonitor } from '../../../monitoring/monitor-station.ts';
import { releaseMonitor } from '../../../monitoring/release-monitor.ts';
import type { LocalHalf } from '../../algorithm.ts';

/** Matches and aggregates at the station; every number leaves through the task's release guard. */
export const local: LocalHalf<MonitorRunInput, MonitorPartial> = {
  async run(ctx, raw) {
    const input = MonitorRunInputSchema.parse(raw);
    return releaseMonitor(ctx, await prepareMonitor(ctx, input));
  },
};
