/** The regional picture (regiobeeld) and the scale-up scenario. See README.md in this folder. */
export { combineRegionalPicture, type RegionalArea } from './combine-regional-picture.ts';
export {
  loadPopulationProjection,
  type PopulationProjection,
  type ProjectedArea,
  projectArea,
} from './population-projection.ts';
export { type Scenario, type ScenarioOptions, scaleUpScenario } from './scale-up-scenario.ts';
