import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import { referenceCases } from '../../governance/classification/reference-cases.ts';
import { platformRecordsFixture } from '../../governance/documents/platform-records.fixture.ts';
import { readinessThemes } from '../../governance/readiness/readiness.ts';
import type { HubFixture } from './hub-fixture.ts';

const admission = referenceCases.find((c) => c.name.startsWith('One-year unplanned-admission'))!;

/** A second researcher in an organisation of its own, signed in. */
async function otherResearcher(f: HubFixture): Promise<string> {
  const admin = await f.token('admin');
  const stamp = `${Date.now()}-${Math.random().toString(36).slice(2, 8)}`;
  const org = await f.call('POST', '/api/organisations', admin, {
    name: `Governance lab ${stamp}`,
    kind: 'research',
  });
  const email = `dev-${stamp}@lab.example`;
  await f.call('POST', '/api/users', admin, {
    email,
    name: 'Other developer',
    organisationId: org.body.id,
    role: 'researcher',
    password: 'other-developer-pw',
  });
  return (await f.call('POST', '/api/auth/login', undefined, { email, password: 'other-developer-pw' })).body
    .token as string;
}

/**
 * AI governance through the hub API: models, AI systems, classification, documents and the register
 * entry, with every permission boundary. Runs inside the hub API suite (so its responses are checked
 * against the OpenAPI document, and its routes count as called).
 */
