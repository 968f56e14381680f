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

/** Patients per station of the insurer's demo (see {@link INSURER_DEMO_STATIONS}). */
const INSURER_DEMO_PATIENTS: Record<string, number> = {
  'ziekenhuis-noord': 10_000,
  'huisartsen-midden': 16_000,
  'zorggroep-zuid': 20_000,
};

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

/**
 * The insurer's demo (`ai4h demo --insurer`) on the same three organisations with larger populations, so
 * that the monitor has enough matched frail 75+ patients in each clinic town (Groningen, Utrecht,
 * Maastricht) for the planted effect and the scale-up alert to show through the disclosure control
 * (with the default stations most ED counts are withheld). Its own data folder; `npm start` keeps the
 * small default stations.
 */
export const INSURER_DEMO_STATIONS: readonly DemoStationSpec[] = DEMO_STATIONS.map((s) => ({
  ...s,
  patients: INSURER_DEMO_PATIENTS[s.name] ?? s.patients,
}));
