import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { referenceCases } from '../../src/governance/classification/reference-cases.ts';
import { platformRecordsFixture } from '../../src/governance/documents/platform-records.fixture.ts';
import { openPgliteHubDb } from '../../src/hub/db/pglite-hub-db.ts';
import type { HubDb } from '../../src/hub/index.ts';
import { type HubFixture, startHubFixture } from '../../src/hub/test/hub-fixture.ts';

/**
 * The model registry takes a model record as its developer sends it: the validation results in it are
 * checked for shape, not against the run they cite. A developer cites any run of theirs (here a `sum`
 * run, not a validation) and writes the AUC they like; the AI system's Annex IV documents and the public
 * algorithm register then state that AUC as the platform's ("Validatie bij … stations: AUC 0.990").
 *
 * What must hold: a metric the hub publishes as validated on the platform is the result of the
 * validation run the record cites (that run's algorithm is `validation`, it is done, and its result —
 * or its result digest — is the one in the record). A fix: on registration, fetch each cited run the
 * developer may read and refuse the record when the algorithm or the result digest differs (or copy the
 * results from the runs instead of taking them from the record).
 */
const admission = referenceCases.find((c) => c.name.startsWith('One-year unplanned-admission'))!;

describe('attack: a model record with a made-up validation AUC', () => {
  let db: HubDb;
  let f: HubFixture;
  beforeAll(async () => {
    db = await openPgliteHubDb();
    f = await startHubFixture(db, { maxWaitSeconds: 0 });
  }, 120_000);
  afterAll(async () => {
    await f?.close();
    await db?.close();
  });

  // Recorded, not fixed: the record is accepted and the public register shows the made-up AUC.
  it.fails('the hub refuses validation results that are not the result of the run the record cites', async () => {
    const dev = await f.token('researcher');
    const a = await f.station('steward1', 'Forgery A');
    const permitId = await f.permit([a.id], 'sum@1.0.0');
    const run = await f.run(permitId, 'sum@1.0.0', {});
    expect(run.status).toBe(201);
    const model = structuredClone(platformRecordsFixture().model);
    model.id = `forged-${Date.now()}`;
    model.training.permitId = permitId;
    model.training.runId = run.body.id;
    model.validations[0]!.permitId = permitId;
    model.validations[0]!.runId = run.body.id;
    model.validations[0]!.result.pooled.auc = { estimate: 0.99, se: 0.001, lower: 0.988, upper: 0.992 };
    delete model.representativenessRunId;

    const registered = await f.call('POST', '/api/governance/models', dev, model);
    if (registered.status === 201) {
      const system = await f.call('POST', '/api/governance/systems', dev, {
        name: 'Opnamerisico',
        version: '1.0.0',
        organisation: 'Research Lab',
        organisationRole: 'provider',
        intendedPurpose: 'Estimates the risk of an unplanned admission within a year.',
        intendedUsers: 'general practitioners',
        setting: 'primary care',
        decisionInformed: 'whom to invite for proactive care',
        autonomy: 'recommends',
        modelIds: [model.id],
        answers: admission.answers,
        publishInRegister: true,
      });
      expect(system.status).toBe(201);
      const register = (await f.call('GET', '/api/public/algorithm-register')).body as {
        systemId: string;
      }[];
      const entry = register.find((e) => e.systemId === system.body.id);
      // The made-up figure as the public reads it.
      expect(JSON.stringify(entry)).not.toMatch(/AUC 0\.99/);
    }
    expect(registered.status).toBe(400);
  });
});
