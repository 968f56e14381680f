import { combineMonitor, type MonitorResult } from '../../../monitoring/combine-monitor.ts';
import {
  type MonitorPartial,
  type MonitorRunInput,
  MonitorRunInputSchema,
} from '../../../monitoring/monitor-partial.ts';
import type { CentralHalf } from '../../algorithm.ts';

/** Difference in differences, alerts and savings from the stations' released aggregates. */
export const central: CentralHalf<MonitorRunInput, MonitorPartial, MonitorResult> = {
  combine(partials, raw) {
    const input = MonitorRunInputSchema.parse(raw);
    return { done: true, result: combineMonitor(partials, input.monitor) };
  },
};
