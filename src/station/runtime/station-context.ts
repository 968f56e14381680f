import { createHmac } from 'node:crypto';
import { join } from 'node:path';
import type { EpsilonLedger, StationContext } from '../../analytics/algorithm.ts';
import type { EhdsPurpose } from '../../common/ehds-purposes.ts';
import { ReleaseLedger } from '../../privacy/disclosure/release-ledger.ts';
import { openStore } from '../../store/open-store.ts';
import type { StationStore } from '../../store/station-store.ts';
import { platformViews, tablesOfViews } from '../ingest/default-ingest-deps.ts';
import { loadPolicy } from '../policy/load-policy.ts';
import { openStation, type Station } from '../station-dir.ts';

/** The station's ledger of every patient set behind a released number. */
export const RELEASE_LEDGER_FILE = 'release-ledger.bin';

/**
 * Opens the station's release ledger. A steward's local use (`ai4h cohort run`, `ai4h analyse`) opens
 * it `readOnly`: checked against everything released, as a task would be, but not recorded — what the
 * steward sees at the station is not a release, and must not make researchers' later questions fail.
 */
export function openReleaseLedger(station: Station, options: { readOnly?: boolean } = {}): ReleaseLedger {
  return ReleaseLedger.open(join(station.dir, RELEASE_LEDGER_FILE), options);
}

/** The secret that seeds differential-privacy noise, derived from the station key (never the key itself). */
export function noiseSecret(station: Station): Uint8Array {
  return createHmac('sha256', station.secret).update('ai4health differential-privacy noise').digest();
}

/** A station folder opened for a steward's local use: what algorithms get, and what to close after. */
export interface LocalStation {
  readonly station: Station;
  readonly store: StationStore;
  readonly context: StationContext;
  close(): Promise<void>;
}

/**
 * Opens a station folder for a steward's local use of an algorithm: its store, its own policy, its
 * release ledger (read-only: checked, not recorded) and its noise secret — the same context a task of
 * the hub gets, so what the steward sees is what the station would release.
 */
export async function openLocalStation(
  dir: string,
  options: {
    purpose: EhdsPurpose;
    permitId: string;
    privacy?: { ledger: EpsilonLedger; epsilonPerPermit: number };
  },
): Promise<LocalStation> {
  const station = await openStation(dir);
  const policy = await loadPolicy(station.dir);
  const store = await openStore(station.location, tablesOfViews(await platformViews()));
  const ledger = openReleaseLedger(station, { readOnly: true });
  const context: StationContext = {
    stationId: station.config.name,
    // Algorithm SQL: the engine refuses any write (see StationStore.readOnlyQuery).
    query: (sql, params) => store.readOnlyQuery(sql, params),
    dialect: store.dialect,
    purpose: options.purpose,
    permitId: options.permitId,
    disclosure: policy.disclosure,
    ledger,
    ...(options.privacy ? { privacy: options.privacy } : {}),
    noise: { secret: noiseSecret(station), dataVersion: await store.dataVersion() },
    runState: new Map(),
  };
  return {
    station,
    store,
    context,
    async close() {
      ledger.close();
      await store.close();
    },
  };
}
