import type { StationStore } from '../../store/station-store.ts';
import { CATALOGUE_CODES_PER_SYSTEM } from '../catalogue/dataset-metadata.ts';
import type { StationPolicy } from '../policy/station-policy.ts';
import { openReleaseLedger } from '../runtime/station-context.ts';
import type { Station } from '../station-dir.ts';
import { profileStation, type StationProfile } from './profile-station.ts';

/**
 * The profile a station publishes in the (public) catalogue: rounded, small cells suppressed, and its
 * patient sets admitted through the station's release ledger like any answer's — recorded before the
 * profile leaves, so a later question cannot be subtracted from it to reveal a small group, nor the
 * profile from an earlier answer.
 */
export async function publishedProfile(
  station: Station,
  store: StationStore,
  policy: StationPolicy,
): Promise<StationProfile> {
  const ledger = openReleaseLedger(station);
  try {
    const release = await ledger.begin(`publish:${new Date().toISOString()}`, policy.disclosure.threshold);
    try {
      const profile = await profileStation(store, {
        threshold: policy.disclosure.threshold,
        rounding: policy.disclosure.rounding,
        topCodes: CATALOGUE_CODES_PER_SYSTEM,
        release,
      });
      release.commit();
      return profile;
    } finally {
      release.abort();
    }
  } finally {
    ledger.close();
  }
}
