import { describe, expectTypeOf, it } from 'vitest';
import type { AccessRequest, PermitRecord } from '../../src/hub/access/access-service.ts';
import type { TransparencyEntry } from '../../src/hub/access/transparency-register.ts';
import type { CatalogueDataset } from '../../src/hub/catalogue/catalogue-service.ts';
import type { Station } from '../../src/hub/stations/station-service.ts';
import type { RunView, StationTaskStatus } from '../../src/hub/tasks/run-view.ts';
import type * as Client from '../../src/hub-client/hub-api-types.ts';

/**
 * The hub client may not import the hub (stations and scripts use it), so it declares the API's response
 * types itself. These checks fail the type check (`npm test` runs tsc first) when the hub's responses and
 * the client's declarations drift apart.
 */
describe('hub API types seen by the client', () => {
  it('match what the hub returns', () => {
    expectTypeOf<RunView>().toExtend<Client.RunView>();
    expectTypeOf<StationTaskStatus>().toExtend<Client.StationTaskStatus>();
    expectTypeOf<TransparencyEntry>().toExtend<Client.TransparencyEntry>();
    expectTypeOf<PermitRecord>().toExtend<Client.PermitRecord>();
    expectTypeOf<AccessRequest>().toExtend<Client.AccessRequest>();
    expectTypeOf<Station>().toExtend<Client.HubStation>();
    expectTypeOf<CatalogueDataset>().toExtend<Client.CatalogueEntry>();
  });
});
