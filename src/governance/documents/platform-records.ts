import type { ModelRecord } from '../../analytics/models/model-record.ts';
import type { AiSystem, Classification } from '../../api/governance-schemas.ts';

/** A permit as documents cite it. */
export interface PermitFacts {
  id: string;
  purpose: string;
  title: string;
  holder: string;
  issuedAt: string;
  expiresAt: string;
  stations: string[];
  datasets: string[];
}

/** A run (one analysis under a permit) with its provenance. */
export interface RunFacts {
  id: string;
  permitId: string;
  algorithm: { name: string; version: string; hash: string };
  status: string;
  createdAt?: string;
  finishedAt?: string;
  answered: { stationId: string; stationName: string; dataVersion: string }[];
}

export interface DatasetFacts {
  id: string;
  title: string;
  stationId: string;
  stationName: string;
  publisher?: string;
  temporal?: { start?: string; end?: string };
  numberOfUniqueIndividuals?: number | null;
}

/** An outcome monitor that follows the system after deployment, and its latest monthly run. */
export interface MonitorFacts {
  id: string;
  name: string;
  owner: string;
  permitId: string;
  createdAt: string;
  indicators: string[];
  alert: { indicator: string; method: string; alpha: number; higherIsWorse: boolean };
  followUpMonths?: number;
  latest?: { month: string; runId: string; status: string; alerts?: string[] };
}

export interface StationFacts {
  id: string;
  name: string;
  organisation?: string;
}

/**
 * What the platform knows about one AI system and the model behind it: the records every generated
 * statement and figure must cite. Missing records make items "to be completed", never invented ones.
 */
export interface PlatformRecords {
  system?: AiSystem;
  classification?: Classification;
  model: ModelRecord;
  permits: PermitFacts[];
  runs: RunFacts[];
  datasets: DatasetFacts[];
  stations: StationFacts[];
  /** Outcome monitors linked to the system (post-market monitoring). */
  monitors?: MonitorFacts[];
  /** The hub's audit chain: how many entries and whether it verifies. */
  audit?: { entries: number; ok: boolean };
}
