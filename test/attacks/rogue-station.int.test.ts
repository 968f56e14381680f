import { describe, expect, it } from 'vitest';
import type { DatasetMetadata } from '../../src/api/index.ts';
import { HubClient } from '../../src/hub-client/index.ts';
import { generateSigningKeys } from '../../src/protocol/signing.ts';
import { refusal, withNetwork } from './attack-fixture.ts';

/**
 * A registered station of another organisation publishes a dataset under a real station's identifier,
 * title or organisation identifier, to draw researchers' questions (and permits) to itself. The hub
 * refuses each (403), and the catalogue shows one entry, vouched for by the station that published it.
 */
describe('attack: a rogue station publishes under another station’s identity', () => {
  const network = withNetwork();

  const metadata = (identifier: string, title: string, publisherId: string): DatasetMetadata => ({
    identifier,
    title,
    description: 'Electronic health records',
    keywords: ['ziekenhuis'],
    contactPoint: { name: 'Datadesk', email: 'data@example.org' },
    publisherDetails: {
      identifier: publisherId,
      email: 'info@example.org',
      homepage: 'https://example.org/',
    },
  });

  it('is refused under the identifier, the namespace, the title or the organisation of another', async () => {
    const real = network().stations[0]!;
    const owner = new HubClient(network().url, { token: real.token });
    const published = await owner.publishDataset(
      metadata('noord-fhir', 'Ziekenhuis Noord — patiëntgegevens', 'KvK 01234567'),
    );

    // A steward of another organisation registers a station of its own: legitimately, then goes rogue.
    const steward = await network().client('steward3');
    const rogueStation = await steward.registerStation({
      name: 'rogue',
      organisationId: network().users.steward3!.organisationId,
      publicKeyPem: generateSigningKeys().publicKeyPem,
    });
    const rogue = new HubClient(network().url, { token: rogueStation.token });
    const attempts = [
      [metadata('noord-fhir', 'Nog een dataset', 'KvK 99999999'), 'identifier'],
      [metadata(`${real.stationId}/noord-fhir`, 'Nog een dataset', 'KvK 99999999'), 'identifier'],
      [metadata('noord-kopie', 'ZIEKENHUIS NOORD —  patientgegevens', 'KvK 99999999'), 'title'],
      [metadata('noord-kopie', 'Nog een dataset', 'KvK 01234567'), 'publisherDetails.identifier'],
    ] as const;
    for (const [body, field] of attempts) {
      const e = await refusal(rogue.publishDataset(body));
      expect(e.code, field).toBe('forbidden');
      expect(e.where).toBe(`POST /api/station/datasets body.${field}`);
    }

    const catalogue = await new HubClient(network().url).searchCatalogue({ q: 'noord' });
    expect(catalogue.map((d) => [d.id, d.qualifiedIdentifier, d.vouchedBy.stationId])).toEqual([
      [published.id, `${real.stationId}/noord-fhir`, real.stationId],
    ]);
    const ttl = await new HubClient(network().url).exportCatalogue('ttl');
    expect(ttl).toContain(`dct:identifier "${real.stationId}/noord-fhir"`);
    expect(ttl).not.toContain(rogueStation.id);
    const audit = await (await network().client('auditor')).audit({ limit: 1000 });
    expect(
      audit.filter((e) => e.action === 'dataset.refused' && e.actor === `station:${rogueStation.id}`),
    ).toHaveLength(attempts.length);
  });
});