export function governanceApiCases(fixture: () => HubFixture, skipped: () => boolean) {
  it('registers models and AI systems, classifies them and generates their documents, each for whom it may', async ({
    skip: skipTest,
  }) => {
    if (skipped()) skipTest();
    const f = fixture();
    const dev = await f.token('researcher');
    const other = await otherResearcher(f);
    const reviewer = await f.token('reviewer');
    const auditor = await f.token('auditor');
    const steward = await f.token('steward1');

    // A model trained under a real permit; its validation is the result of a done `validation` run here
    // (the fixture's stand-in central half returns the station's output as the result). The training
    // cites no run: what this case tests does not depend on it.
    const a = await f.station('steward1', 'Governance A');
    const permitId = await f.permit([a.id], 'validation@2.0.0');
    const model = structuredClone(platformRecordsFixture().model);
    const run = await f.run(permitId, 'validation@2.0.0', {});
    expect(run.status).toBe(201);
    const task = (await f.poll(a.token)).tasks[0]!.task;
    expect((await f.answer(a.token, f.done(task.id, a.id, model.validations[0]!.result))).status).toBe(200);
    expect((await f.call('GET', `/api/runs/${run.body.id}`, dev)).body.status).toBe('done');
    model.id = `admission-${Date.now()}`;
    model.training.permitId = permitId;
    delete model.training.runId;
    model.validations[0]!.permitId = permitId;
    model.validations[0]!.runId = run.body.id;
    delete model.representativenessRunId;

    // A cited run at this hub must have produced the figures the record states.
    const sumPermit = await f.permit([a.id], 'sum@1.0.0');
    const sumRun = await f.run(sumPermit, 'sum@1.0.0', {});
    const notValidation = structuredClone(model);
    notValidation.validations[0]!.runId = sumRun.body.id;
    const wrongKind = await f.call('POST', '/api/governance/models', dev, notValidation);
    expect(wrongKind.status).toBe(400);
    expect(wrongKind.body.where).toBe('body.validations[0].runId');
    expect(wrongKind.body.message).toContain('not a validation run');
    const forged = structuredClone(model);
    forged.validations[0]!.result.pooled.auc = { estimate: 0.99, se: 0.001, lower: 0.988, upper: 0.992 };
    const forgedReply = await f.call('POST', '/api/governance/models', dev, forged);
    expect(forgedReply.status).toBe(400);
    expect(forgedReply.body.where).toBe('body.validations[0].runId');
    expect(forgedReply.body.message).toContain('is not the result of run');
    const othersRun = await f.call('POST', '/api/governance/models', other, {
      ...model,
      id: `${model.id}-o`,
      training: { ...model.training, permitId: 'permit-elsewhere' },
    });
    expect(othersRun.status).toBe(400);
    expect(othersRun.body.where).toBe('body.validations[0].runId');
    expect(othersRun.body.message).toContain('not a run you may read');

    // --- models ---
    expect((await f.call('POST', '/api/governance/models', undefined, model)).status).toBe(401);
    expect((await f.call('POST', '/api/governance/models', steward, model)).status).toBe(403);
    const badModel = await f.call('POST', '/api/governance/models', dev, { ...model, family: 'probit' });
    expect(badModel.status).toBe(400);
    expect(badModel.body.where).toBe('body.family');
    const broken = structuredClone(model);
    (broken.validations[0]!.result as unknown as { pooled: number }).pooled = 1;
    const brokenReply = await f.call('POST', '/api/governance/models', dev, broken);
    expect(brokenReply.status).toBe(400);
    expect(brokenReply.body.where).toBe('body.validations[0].result.pooled');
    const registered = await f.call('POST', '/api/governance/models', dev, model);
    expect(registered.status).toBe(201);
    expect(registered.body).toMatchObject({ id: model.id, validations: 1, trainingPermitId: permitId });
    expect((await f.call('POST', '/api/governance/models', dev, model)).status).toBe(409);
    expect(
      (await f.call('GET', '/api/governance/models', dev)).body.map((m: { id: string }) => m.id),
    ).toContain(model.id);
    expect((await f.call('GET', '/api/governance/models', other)).body).toEqual([]);
    expect((await f.call('GET', `/api/governance/models/${model.id}`, dev)).body.record.id).toBe(model.id);
    expect((await f.call('GET', `/api/governance/models/${model.id}`, other)).status).toBe(404);
    expect((await f.call('GET', `/api/governance/models/${model.id}`, auditor)).status).toBe(200);

    // --- AI systems ---
    const system = {
      name: 'Proactieve zorg: opnamerisico',
      version: '1.0.0',
      organisation: 'Research Lab',
      organisationRole: 'provider',
      intendedPurpose: 'Estimates the risk of an unplanned admission within a year to offer proactive care.',
      intendedUsers: 'general practitioners',
      setting: 'primary care',
      decisionInformed: 'whom to invite for proactive care',
      autonomy: 'recommends',
      modelIds: [model.id],
      answers: admission.answers,
    };
    expect((await f.call('POST', '/api/governance/systems', reviewer, system)).status).toBe(403);
    const badAnswer = await f.call('POST', '/api/governance/systems', dev, {
      ...system,
      answers: { ...system.answers, decisionImpact: 'mild' },
    });
    expect(badAnswer.status).toBe(400);
    expect(badAnswer.body.where).toBe('body.answers.decisionImpact');
    const noMonitor = await f.call('POST', '/api/governance/systems', dev, {
      ...system,
      monitorIds: ['mon_none'],
    });
    expect(noMonitor.status).toBe(400);
    expect(noMonitor.body.where).toBe('body.monitorIds[0]');
    const stolen = await f.call('POST', '/api/governance/systems', other, system);
    expect(stolen.status).toBe(400);
    expect(stolen.body.where).toBe('body.modelIds[0]');
    const created = await f.call('POST', '/api/governance/systems', dev, system);
    expect(created.status).toBe(201);
    const id = created.body.id as string;
    expect(created.body).toMatchObject({ revision: 1, modelIds: [model.id] });

    // Who sees it: the owner and the access body / auditors, nobody else.
    expect((await f.call('GET', '/api/governance/systems', other)).body).toEqual([]);
    expect((await f.call('GET', `/api/governance/systems/${id}`, other)).status).toBe(404);
    expect((await f.call('GET', `/api/governance/systems/${id}`, reviewer)).status).toBe(200);
    expect(
      (await f.call('GET', '/api/governance/systems', auditor)).body.map((s: { id: string }) => s.id),
    ).toContain(id);

    // Who edits it: only the owner; a stale revision is refused and nothing is lost.
    const edit = { ...system, version: '1.0.1', expectedRevision: 1 };
    expect((await f.call('POST', `/api/governance/systems/${id}`, other, edit)).status).toBe(404);
    expect((await f.call('POST', `/api/governance/systems/${id}`, reviewer, edit)).status).toBe(403);
    const edited = await f.call('POST', `/api/governance/systems/${id}`, dev, edit);
    expect(edited.status).toBe(200);
    expect(edited.body).toMatchObject({ revision: 2, version: '1.0.1' });
    const stale = await f.call('POST', `/api/governance/systems/${id}`, dev, { ...edit, version: '9' });
    expect(stale.status).toBe(409);
    expect((await f.call('GET', `/api/governance/systems/${id}`, dev)).body.version).toBe('1.0.1');

    // --- classification: only the owner classifies; versioned and audited ---
    expect((await f.call('GET', `/api/governance/systems/${id}/classification`, dev)).status).toBe(404);
    expect((await f.call('POST', `/api/governance/systems/${id}/classification`, other)).status).toBe(404);
    expect((await f.call('POST', `/api/governance/systems/${id}/classification`, reviewer)).status).toBe(403);
    const classified = await f.call('POST', `/api/governance/systems/${id}/classification`, dev);
    expect(classified.status).toBe(201);
    expect(classified.body).toMatchObject({
      systemRevision: 2,
      classification: { aiActClass: 'high-risk', aiActGround: 'annex-i', mdrClass: 'IIa', complete: true },
    });
    const history = await f.call('GET', `/api/governance/systems/${id}/classification`, reviewer);
    expect(history.body.latest.id).toBe(classified.body.id);
    expect(history.body.history).toHaveLength(1);
    const audit = await f.call('GET', '/api/audit?limit=20', auditor);
    expect(audit.body.map((e: { action: string }) => e.action)).toEqual(
      expect.arrayContaining([
        'ai-system.classified',
        'ai-system.updated',
        'ai-system.created',
        'model.registered',
      ]),
    );

    // --- the questionnaire walked with draft answers: the next question, nothing stored ---
    const preview = (token: string | undefined, body: unknown) =>
      f.call('POST', '/api/governance/classification/preview', token, body);
    expect((await preview(undefined, { answers: {}, organisationRole: 'provider' })).status).toBe(401);
    const first = await preview(reviewer, { answers: {}, organisationRole: 'provider' });
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ complete: false, mdrClass: null, aiActClass: null });
    expect(first.body.mdr.missing).toMatchObject({ fact: 'drivesHardwareDevice', answers: ['yes', 'no'] });
    expect(first.body.mdr.missing.citation).toContain('MDR');
    const step = await preview(dev, {
      answers: { drivesHardwareDevice: false },
      organisationRole: 'provider',
    });
    expect(step.body.mdr.path[0]).toMatchObject({ fact: 'drivesHardwareDevice', answer: 'no' });
    expect(step.body.mdr.path[0].reasoning.nl.length).toBeGreaterThan(0);
    const whole = await preview(dev, { answers: admission.answers, organisationRole: 'provider' });
    expect(whole.body).toMatchObject({ complete: true, aiActClass: 'high-risk', mdrClass: 'IIa' });
    const badPreview = await preview(dev, {
      answers: { decisionImpact: 'mild' },
      organisationRole: 'provider',
    });
    expect(badPreview.status).toBe(400);
    expect(badPreview.body.where).toBe('body.answers.decisionImpact');
    expect((await preview(dev, { answers: {}, organisationRole: 'owner' })).body.where).toBe(
      'body.organisationRole',
    );
    expect(
      (await f.call('GET', `/api/governance/systems/${id}/classification`, reviewer)).body.history,
    ).toHaveLength(1);

    // --- documents and register entry ---
    const annex = await f.call('GET', `/api/governance/systems/${id}/documents/annex-iv`, dev);
    expect(annex.status).toBe(200);
    expect(annex.body.document.items).toHaveLength(23);
    for (const s of ['2(d)', '2(g)', '3', '4'])
      expect(annex.body.document.items.find((i: { id: string }) => i.id === s).status, s).toBe('filled');
    expect(annex.body.markdown).toContain(`(/api/runs/${run.body.id})`);
    expect(annex.body.html).toContain('<!doctype html>');
    const tripod = await f.call('GET', `/api/governance/systems/${id}/documents/tripod-ai`, auditor);
    expect(tripod.status).toBe(200);
    expect(tripod.body.document.completeness.score).toBeGreaterThanOrEqual(0.8);
    expect((await f.call('GET', `/api/governance/systems/${id}/documents/annex-iv`, other)).status).toBe(404);
    const badKind = await f.call('GET', `/api/governance/systems/${id}/documents/annex-v`, dev);
    expect(badKind.status).toBe(400);
    expect(badKind.body.where).toBe('params.kind');
    expect(
      (await f.call('GET', `/api/governance/systems/${id}/documents/tripod-ai?model=not-linked`, dev)).body
        .where,
    ).toBe('query.model');
    const entry = await f.call('GET', `/api/governance/systems/${id}/register-entry`, dev);
    expect(entry.status).toBe(200);
    expect(entry.body.entry).toMatchObject({ publication_category: 'Hoog-risico AI-systeem', lang: 'nld' });
    expect((await f.call('GET', `/api/governance/systems/${id}/register-entry`, other)).status).toBe(404);

    // Published on the public transparency pages only when its owner says so; no run is cited there.
    const unpublished = (await f.call('GET', '/api/public/algorithm-register')).body;
    expect(unpublished.map((e: { systemId: string }) => e.systemId)).not.toContain(id);
    // An admin may not publish, change or classify another organisation's system, nor register its
    // model or build a system on it: a 403 naming the role and the organisation it needs.
    const admin = await f.token('admin');
    const devOrg = f.demo.users.researcher!.organisationId;
    const byAdmin = await f.call('POST', `/api/governance/systems/${id}`, admin, {
      ...edit,
      publishInRegister: true,
      expectedRevision: 2,
    });
    expect(byAdmin.status).toBe(403);
    expect(byAdmin.body.message).toContain(`researcher (AI developer) of organisation ${devOrg}`);
    expect(byAdmin.body.message).toContain('you are admin');
    expect((await f.call('POST', `/api/governance/systems/${id}/classification`, admin)).status).toBe(403);
    const adminModel = await f.call('POST', '/api/governance/models', admin, {
      ...model,
      id: `${model.id}-a`,
    });
    expect(adminModel.status).toBe(403);
    expect(adminModel.body.message).toContain('researcher (AI developer)');
    const adminSystem = await f.call('POST', '/api/governance/systems', admin, system);
    expect(adminSystem.status).toBe(403);
    expect((await f.call('GET', `/api/governance/systems/${id}`, dev)).body.publishInRegister).toBe(false);
    expect(
      (await f.call('GET', '/api/public/algorithm-register')).body.map(
        (e: { systemId: string }) => e.systemId,
      ),
    ).not.toContain(id);
    // A researcher of another organisation may not register a model trained under this one's permit.
    const foreign = await f.call('POST', '/api/governance/models', other, { ...model, id: `${model.id}-b` });
    expect(foreign.status).toBe(403);
    expect(foreign.body.where).toBe('body.training.permitId');
    expect(foreign.body.message).toContain(devOrg);
    const publish = await f.call('POST', `/api/governance/systems/${id}`, dev, {
      ...edit,
      publishInRegister: true,
      expectedRevision: 2,
    });
    expect(publish.status).toBe(200);
    const published = (await f.call('GET', '/api/public/algorithm-register')).body;
    const mine = published.find((e: { systemId: string }) => e.systemId === id);
    expect(mine.entry.publication_category).toBe('Hoog-risico AI-systeem');
    expect(JSON.stringify(mine.evidence)).not.toContain('"kind":"run"');
  });

  it('keeps sandbox dry runs with the access request, for its requester and the reviewer, marked synthetic', async ({
    skip: skipTest,
  }) => {
    if (skipped()) skipTest();
    const f = fixture();
    const dev = await f.token('researcher');
    const other = await otherResearcher(f);
    const a = await f.station('steward2', 'Sandbox A');
    const request = await f.call('POST', '/api/requests', dev, {
      purpose: 'ai-training',
      title: 'Admission risk model',
      description: 'Train and validate.',
      stations: [a.id],
      algorithms: [{ name: 'sum', version: '1.0.0' }],
      durationDays: 30,
      queryBudget: 10,
    });
    expect(request.status, JSON.stringify(request.body)).toBe(201);
    const run = {
      synthetic: true,
      algorithm: { name: 'sum', version: '1.0.0', hash: 'c'.repeat(64) },
      purpose: 'ai-training',
      outcome: 'failed',
      stage: 'run',
      message: 'features[3]: a binary feature has a level below the minimum cell count',
      stations: [
        {
          name: 'synthetic-Sandbox A',
          patients: 400,
          releasedPatients: 400,
          status: 'refused',
          reason: 'disclosure-risk',
          calibration: [{ code: '44054006', released: 0.15, twin: 0.135 }],
        },
      ],
      seconds: 12.5,
    };
    const body = { requestId: request.body.id, run };
    expect(
      (await f.call('POST', '/api/governance/sandbox-runs', await f.token('steward2'), body)).status,
    ).toBe(403);
    expect((await f.call('POST', '/api/governance/sandbox-runs', other, body)).status).toBe(404);
    const notSynthetic = await f.call('POST', '/api/governance/sandbox-runs', dev, {
      ...body,
      run: { ...run, synthetic: false },
    });
    expect(notSynthetic.status).toBe(400);
    expect(notSynthetic.body.where).toBe('body.run.synthetic');
    const stored = await f.call('POST', '/api/governance/sandbox-runs', dev, body);
    expect(stored.status).toBe(201);
    const seen = await f.call(
      'GET',
      `/api/governance/sandbox-runs?requestId=${request.body.id}`,
      await f.token('reviewer'),
    );
    expect(seen.status).toBe(200);
    expect(seen.body).toHaveLength(1);
    expect(seen.body[0].run).toMatchObject({ synthetic: true, outcome: 'failed', stage: 'run' });
    // What the requester's command reports is kept, but never shown as verified.
    expect(seen.body[0]).toMatchObject({ verified: false, executedBy: 'requester' });
    expect(
      (await f.call('GET', `/api/governance/sandbox-runs?requestId=${request.body.id}`, other)).status,
    ).toBe(404);
    // No real station was asked: the request has no permit and no run yet.
    expect((await f.call('GET', `/api/requests/${request.body.id}`, dev)).body.status).toBe('submitted');
  });

  it('runs sandbox dry runs at the hub, stores them verified with their hashes, and shows them in the review', async ({
    skip: skipTest,
  }) => {
    if (skipped()) skipTest();
    const f = fixture();
    const dev = await f.token('researcher');
    const other = await otherResearcher(f);
    const reviewer = await f.token('reviewer');
    const a = await f.station('steward3', 'Hub sandbox A');
    const request = await f.call('POST', '/api/requests', dev, {
      purpose: 'research',
      title: 'Feasibility of a diabetes study',
      description: 'Feasibility first.',
      stations: [a.id],
      algorithms: [{ name: 'cohort-feasibility', version: '1.0.0' }],
      durationDays: 30,
      queryBudget: 10,
    });
    expect(request.status, JSON.stringify(request.body)).toBe(201);
    const requestId = request.body.id as string;
    const cohort = JSON.parse(
      readFileSync(new URL('../../../examples/cohorts/t2d-poor-control.json', import.meta.url), 'utf8'),
    );
    const body = {
      requestId,
      algorithm: { name: 'cohort-feasibility', version: '1.0.0' },
      input: { cohort },
      maxPatients: 50,
    };
    const url = '/api/governance/sandbox-runs/execute';
    expect((await f.call('POST', url, undefined, body)).status).toBe(401);
    expect((await f.call('POST', url, await f.token('steward1'), body)).status).toBe(403);
    expect((await f.call('POST', url, other, body)).status).toBe(404);
    const notOfRequest = await f.call('POST', url, dev, {
      ...body,
      algorithm: { name: 'glm', version: '1.0.0' },
    });
    expect(notOfRequest.status).toBe(400);
    expect(notOfRequest.body.where).toBe('body.algorithm');
    const tooBig = await f.call('POST', url, dev, { ...body, maxPatients: 10_000_000 });
    expect(tooBig.status).toBe(400);
    expect(tooBig.body.where).toBe('body.maxPatients');

    const good = await f.call('POST', url, dev, body);
    expect(good.status, JSON.stringify(good.body)).toBe(201);
    expect(good.body).toMatchObject({ verified: true, executedBy: 'hub', requestId });
    expect(good.body.run).toMatchObject({ synthetic: true, outcome: 'passed' });
    expect(good.body.algorithmHash).toMatch(/^[0-9a-f]{64}$/);
    expect(good.body.algorithmHash).toBe(good.body.run.algorithm.hash);
    expect(good.body.inputsHash).toMatch(/^[0-9a-f]{64}$/);
    const bad = await f.call('POST', url, dev, { ...body, input: { cohort: { name: 'no entry' } } });
    expect(bad.status).toBe(201);
    expect(bad.body.run).toMatchObject({ outcome: 'failed', stage: 'input' });
    expect(bad.body.inputsHash).not.toBe(good.body.inputsHash);
    // A forged "passed" reported by the requester stays unverified next to the hub's own runs.
    await f.call('POST', '/api/governance/sandbox-runs', dev, { requestId, run: { ...good.body.run } });

    const review = await f.call('GET', `/api/requests/${requestId}`, reviewer);
    expect(review.status).toBe(200);
    expect(review.body.dryRuns).toHaveLength(3);
    const summary = review.body.dryRuns.map(
      (d: { verified: boolean; outcome: string }) => `${d.verified ? 'verified' : 'unverified'} ${d.outcome}`,
    );
    expect(summary.sort()).toEqual(['unverified passed', 'verified failed', 'verified passed']);
    expect(review.body.dryRuns.find((d: { id: string }) => d.id === good.body.id)).toMatchObject({
      algorithm: 'cohort-feasibility@1.0.0',
      executedBy: 'hub',
      algorithmHash: good.body.algorithmHash,
      inputsHash: good.body.inputsHash,
    });
    const audit = await f.call('GET', '/api/audit?limit=50', await f.token('auditor'));
    expect(
      audit.body.filter(
        (e: { action: string; subject?: string }) =>
          e.action === 'sandbox.dry-run.executed' && e.subject === requestId,
      ),
    ).toHaveLength(2);
  }, 240_000);

  it('keeps each organisation’s AI-readiness self-assessment its own, and compares with the network without names', async ({
    skip: skipTest,
  }) => {
    if (skipped()) skipTest();
    const f = fixture();
    const themes = await f.call('GET', '/api/public/readiness/themes');
    expect(themes.status).toBe(200);
    expect(themes.body.themes).toHaveLength(9);
    const answers = (v: number) =>
      Object.fromEntries(readinessThemes.themes.flatMap((t) => t.questions.map((q) => [q.id, v])));
    const s1 = await f.token('steward1');
    expect(
      (await f.call('POST', '/api/governance/readiness', undefined, { answers: answers(2) })).status,
    ).toBe(401);
    expect(
      (await f.call('POST', '/api/governance/readiness', await f.token('auditor'), { answers: answers(2) }))
        .status,
    ).toBe(403);
    const { 'security.fallback': _, ...missing } = answers(2);
    const bad = await f.call('POST', '/api/governance/readiness', s1, { answers: missing });
    expect(bad.status).toBe(400);
    expect(bad.body.where).toBe('body.answers.security.fallback');
    const outOfScale = await f.call('POST', '/api/governance/readiness', s1, {
      answers: { ...answers(2), 'security.fallback': 7 },
    });
    expect(outOfScale.status).toBe(400);

    const first = await f.call('POST', '/api/governance/readiness', s1, {
      answers: { ...answers(3), 'validation.local-validation': 0, 'validation.monitoring': 1 },
      shareName: true,
    });
    expect(first.status).toBe(201);
    expect(first.body.assessment.nextSteps.map((n: { theme: string }) => n.theme)).toEqual(['validation']);
    expect(first.body.network.themes[0].median).toBeNull(); // one organisation: nothing to compare without revealing it
    const second = await f.call('POST', '/api/governance/readiness', await f.token('steward2'), {
      answers: answers(1),
    });
    expect(second.status, JSON.stringify(second.body)).toBe(201);
    const third = await f.call('POST', '/api/governance/readiness', await f.token('steward3'), {
      answers: answers(4),
    });
    expect(third.status, JSON.stringify(third.body)).toBe(201);
    const mine = await f.call('GET', '/api/governance/readiness', s1);
    expect(mine.body.network.organisations).toBeGreaterThanOrEqual(3);
    expect(mine.body.network.themes[0].mean).not.toBeNull();
    expect(mine.body.network.takenAt).not.toBeNull();
    // The median is one organisation's own score at three: withheld until six.
    if (mine.body.network.organisations < mine.body.network.medianFrom)
      expect(mine.body.network.themes[0].median).toBeNull();
    // A resubmission alone does not move the comparison (it moves in steps of three organisations).
    f.advance(1000); // the newer assessment is the later one (the latest per organisation is by time)
    await f.call('POST', '/api/governance/readiness', await f.token('steward3'), { answers: answers(0) });
    const after = await f.call('GET', '/api/governance/readiness', s1);
    if (mine.body.network.pending + 1 < after.body.network.snapshotStep) {
      expect(after.body.network.themes).toEqual(mine.body.network.themes);
      expect(after.body.network.pending).toBe(mine.body.network.pending + 1);
    } else {
      // A database shared with earlier suites may hold other pending assessments: then this one
      // completes a step of three, and a new snapshot takes them all.
      expect(after.body.network.pending).toBe(0);
    }
    expect(mine.body.participants).toHaveLength(1);
    const org1 = f.demo.users.steward1!.organisationId;
    expect(
      (await f.call('GET', `/api/governance/readiness?organisationId=${org1}`, await f.token('steward2')))
        .status,
    ).toBe(404);
    expect(
      (await f.call('GET', `/api/governance/readiness?organisationId=${org1}`, await f.token('reviewer')))
        .status,
    ).toBe(200);
    expect((await f.call('GET', '/api/governance/readiness', await f.token('auditor'))).status).toBe(404);
  });

  it('shows the landscape publicly with coverage and white spots; the access body adds initiatives', async ({
    skip: skipTest,
  }) => {
    if (skipped()) skipTest();
    const f = fixture();
    const before = await f.call('GET', '/api/public/landscape');
    expect(before.status).toBe(200);
    expect(before.body.initiatives.every((i: { example: boolean }) => i.example)).toBe(true);
    expect(before.body.whiteSpots).toContainEqual({ domain: 'mental-health', phase: 2 });
    const initiative = {
      name: 'Triage-ondersteuning GGZ-crisisdienst',
      kind: 'use-case',
      region: 'Utrecht',
      domain: 'mental-health',
      phase: 2,
      organisations: ['GGZ Centraal'],
      description: 'Pilot van een triagemodel bij de crisisdienst.',
      source: 'opgave van de organisatie',
    };
    expect(
      (await f.call('POST', '/api/governance/landscape', await f.token('researcher'), initiative)).status,
    ).toBe(403);
    const bad = await f.call('POST', '/api/governance/landscape', await f.token('reviewer'), {
      ...initiative,
      region: 'Atlantis',
    });
    expect(bad.status).toBe(400);
    expect(bad.body.where).toBe('body.region');
    const added = await f.call('POST', '/api/governance/landscape', await f.token('reviewer'), initiative);
    expect(added.status).toBe(201);
    expect(added.body.example).toBe(false);
    const after = (await f.call('GET', '/api/public/landscape')).body;
    expect(after.whiteSpots).not.toContainEqual({ domain: 'mental-health', phase: 2 });
    expect(
      after.regions.find((r: { region: string }) => r.region === 'Utrecht').count,
    ).toBeGreaterThanOrEqual(1);
  });

  it('matches care needs with AI solutions, with the reasons and the solution’s classification', async ({
    skip: skipTest,
  }) => {
    if (skipped()) skipTest();
    const f = fixture();
    const dev = await f.token('researcher');
    const other = await otherResearcher(f);
    const need = {
      problem: 'Frail elderly with diabetes end up in the ED; we want to find them early.',
      domain: 'primary-care',
      volume: 4000,
      conditionCodes: ['44054006'],
    };
    expect((await f.call('POST', '/api/governance/needs', dev, need)).status).toBe(403);
    const posted = await f.call('POST', '/api/governance/needs', await f.token('steward2'), need);
    expect(posted.status).toBe(201);
    expect(posted.body.organisationId).toBe(f.demo.users.steward2!.organisationId);
    const system = await f.call('POST', '/api/governance/systems', dev, {
      name: 'Opnamerisico',
      version: '1.0.0',
      organisation: 'Research Lab',
      organisationRole: 'provider',
      intendedPurpose: 'Risk of unplanned admission for proactive GP care.',
      intendedUsers: 'GPs',
      setting: 'primary care',
      decisionInformed: 'whom to invite',
      autonomy: 'recommends',
      answers: admission.answers,
    });
    await f.call('POST', `/api/governance/systems/${system.body.id}/classification`, dev);
    const solution = {
      name: 'Opnamerisico huisartsenzorg',
      intendedUse: 'Find patients at risk of an unplanned admission.',
      domain: 'primary-care',
      conditionCodes: ['44054006'],
      dataNeeded: ['44054006'],
      evidence: 'external-validation',
      aiSystemId: system.body.id,
    };
    const stolen = await f.call('POST', '/api/governance/solutions', other, solution);
    expect(stolen.status).toBe(400);
    expect(stolen.body.where).toBe('body.aiSystemId');
    expect((await f.call('POST', '/api/governance/solutions', dev, solution)).status).toBe(201);
    expect((await f.call('GET', '/api/governance/solutions', other)).body.length).toBeGreaterThanOrEqual(1);
    expect((await f.call('GET', '/api/governance/needs', other)).body.length).toBeGreaterThanOrEqual(1);
    const matches = await f.call('GET', `/api/governance/needs/${posted.body.id}/matches`, other);
    expect(matches.status).toBe(200);
    const m = matches.body.find((x: { solution: { name: string } }) => x.solution.name === solution.name);
    expect(m).toMatchObject({ aiActClass: 'high-risk', mdrClass: 'IIa' });
    expect(m.reasons).toEqual(
      expect.arrayContaining(['same care domain (primary-care)', 'shared conditions: 44054006']),
    );
    expect((await f.call('GET', '/api/governance/needs/no-such/matches', other)).status).toBe(404);
  });

  it('routes ELSA questions to experts and publishes their answers anonymised as searchable guidance', async ({
    skip: skipTest,
  }) => {
    if (skipped()) skipTest();
    const f = fixture();
    const dev = await f.token('researcher');
    const expert = await otherResearcher(f);
    const expertId = (await f.call('GET', '/api/me', expert)).body.id as string;
    const asked = await f.call('POST', '/api/governance/elsa/questions', dev, {
      question:
        'Mogen wij pseudonieme EPD-gegevens van ons ziekenhuis zonder toestemming gebruiken om een model te trainen?',
      tags: ['AVG', 'toestemming'],
    });
    expect(asked.status).toBe(201);
    expect(asked.body).toMatchObject({ status: 'open', askedByMe: true, published: false });
    const tooShort = await f.call('POST', '/api/governance/elsa/questions', dev, { question: 'Mag dit?' });
    expect(tooShort.status).toBe(400);
    expect(tooShort.body.where).toBe('body.question');
    // Not yet an expert: sees only its own questions and may not answer.
    expect((await f.call('GET', '/api/governance/elsa/questions', expert)).body).toEqual([]);
    const answer = {
      answer: 'Secundair gebruik vraagt een grondslag en een vergunning van de toegangsautoriteit (EHDS); …',
      publish: true,
      publishedQuestion:
        'Mag een zorgaanbieder pseudonieme zorggegevens zonder toestemming gebruiken om een AI-model te trainen?',
    };
    expect(
      (await f.call('POST', `/api/governance/elsa/questions/${asked.body.id}/answer`, expert, answer)).status,
    ).toBe(403);
    expect(
      (await f.call('POST', '/api/governance/elsa/experts', await f.token('steward1'), { userId: expertId }))
        .status,
    ).toBe(403);
    expect(
      (await f.call('POST', '/api/governance/elsa/experts', await f.token('admin'), { userId: 'usr_none' }))
        .status,
    ).toBe(404);
    expect(
      (await f.call('POST', '/api/governance/elsa/experts', await f.token('admin'), { userId: expertId }))
        .status,
    ).toBe(201);
    const queue = (await f.call('GET', '/api/governance/elsa/questions', expert)).body;
    const seen = queue.find((q: { id: string }) => q.id === asked.body.id);
    expect(seen).toMatchObject({ askedByMe: false, status: 'open' });
    expect(JSON.stringify(seen)).not.toContain(f.demo.users.researcher!.email);
    expect(
      (await f.call('POST', '/api/governance/elsa/questions/elsa_none/answer', expert, answer)).status,
    ).toBe(404);
    const answered = await f.call(
      'POST',
      `/api/governance/elsa/questions/${asked.body.id}/answer`,
      expert,
      answer,
    );
    expect(answered.status).toBe(200);
    expect(answered.body).toMatchObject({ status: 'answered', published: true });
    expect((await f.call('GET', '/api/governance/elsa/questions', dev)).body[0].answer).toBe(answer.answer);
    const guidance = await f.call('GET', '/api/public/elsa/guidance?q=toestemming&tag=avg');
    expect(guidance.status).toBe(200);
    const g = guidance.body.find((x: { id: string }) => x.id === asked.body.id);
    expect(g.question).toBe(answer.publishedQuestion);
    expect(Object.keys(g).sort()).toEqual(['answer', 'answeredAt', 'id', 'question', 'tags']);
    expect((await f.call('GET', '/api/public/elsa/guidance?q=kernfusie')).body).toEqual([]);

    // Admins count as experts and read the audit log: the asker is named nowhere in what they see.
    const admin = await f.token('admin');
    const askerId = (await f.call('GET', '/api/me', dev)).body.id as string;
    const log = await f.call('GET', '/api/audit?limit=500', admin);
    expect(log.status).toBe(200);
    const entries = log.body.filter((e: { subject?: string }) => e.subject === asked.body.id);
    expect(entries.map((e: { action: string }) => e.action)).toEqual(['elsa.answered', 'elsa.asked']);
    expect(entries.find((e: { action: string }) => e.action === 'elsa.asked').actor).toBe('elsa-asker');
    expect(JSON.stringify(entries)).not.toContain(askerId);
    const adminQueue = (await f.call('GET', '/api/governance/elsa/questions', admin)).body;
    const adminSeen = adminQueue.find((q: { id: string }) => q.id === asked.body.id);
    expect(adminSeen.askedByMe).toBe(false);
    expect(JSON.stringify(adminSeen)).not.toContain(askerId);
    expect(JSON.stringify(adminSeen)).not.toContain(f.demo.users.researcher!.email);
  });
}
