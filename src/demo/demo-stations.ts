/**
 * The three demo stations `npm start` runs: three care organisations in three regions, of different
 * sizes, each with its own synthetic population. One station approves permits by hand (its steward
 * approves in the demo scenario); the others approve valid permits automatically.
 */
export interface DemoStationSpec {
  /** Folder and station name. */
  name: string;
  title: string;
  /** Handle of the steward user in the hub's demo seed (src/hub/organisations/seed-demo.ts). */
  steward: 'steward1' | 'steward2' | 'steward3';
  province: string;
  patients: number;
  seed: number;
  approval: 'automatic' | 'manual';
}

export const DEMO_STATIONS: readonly DemoStationSpec[] = [
  {
    name: 'ziekenhuis-noord',
    title: 'Ziekenhuis Noord — patiëntgegevens (synthetisch)',
    steward: 'steward1',
    province: 'Groningen',
    patients: 3000,
    seed: 101,
    approval: 'manual',
  },
  {
    name: 'huisartsen-midden',
    title: 'Huisartsencoöperatie Midden — eerstelijnsgegevens (synthetisch)',
    steward: 'steward2',
    province: 'Utrecht',
    patients: 5000,
    seed: 202,
    approval: 'automatic',
  },
  {
    name: 'zorggroep-zuid',
    title: 'Zorggroep Zuid — ouderenzorg en ziekenhuis (synthetisch)',
    steward: 'steward3',
    province: 'Limburg',
    patients: 2000,
    seed: 303,
    approval: 'automatic',
  },
];
