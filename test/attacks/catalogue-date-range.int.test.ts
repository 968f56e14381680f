import { describe, expect, it } from 'vitest';
import { ReleaseLedger } from '../../src/privacy/disclosure/release-ledger.ts';
import { datasetMetadata } from '../../src/station/catalogue/dataset-metadata.ts';
import { profileStation } from '../../src/station/profile/profile-station.ts';
import { withNetwork } from './attack-fixture.ts';

/**
 * Anyone reads the public catalogue. A station's dataset there carries a temporal coverage built from
 * its published profile's date ranges, which were the earliest and latest month of every date column —
 * the birth month of the station's oldest patient, the onset month of its earliest diagnosis: one
 * patient's value each. A published date range must be a month that at least the threshold of records
 * reach: at least `threshold` values in or before `from`, and in or after `to`.
 */
const THRESHOLD = 10;
const description = {
  identifier: 'x',
  title: 'x',
  description: 'x',
  keywords: ['x'],
  contactPoint: { name: 'x', email: 'x@example.org' },
  publisherDetails: { identifier: 'x', email: 'x@example.org', homepage: 'https://example.org' },
};

describe('attack: reading one patient’s dates from the public catalogue', () => {
  const network = withNetwork();

  it('publishes no date range end that fewer than the threshold of records reach', async () => {
    for (const station of network().stations) {
      const store = station.node!.store;
      const ledger = ReleaseLedger.open();
      const release = await ledger.begin('publish', THRESHOLD);
      const profile = await profileStation(store, { threshold: THRESHOLD, rounding: 5, release });
      release.commit();
      for (const d of profile.dateRanges) {
        const where = `${station.spec.name} ${d.table}.${d.column}`;
        if (d.from !== null) {
          const [row] = await store.query(
            `SELECT count(*) AS n FROM ${d.table} WHERE ${d.column} < CAST($1 AS DATE) + INTERVAL 1 MONTH`,
            [`${d.from}-01`],
          );
          expect(Number(row?.n), `${where} from ${d.from}`).toBeGreaterThanOrEqual(THRESHOLD);
        }
        if (d.to !== null) {
          const [row] = await store.query(
            `SELECT count(*) AS n FROM ${d.table} WHERE ${d.column} >= CAST($1 AS DATE)`,
            [`${d.to}-01`],
          );
          expect(Number(row?.n), `${where} to ${d.to}`).toBeGreaterThanOrEqual(THRESHOLD);
        }
      }
      // What the catalogue shows: not the oldest patient's birth month.
      const [oldest] = await store.query('SELECT min(birth_date) AS b FROM patient');
      const coverage = datasetMetadata(description, profile).profile?.temporalCoverage;
      expect(coverage?.start).not.toBe(String(oldest?.b).slice(0, 7));
    }
  });
});
