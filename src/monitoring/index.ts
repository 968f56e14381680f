/**
 * Outcome monitoring of care innovations: monitor definitions, the station's matched-control series and
 * the central difference-in-differences, alerts and savings. See README.md in this folder.
 */
export {
  combineMonitor,
  type MonitorResult,
} from './combine-monitor.ts';
export {
  type MonitorDefinition,
  type MonitorDefinitionInput,
  MonitorDefinitionSchema,
  parseMonitorDefinition,
} from './monitor-definition.ts';
export { formatMonitorResult, stationNamesOf } from './monitor-report.ts';
export { type SeriesDesign, simulatedPartials } from './null-series.ts';
