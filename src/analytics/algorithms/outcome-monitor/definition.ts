import type { MonitorResult } from '../../../monitoring/combine-monitor.ts';
import {
  type MonitorPartial,
  MonitorPartialSchema,
  type MonitorRunInput,
  MonitorRunInputSchema,
} from '../../../monitoring/monitor-partial.ts';
import type { AlgorithmDefinition } from '../../algorithm.ts';

/**
 * Outcome monitoring of a care innovation (src/monitoring/README.md): at each station a propensity
 * score, 1:k nearest-neighbour matching within a caliper, balance and monthly cumulative series per
 * indicator and arm through the release ledger; centrally the difference in differences per station and
 * pooled, the sequential alert and the shared savings.
 */
export const definition: AlgorithmDefinition<MonitorRunInput, MonitorPartial, MonitorResult> = {
  name: 'outcome-monitor',
  version: '1.1.0',
  description:
    'Outcome monitoring of a care innovation: propensity-score matched control inside each station, monthly indicators, difference in differences, sequential alerts, shared savings',
  inputSchema: MonitorRunInputSchema,
  outputSchema: MonitorPartialSchema,
  disclosure: ['counts', 'moments', 'rates'],
  maxRounds: 1,
};
