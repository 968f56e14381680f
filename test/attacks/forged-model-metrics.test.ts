import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { referenceCases } from '../../src/governance/classification/reference-cases.ts';
import { platformRecordsFixture } from '../../src/governance/documents/platform-records.fixture.ts';
import { openPgliteHubDb } from '../../src/hub/db/pglite-hub-db.ts';
import type { HubDb } from '../../src/hub/index.ts';
import { type HubFixture, startHubFixture } from '../../src/hub/test/hub-fixture.ts';

/**
 * The model registry took a model record as its developer sent it: the validation results in it were
 * checked for shape, not against the run they cite. A developer cited any run of theirs (here a `sum`
 * run, not a validation) and wrote the AUC they liked; the AI system's Annex IV documents and the public
 * algorithm register then stated that AUC as the platform's ("Validatie bij … stations: AUC 0.990").
 *
 * What must hold: a metric the hub publishes as validated on the platform is the result of the
 * validation run the record cites (that run's algorithm is `validation`, it is done, and its result is
 * the one in the record). A run id that is not at this hub is accepted, but its figures are stated
 * nowhere public as verified.
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

  it('the hub refuses validation results that are not the result of the run the record cites', async () => {
    const dev = await f.token('researcher');
    const a = await f.station('steward1', 'Forgery A');
    const permitId = await f.permit([a.id], 'sum@1.0.0');
    const run = await f.run(permitId, 'sum@1.0.0', {});
    expect(run.status).toBe(201);
    const model = structuredClone(platformRecordsFixture().model);
    model.id = `forged-${Date.now()}`;
    delete model.training.runId;
    model.training.permitId = permitId;
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
    expect(registered.body.where).toBe('body.validations[0].runId');
  });

  it('a record citing a run that is not at this hub is accepted, but its figures are not stated as verified', async () => {
    const dev = await f.token('researcher');
    const a = await f.station('steward1', 'Forgery B');
    const permitId = await f.permit([a.id], 'sum@1.0.0');
    const model = structuredClone(platformRecordsFixture().model);
    model.id = `elsewhere-${Date.now()}`;
    model.training.permitId = permitId;
    delete model.training.runId;
    model.validations[0]!.permitId = permitId;
    model.validations[0]!.runId = 'run_at_another_hub';
    model.validations[0]!.result.pooled.auc = { estimate: 0.99, se: 0.001, lower: 0.988, upper: 0.992 };
    model.representativenessRunId = 'run_repr_at_another_hub';
    expect((await f.call('POST', '/api/governance/models', dev, model)).status).toBe(201);
    const system = await f.call('POST', '/api/governance/systems', dev, {
      name: 'Opnamerisico elders',
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
    const id = system.body.id as string;
    const register = (await f.call('GET', '/api/public/algorithm-register')).body as { systemId: string }[];
    const entry = register.find((e) => e.systemId === id);
    expect(entry).toBeDefined();
    expect(JSON.stringify(entry)).not.toMatch(/AUC 0\.99/);
    const own = await f.call('GET', `/api/governance/systems/${id}/register-entry`, dev);
    expect(JSON.stringify(own.body)).not.toMatch(/AUC 0\.99/);
    for (const kind of ['annex-iv', 'tripod-ai']) {
      const doc = await f.call('GET', `/api/governance/systems/${id}/documents/${kind}`, dev);
      expect(doc.status).toBe(200);
      expect(doc.body.markdown).not.toMatch(/0\.99/);
      expect(doc.body.markdown).not.toContain('run_at_another_hub');
      expect(doc.body.markdown).not.toContain('run_repr_at_another_hub');
    }
    const annex = await f.call('GET', `/api/governance/systems/${id}/documents/annex-iv`, dev);
    const validation = annex.body.document.items.find((i: { id: string }) => i.id === '2(g)');
    expect(validation.status).toBe('to-complete');
    expect(validation.needed).toContain('validation');
  });
});
