import { createHmac } from 'node:crypto';
import { join } from 'node:path';
import { ReleaseLedger } from '../../privacy/disclosure/release-ledger.ts';
import type { Station } from '../station-dir.ts';

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
