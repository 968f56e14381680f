/** The demo: a whole network on one machine (`npm start`) and the scripted researcher's journey. */
export { type DemoNetwork, startDemoNetwork } from './demo-network.ts';
export { runDemoScenario } from './demo-scenario.ts';
export { DEMO_STATIONS, type DemoStationSpec, INSURER_DEMO_STATIONS } from './demo-stations.ts';
export { runInsurerScenario } from './insurer-scenario.ts';
