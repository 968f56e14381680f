import SwaggerParser from '@apidevtools/swagger-parser';
import jsonld from 'jsonld';
import { Parser } from 'n3';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CatalogueDataset } from '../../api/catalogue-schemas.ts';
import { hubApi } from '../../api/hub-api.ts';
import { errorStatuses } from '../../api/openapi-document.ts';
import { parseCohort } from '../../cohort/cohort-definition.ts';
import { signAuditHead, verifyAuditHead } from '../../protocol/audit-head-signature.ts';
import { type PollResponse, TaskEnvelopeSchema } from '../../protocol/messages.ts';
import { digestJson, generateSigningKeys, keyIdOf, verifyJson } from '../../protocol/signing.ts';
import type { HubDb, HubQueryable } from '../db/hub-db.ts';
import { migrate, migrations } from '../db/migrations.ts';
import { createHubApp, type HubApp } from '../http/hub-app.ts';
import { centralHalvesOf } from '../tasks/central-halves.ts';
import { checkResponses, routesNotSeen } from './contract-check.ts';
import { governanceApiCases } from './governance-api.case.ts';
import { type HubFixture, type StationKeys, startHubFixture, testAlgorithms } from './hub-fixture.ts';
import { hybridCareApiCases } from './hybrid-care-api.case.ts';
import { monitorApiCases } from './monitor-api.case.ts';
import { stewardApiCases } from './steward-api.case.ts';

/**
 * The hub's behaviour through its HTTP API, run against every HubDb implementation (PGlite and
 * PostgreSQL). One hub per file; each test makes its own stations and permits, so tests do not interfere.
 */
export function hubApiSuite(
  label: string,
  open: () => Promise<{ db: HubDb; cleanup(): Promise<void> } | undefined>,
) {
  describe(`hub API on ${label}`, () => {
    let f: HubFixture;
    let cleanup: (() => Promise<void>) | undefined;
    let skip = false;

    beforeAll(async () => {
      const opened = await open();
      if (!opened) {
        skip = true;
        return;
      }
      cleanup = opened.cleanup;
      f = await startHubFixture(opened.db);
    }, 180_000);
    afterAll(async () => {
      if (!skip) await f.close();
      await cleanup?.();
    });

    it('applies migrations once and records them', async ({ skip: skipTest }) => {
      if (skip) skipTest();
      expect(await migrate(f.db)).toEqual([]);
      const rows = await f.db.query<{ version: number }>(
        'select version from schema_migrations order by version',
      );
      expect(rows.map((r) => r.version)).toEqual(migrations.map((m) => m.version));
      expect((await f.call('GET', '/api/health')).body).toEqual({ ok: true });
    });

    it('signs in with email and password and rejects bad input naming the field', async ({
      skip: skipTest,
    }) => {
      if (skip) skipTest();
      const u = f.demo.users.researcher!;
      const ok = await f.call('POST', '/api/auth/login', undefined, { email: u.email, password: u.password });
      expect(ok.status).toBe(200);
      expect(ok.body.user.role).toBe('researcher');
      const me = await f.call('GET', '/api/me', ok.body.token);
      expect(me.body.email).toBe(u.email);
      const wrong = await f.call('POST', '/api/auth/login', undefined, { email: u.email, password: 'nope' });
      expect(wrong.status).toBe(401);
      expect(wrong.body.error).toBe('unauthenticated');
      const bad = await f.call('POST', '/api/auth/login', undefined, {
        email: 'not-an-email',
        password: 'x',
      });
      expect(bad.status).toBe(400);
      expect(bad.body).toMatchObject({ error: 'badInput', where: 'body.email' });
      const nested = await f.call('POST', '/api/requests', await f.token('researcher'), {
        purpose: 'research',
        title: 'A study',
        description: 'd',
        stations: [''],
        algorithms: [{ name: 'sum', version: '1.0.0' }],
        durationDays: 1,
        queryBudget: 1,
      });
      expect(nested.status).toBe(400);
      expect(nested.body.where).toBe('body.stations[0]');
      const several = await f.call('POST', '/api/requests', await f.token('researcher'), {
        purpose: 'research',
        title: 'A',
        stations: ['s', ''],
        algorithms: [],
        durationDays: 0,
        queryBudget: 1,
      });
      expect(several.status).toBe(400);
      expect(several.body.details.issues.map((i: { path: string }) => i.path)).toEqual([
        'body.title',
        'body.description',
        'body.stations[1]',
        'body.algorithms',
        'body.durationDays',
      ]);
      expect(several.body.message).toMatch(/\(and 4 more\)$/);
    });

    it('locks an account after 5 failed sign-ins: 429 with Retry-After, audited', async ({
      skip: skipTest,
    }) => {
      if (skip) skipTest();
      const email = `nobody-${Date.now()}@example.org`;
      for (let i = 0; i < 5; i++) {
        const r = await f.call('POST', '/api/auth/login', undefined, { email, password: `guess-${i}` });
        expect(r.status).toBe(401);
      }
      const locked = await f.hub.inject({
        method: 'POST',
        url: '/api/auth/login',
        payload: { email, password: 'x' },
      });
      expect(locked.statusCode).toBe(429);
      expect(locked.headers['retry-after']).toBe('900');
      expect(locked.json()).toMatchObject({
        error: 'tooManyRequests',
        where: 'body.email',
        details: { retryAfterSeconds: 900 },
      });
      const audit = await f.call('GET', '/api/audit', await f.token('auditor'));
      expect(audit.body.map((e: { action: string }) => e.action)).toContain('auth.login-locked');
    });

    it('refuses requests without a token, with an expired or unknown token, and with the wrong role', async ({
      skip: skipTest,
    }) => {
      if (skip) skipTest();
      expect((await f.call('GET', '/api/stations')).status).toBe(401);
      expect((await f.call('GET', '/api/stations', 'garbage.token.here')).status).toBe(401);
      expect((await f.call('GET', '/api/stations', 'ai4h_u_unknown')).status).toBe(401);
      const token = await f.token('researcher');
      expect((await f.call('GET', '/api/stations', token)).status).toBe(200);
      f.advance(16 * 60_000);
      const expired = await f.call('GET', '/api/stations', token);
      expect(expired.status).toBe(401);
      expect(expired.body.message).toMatch(/expired/);
      const researcher = await f.token('researcher');
      const cases: [string, 'GET' | 'POST', string, unknown][] = [
        ['researcher', 'POST', '/api/organisations', { name: 'X', kind: 'care' }],
        ['researcher', 'GET', '/api/audit', undefined],
        ['researcher', 'GET', '/api/audit/verify', undefined],
        ['steward1', 'POST', '/api/requests', undefined],
        ['researcher', 'POST', '/api/requests/req_x/decision', { approve: true, note: 'self-approval' }],
        [
          'reviewer',
          'POST',
          '/api/runs',
          { permitId: 'p', algorithm: { name: 'a', version: '1' }, input: {} },
        ],
        ['auditor', 'POST', '/api/permits/p/revoke', { reason: 'r' }],
        ['researcher', 'POST', '/api/stations', { name: 's', organisationId: 'o', publicKeyPem: 'k' }],
      ];
      for (const [who, method, url, payload] of cases) {
        const r = await f.call(
          method,
          url,
          who === 'researcher' ? researcher : await f.token(who),
          payload ?? {},
        );
        expect([who, url, r.status]).toEqual([who, url, 403]);
      }
    });

    it('lets a steward register stations only for their own organisation', async ({ skip: skipTest }) => {
      if (skip) skipTest();
      const other = f.demo.users.steward2!.organisationId;
      const r = await f.call('POST', '/api/stations', await f.token('steward1'), {
        name: 'Not mine',
        organisationId: other,
        publicKeyPem: 'irrelevant',
      });
      expect(r.status).toBe(403);
      expect(r.body.where).toBe('organisationId');
      const notEd = await f.call('POST', '/api/stations', await f.token('steward1'), {
        name: 'Bad key',
        organisationId: f.demo.users.steward1!.organisationId,
        publicKeyPem: 'not a pem',
      });
      expect(notEd.status).toBe(400);
      expect(notEd.body.where).toBe('publicKeyPem');
    });

    it('keeps stations and users apart: station tokens only on station endpoints and vice versa', async ({
      skip: skipTest,
    }) => {
      if (skip) skipTest();
      const s = await f.station('steward1', 'Separation');
      expect((await f.call('GET', '/api/requests', s.token)).status).toBe(403);
      const userOnStation = await f.call('POST', '/api/station/heartbeat', await f.token('steward1'), {
        dataVersion: 'v1',
        version: '0.1.0',
      });
      expect(userOnStation.status).toBe(403);
    });

    it('accepts API tokens for scripts and stores only their hash', async ({ skip: skipTest }) => {
      if (skip) skipTest();
      const created = await f.call('POST', '/api/auth/tokens', await f.token('auditor'), {
        label: 'nightly check',
      });
      expect(created.body.token).toMatch(/^ai4h_u_/);
      f.advance(60 * 60_000);
      expect((await f.call('GET', '/api/audit/verify', created.body.token)).status).toBe(200);
      const stored = await f.db.query<{ token_hash: string }>(
        'select token_hash from api_tokens where id = $1',
        [created.body.id],
      );
      expect(stored[0]!.token_hash).not.toContain(created.body.token);
    });

    it('gives API tokens an expiry, lists them, and refuses a revoked one at its next request', async ({
      skip: skipTest,
    }) => {
      if (skip) skipTest();
      const session = await f.token('researcher');
      const created = await f.call('POST', '/api/auth/tokens', session, { label: 'nightly export' });
      expect(created.status).toBe(200);
      expect(Date.parse(created.body.expiresAt) - f.now().getTime()).toBe(30 * 86_400_000);
      const tooLong = await f.call('POST', '/api/auth/tokens', session, { label: 'x', expiresInDays: 91 });
      expect(tooLong).toMatchObject({ status: 400, body: { where: 'body.expiresInDays' } });
      // A token cannot mint the next one: its lifetime is bounded by the session that made it.
      const chained = await f.call('POST', '/api/auth/tokens', created.body.token, { label: 'forever' });
      expect(chained.status).toBe(403);

      const mine = await f.call('GET', '/api/auth/tokens', created.body.token);
      expect(mine.status).toBe(200);
      expect(mine.body[0]).toMatchObject({ id: created.body.id, label: 'nightly export', status: 'active' });
      expect(JSON.stringify(mine.body)).not.toContain(created.body.token);
      expect((await f.call('GET', '/api/auth/tokens?all=true', session)).status).toBe(403);
      const everyone = await f.call('GET', '/api/auth/tokens?all=true', await f.token('admin'));
      expect(everyone.body.map((t: { id: string }) => t.id)).toContain(created.body.id);

      // Another user cannot revoke it (nor learn that it exists); its owner can, with the token itself.
      const other = await f.call(
        'POST',
        `/api/auth/tokens/${created.body.id}/revoke`,
        await f.token('reviewer'),
      );
      expect(other.status).toBe(404);
      expect((await f.call('GET', '/api/me', created.body.token)).status).toBe(200);
      const revoked = await f.call('POST', `/api/auth/tokens/${created.body.id}/revoke`, created.body.token);
      expect(revoked.status).toBe(200);
      expect(revoked.body).toMatchObject({
        id: created.body.id,
        status: 'revoked',
        revokedAt: f.now().toISOString(),
      });
      const refused = await f.call('GET', '/api/me', created.body.token);
      expect(refused).toMatchObject({
        status: 401,
        body: { message: 'unknown, revoked or expired API token' },
      });
      const listed = await f.call('GET', '/api/auth/tokens', session);
      expect(listed.body.find((t: { id: string }) => t.id === created.body.id).status).toBe('revoked');
      const audit = await f.call('GET', '/api/audit', await f.token('auditor'));
      expect(audit.body.map((e: { action: string }) => e.action)).toContain('auth.api-token-revoked');

      // A day-long token is refused after its day.
      const short = await f.call('POST', '/api/auth/tokens', session, { label: 'one day', expiresInDays: 1 });
      expect((await f.call('GET', '/api/me', short.body.token)).status).toBe(200);
      f.advance(86_400_000 + 60_000);
      expect((await f.call('GET', '/api/me', short.body.token)).status).toBe(401);
      const after = await f.call('GET', '/api/auth/tokens', await f.token('researcher'));
      expect(after.body.find((t: { id: string }) => t.id === short.body.id).status).toBe('expired');
    });

    it('shows a station online after a heartbeat and offline when it falls silent', async ({
      skip: skipTest,
    }) => {
      if (skip) skipTest();
      const s = await f.station('steward2', 'Heartbeat');
      const list = async () =>
        (
          (await f.call('GET', '/api/stations', await f.token('researcher'))).body as {
            id: string;
            status: string;
            dataVersion?: string;
          }[]
        ).find((x) => x.id === s.id);
      expect((await list())!.status).toBe('offline');
      const hb = await f.call('POST', '/api/station/heartbeat', s.token, {
        dataVersion: 'snap-7',
        version: '0.1.0',
      });
      expect(hb.status).toBe(200);
      expect(await list()).toMatchObject({ status: 'online', dataVersion: 'snap-7' });
      f.advance(5 * 60_000);
      expect((await list())!.status).toBe('offline');
    });

    it('publishes datasets, searches them, and exports HealthDCAT-AP as JSON-LD and Turtle', async ({
      skip: skipTest,
    }) => {
      if (skip) skipTest();
      const s = await f.station('steward3', 'Catalogue');
      const pub = await f.call('POST', '/api/station/datasets', s.token, {
        identifier: 'ehr-2025',
        title: 'Zorggroep Zuid EHR extract',
        description: 'Primary care records of frail elderly',
        keywords: ['kwetsbare ouderen', 'huisarts'],
        contactPoint: { name: 'Data desk', email: 'data@zuid.example' },
        publisherDetails: {
          identifier: 'zuid.example',
          email: 'info@zuid.example',
          homepage: 'https://zuid.example/',
        },
        codingSystems: ['http://snomed.info/sct', 'http://loinc.org'],
        profile: {
          numberOfRecords: 120_000,
          numberOfUniqueIndividuals: 7,
          minTypicalAge: 65,
          maxTypicalAge: 99,
          resourceCounts: { condition: 5000 },
          codes: [{ system: 'http://snomed.info/sct', code: '44054006', count: 300 }],
        },
      });
      expect(pub.status).toBe(200);
      // Without the organisation's details the entry could not be a valid catalogue entry: refused.
      const incomplete = await f.call('POST', '/api/station/datasets', s.token, {
        identifier: 'ehr-incomplete',
        title: 'No publisher details',
        description: 'x',
        keywords: ['x'],
        contactPoint: { name: 'Data desk', email: 'data@zuid.example' },
      });
      expect(incomplete.status).toBe(400);
      expect(JSON.stringify(incomplete.body)).toContain('publisherDetails');
      const byText = await f.call('GET', '/api/catalogue?q=FRAIL');
      expect(byText.body.map((d: { id: string }) => d.id)).toContain(pub.body.id);
      expect((await f.call('GET', '/api/catalogue?code=44054006')).body).toHaveLength(1);
      expect((await f.call('GET', '/api/catalogue?code=1234')).body).toHaveLength(0);
      expect((await f.call('GET', '/api/catalogue?type=Condition')).body).toHaveLength(1);
      expect((await f.call('GET', '/api/catalogue?q=%25')).body).toHaveLength(0);
      const one = await f.call('GET', `/api/catalogue/datasets/${pub.body.id}`);
      expect(one.body).toMatchObject({ id: pub.body.id, stationId: s.id, themes: ['HEAL'] });
      expect((await f.call('GET', '/api/catalogue/datasets/ds_none')).status).toBe(404);

      const ld = await f.call('GET', '/api/catalogue/dcat.jsonld?code=44054006');
      expect(ld.status).toBe(200);
      const expanded = (await jsonld.expand(ld.body)) as Record<string, unknown>[];
      const ds = expanded.find((n) =>
        (n['@type'] as string[]).includes('http://www.w3.org/ns/dcat#Dataset'),
      )!;
      for (const p of [
        'http://purl.org/dc/terms/title',
        'http://purl.org/dc/terms/description',
        'http://purl.org/dc/terms/identifier',
        'http://www.w3.org/ns/dcat#keyword',
        'http://www.w3.org/ns/dcat#theme',
        'http://purl.org/dc/terms/publisher',
        'http://purl.org/dc/terms/creator',
        'http://www.w3.org/ns/dcat#contactPoint',
        'http://purl.org/dc/terms/accessRights',
        'http://data.europa.eu/r5r/applicableLegislation',
        'http://healthdataportal.eu/ns/health#numberOfRecords',
        'http://healthdataportal.eu/ns/health#minTypicalAge',
        'http://healthdataportal.eu/ns/health#maxTypicalAge',
        'http://healthdataportal.eu/ns/health#hasCodingSystem',
      ]) {
        expect(ds, p).toHaveProperty([p]);
      }
      // 7 individuals is a small number: omitted, never shown.
      expect(ds).not.toHaveProperty(['http://healthdataportal.eu/ns/health#numberOfUniqueIndividuals']);

      const ttl = await f.call('GET', '/api/catalogue/dcat.ttl?code=44054006');
      expect(ttl.status).toBe(200);
      const quads = new Parser().parse(ttl.body as string);
      const preds = new Set(quads.map((q) => q.predicate.value));
      expect(preds).toContain('http://data.europa.eu/r5r/applicableLegislation');
      expect(preds).toContain('http://healthdataportal.eu/ns/health#numberOfRecords');
      expect(preds).not.toContain('http://healthdataportal.eu/ns/health#numberOfUniqueIndividuals');
    });

    it("publishes a station's datasets only under its own identity, and shows who vouches for each", async ({
      skip: skipTest,
    }) => {
      if (skip) skipTest();
      const owner = await f.station('steward1', 'Identity owner');
      const rogue = await f.station('steward2', 'Identity rogue');
      const metadata = (identifier: string, title: string, publisherId = 'identity-owner.example') => ({
        identifier,
        title,
        description: 'Hospital records',
        keywords: ['ziekenhuis'],
        contactPoint: { name: 'Desk', email: 'desk@identity.example' },
        publisherDetails: {
          identifier: publisherId,
          email: 'info@x.example',
          homepage: 'https://x.example/',
        },
      });
      const pub = (s: { token: string }, body: unknown) =>
        f.call('POST', '/api/station/datasets', s.token, body);
      const own = await pub(owner, metadata('identity-ehr', 'Identity Hospital EHR'));
      expect(own.status).toBe(200);
      const refusals = [
        [metadata('identity-ehr', 'Something else', 'rogue.example'), 'body.identifier'],
        [metadata(`${owner.id}/identity-ehr`, 'Something else', 'rogue.example'), 'body.identifier'],
        [metadata('rogue-ehr', '  identity HOSPITAL   ehr ', 'rogue.example'), 'body.title'],
        [metadata('rogue-ehr', 'Rogue EHR', 'identity-owner.example'), 'body.publisherDetails.identifier'],
      ] as const;
      for (const [body, where] of refusals) {
        const r = await pub(rogue, body);
        expect(r.status, where).toBe(403);
        expect(r.body).toMatchObject({ error: 'forbidden', where });
      }
      // In its own namespace, under its own title and organisation, the rogue station may publish.
      const fair = await pub(rogue, metadata(`${rogue.id}/rogue-ehr`, 'Rogue EHR', 'rogue.example'));
      expect(fair.status).toBe(200);
      // The owner republishes its own entry: the same entry, updated.
      const again = await pub(owner, metadata('identity-ehr', 'Identity Hospital EHR (2025)'));
      expect(again.body.id).toBe(own.body.id);

      const found = (await f.call('GET', '/api/catalogue?q=identity')).body as CatalogueDataset[];
      expect(found.map((d) => [d.qualifiedIdentifier, d.vouchedBy.stationId])).toEqual([
        [`${owner.id}/identity-ehr`, owner.id],
      ]);
      expect(found[0]!.vouchedBy).toMatchObject({ stationName: 'Identity owner' });
      const rogueEntry = await f.call('GET', `/api/catalogue/datasets/${fair.body.id}`);
      expect(rogueEntry.body).toMatchObject({
        identifier: 'rogue-ehr',
        qualifiedIdentifier: `${rogue.id}/rogue-ehr`,
        vouchedBy: { stationId: rogue.id, stationName: 'Identity rogue' },
      });
      const audit = await f.call('GET', '/api/audit?limit=1000', await f.token('auditor'));
      const refused = (audit.body as { actor: string; action: string }[]).filter(
        (e) => e.action === 'dataset.refused' && e.actor === `station:${rogue.id}`,
      );
      expect(refused).toHaveLength(refusals.length);
    });

    it('finds datasets by ICD-10 and ATC code or prefix, and by SNOMED CT and LOINC code exactly', async ({
      skip: skipTest,
    }) => {
      if (skip) skipTest();
      const s = await f.station('steward2', 'Coded');
      const pub = await f.call('POST', '/api/station/datasets', s.token, {
        identifier: 'coded-2025',
        title: 'Coded extract',
        description: 'Diagnoses, labs and medication',
        keywords: ['coded'],
        contactPoint: { name: 'Data desk', email: 'data@coded.example' },
        publisherDetails: {
          identifier: 'coded.example',
          email: 'info@coded.example',
          homepage: 'https://coded.example/',
        },
        profile: {
          codes: [
            { system: 'http://snomed.info/sct', code: '73211009', count: 300 },
            { system: 'http://hl7.org/fhir/sid/icd-10', code: 'E10.9', count: 200 },
            { system: 'http://loinc.org', code: '4548-4', count: 900 },
            { system: 'http://www.whocc.no/atc', code: 'A10AB05', count: 150 },
          ],
        },
      });
      expect(pub.status).toBe(200);
      const found = async (code: string) =>
        ((await f.call('GET', `/api/catalogue?code=${encodeURIComponent(code)}`)).body as { id: string }[])
          .map((d) => d.id)
          .includes(pub.body.id);
      for (const code of ['E10.9', 'E10', 'e109', 'E1', '73211009', '4548-4', 'A10AB05', 'A10A', 'A10'])
        expect(await found(code), code).toBe(true);
      for (const code of ['E11', 'E10.65', '7321', '4548', 'A10B', '.', '%', 'E1_'])
        expect(await found(code), code).toBe(false);
    });

    it('runs a single-round analysis end to end: request, permit, signed tasks, results, provenance', async ({
      skip: skipTest,
    }) => {
      if (skip) skipTest();
      const a = await f.station('steward1', 'Flow A');
      const b = await f.station('steward2', 'Flow B');
      const permitId = await f.permit([a.id, b.id], 'sum@1.0.0');
      const researcher = await f.token('researcher');
      const run = await f.run(permitId, 'sum@1.0.0', { cohort: 'all' });
      expect(run.status).toBe(201);
      expect(run.body.rounds[0].stations.map((s: { status: string }) => s.status)).toEqual([
        'pending',
        'pending',
      ]);

      const key = (await f.call('GET', '/api/hub/key')).body;
      const pa = await f.poll(a.token);
      expect(pa.tasks).toHaveLength(1);
      const env = TaskEnvelopeSchema.parse(pa.tasks[0]);
      expect(env.keyId).toBe(key.keyId);
      expect(verifyJson(env.task, env.signature, key.publicKeyPem)).toBe(true);
      expect(env.task).toMatchObject({ stationId: a.id, round: 0, input: { cohort: 'all' } });
      expect(env.task.algorithm.hash).toBe('a'.repeat(64));
      expect((await f.poll(a.token)).tasks).toHaveLength(0);

      expect((await f.answer(a.token, f.done(env.task.id, a.id, { n: 40 }))).status).toBe(200);
      const mid = await f.call('GET', `/api/runs/${run.body.id}`, researcher);
      expect(mid.body.status).toBe('running');
      const pb = await f.poll(b.token);
      expect((await f.answer(b.token, f.done(pb.tasks[0]!.task.id, b.id, { n: 2 }))).status).toBe(200);

      const end = await f.call('GET', `/api/runs/${run.body.id}`, researcher);
      expect(end.body).toMatchObject({ status: 'done', result: { total: 42 } });
      expect(end.body.provenance.permitId).toBe(permitId);
      expect(end.body.provenance.algorithm).toEqual({ name: 'sum', version: '1.0.0', hash: 'a'.repeat(64) });
      expect(end.body.provenance.answered.map((x: { stationId: string }) => x.stationId).sort()).toEqual(
        [a.id, b.id].sort(),
      );
      expect(end.body.provenance.answered[0].dataVersion).toBe('v1');

      // Another researcher's view: the transparency register shows it, the run itself is private.
      const pub = await f.call('GET', '/api/public/transparency');
      const entry = pub.body.find((p: { permitId: string }) => p.permitId === permitId);
      expect(entry).toMatchObject({
        purpose: 'research',
        status: 'active',
        holderOrganisation: 'Onderzoeksinstituut Zorg-AI',
      });
      expect(entry.runs[0]).toMatchObject({ status: 'done', result: { total: 42 }, stationsAnswered: 2 });
      expect(JSON.stringify(pub.body)).not.toContain('@');

      const audit = await f.call('GET', `/api/audit?permitId=${permitId}`, await f.token('auditor'));
      const actions = audit.body.map((e: { action: string }) => e.action);
      for (const a2 of [
        'request.approved',
        'permit.issued',
        'run.created',
        'task.issued',
        'task.done',
        'run.done',
      ]) {
        expect(actions).toContain(a2);
      }
      expect(audit.body.find((e: { action: string }) => e.action === 'run.done').resultDigest).toBe(
        end.body.resultDigest,
      );
      expect((await f.call('GET', '/api/audit/verify', await f.token('auditor'))).body.ok).toBe(true);
    });

    it('checks every result against its task: station, digest, and only one answer', async ({
      skip: skipTest,
    }) => {
      if (skip) skipTest();
      const a = await f.station('steward1', 'Checks A');
      const b = await f.station('steward1', 'Checks B');
      const permitId = await f.permit([a.id], 'sum@1.0.0');
      await f.run(permitId, 'sum@1.0.0', {});
      const task = (await f.poll(a.token)).tasks[0]!.task;
      expect((await f.answer(b.token, f.done(task.id, b.id, { n: 1 }))).status).toBe(403);
      expect((await f.answer(b.token, f.done(task.id, a.id, { n: 1 }))).status).toBe(403);
      const tampered = { ...f.done(task.id, a.id, { n: 1 }), output: { n: 2 } };
      const bad = await f.answer(a.token, tampered);
      expect(bad.status).toBe(400);
      expect(bad.body.where).toBe('digest');
      expect((await f.answer(a.token, f.done(task.id, a.id, { n: 1 }))).status).toBe(200);
      expect((await f.answer(a.token, f.done('tsk_none', a.id, { n: 1 }))).status).toBe(404);
    });

    it('accepts an answer once: the same answer again is acknowledged, another one is refused with 409', async ({
      skip: skipTest,
    }) => {
      if (skip) skipTest();
      const a = await f.station('steward1', 'Once A');
      const b = await f.station('steward2', 'Once B');
      const permitId = await f.permit([a.id, b.id], 'sum@1.0.0');
      const researcher = await f.token('researcher');
      const run = await f.run(permitId, 'sum@1.0.0', {});
      const ta = (await f.poll(a.token)).tasks[0]!.task;
      const first = await f.answer(a.token, f.done(ta.id, a.id, { n: 5 }));
      expect(first).toMatchObject({ status: 200, body: { accepted: true } });
      expect(first.body.duplicate).toBeUndefined();
      // The acknowledgement was lost on the way: the station sends the same answer again.
      const again = await f.answer(a.token, f.done(ta.id, a.id, { n: 5 }));
      expect(again).toMatchObject({ status: 200, body: { accepted: true, duplicate: true } });
      const other = await f.answer(a.token, f.done(ta.id, a.id, { n: 6 }));
      expect(other.status).toBe(409);
      expect(other.body).toMatchObject({ error: 'conflict', where: 'taskId' });
      expect(other.body.message).toMatch(/already answered \(done\) with another result/);
      const refusal = await f.answer(a.token, {
        status: 'refused',
        taskId: ta.id,
        stationId: a.id,
        reason: 'disclosure-risk',
        message: 'no',
      });
      expect(refusal.status).toBe(409);
      const tb = (await f.poll(b.token)).tasks[0]!.task;
      await f.answer(b.token, f.done(tb.id, b.id, { n: 7 }));
      await f.answer(b.token, f.done(tb.id, b.id, { n: 7 }));
      const end = (await f.call('GET', `/api/runs/${run.body.id}`, researcher)).body;
      // Each station's partial counted once.
      expect(end).toMatchObject({ status: 'done', result: { total: 12 } });
      const audit = await f.call('GET', `/api/audit?permitId=${permitId}`, await f.token('auditor'));
      const done = audit.body.filter((e: { action: string }) => e.action === 'task.done');
      expect(done).toHaveLength(2);
    });

    it("keeps each station's latest signed audit head and refuses, and flags, a forged, backward or forked one", async ({
      skip: skipTest,
    }) => {
      if (skip) skipTest();
      const a = await f.station('steward1', 'Heads A');
      const other = await f.station('steward1', 'Heads other');
      const hash = (n: number) => digestJson({ entry: n });
      const head = (entries: number, h = hash(entries), keys = a.keys) =>
        signAuditHead(
          { kind: 'station-audit-head', entries, hash: h, signedAt: f.now().toISOString() },
          keys,
        );
      const beat = (auditHead: unknown, token = a.token) =>
        f.call('POST', '/api/station/heartbeat', token, { dataVersion: 'v1', version: '0.1.0', auditHead });
      const held = async () => (await f.call('GET', '/api/station/audit-head', a.token)).body;

      expect(await held()).toEqual({});
      expect((await beat(head(3))).body).toMatchObject({ ok: true, auditHead: { accepted: true } });
      expect((await held()).head).toEqual(head(3));
      expect((await beat(head(3))).body.auditHead).toEqual({ accepted: true });

      // Without the station's key: another station's key, or the hub's own kind of head.
      const forged = await beat(head(4, hash(4), other.keys));
      expect(forged.status).toBe(200);
      expect(forged.body.auditHead).toMatchObject({
        accepted: false,
        problem: expect.stringMatching(/signature/),
      });
      const tampered = { ...head(4), head: { ...head(4).head, entries: 40 } };
      expect((await beat(tampered)).body.auditHead.accepted).toBe(false);
      const hubKind = signAuditHead(
        { kind: 'hub-audit-head', entries: 5, hash: hash(5), signedAt: f.now().toISOString() },
        a.keys,
      );
      expect((await beat(hubKind)).body.auditHead.accepted).toBe(false);
      expect((await held()).head).toEqual(head(3));

      const back = (await beat(head(2))).body.auditHead;
      expect(back).toEqual({ accepted: false, problem: 'the head goes back from entry 3 to entry 2' });
      const fork = (await beat(head(3, hash(99)))).body.auditHead;
      expect(fork.problem).toMatch(/forks the chain at entry 3/);
      expect((await held()).head).toEqual(head(3));
      expect((await held()).flag).toMatchObject({ problem: fork.problem });
      const listed = (await f.call('GET', '/api/stations', await f.token('steward1'))).body.find(
        (s: { id: string }) => s.id === a.id,
      );
      expect(listed).toMatchObject({ auditHead: { entries: 3 }, auditFlag: { problem: fork.problem } });
      const audit = await f.call('GET', '/api/audit?limit=50', await f.token('auditor'));
      const refused = audit.body.filter(
        (e: { action: string; subject: string }) =>
          e.action === 'station.audit-head-refused' && e.subject === a.id,
      );
      expect(refused).toHaveLength(5);

      // A head that extends the chain moves on, also when it comes with a result.
      const permitId = await f.permit([a.id], 'sum@1.0.0');
      await f.run(permitId, 'sum@1.0.0', {});
      const task = (await f.poll(a.token)).tasks[0]!.task;
      const answered = await f.answer(a.token, {
        ...f.done(task.id, a.id, { n: 1 }),
        auditHead: head(5),
      } as never);
      expect(answered.body).toEqual({ accepted: true, auditHead: { accepted: true } });
      expect((await held()).head).toEqual(head(5));

      const malformed = await beat({ ...head(6), head: { ...head(6).head, hash: 'not-hex' } });
      expect(malformed.status).toBe(400);
      expect(malformed.body.where).toBe('body.auditHead.head.hash');
    });

    it("registers a station's key later; heads signed with it must still extend what the hub holds", async ({
      skip: skipTest,
    }) => {
      if (skip) skipTest();
      const a = await f.station('steward1', 'Key later A');
      const head = (entries: number, keys: StationKeys) =>
        signAuditHead(
          {
            kind: 'station-audit-head',
            entries,
            hash: digestJson({ entries }),
            signedAt: f.now().toISOString(),
          },
          keys,
        );
      const beat = (auditHead: unknown) =>
        f.call('POST', '/api/station/heartbeat', a.token, { dataVersion: 'v1', version: '0.1.0', auditHead });
      expect((await beat(head(4, a.keys))).body.auditHead.accepted).toBe(true);
      const generated = generateSigningKeys();
      const next = { ...generated, keyId: keyIdOf(generated.publicKeyPem) };
      const url = `/api/stations/${a.id}/key`;
      expect(
        (await f.call('POST', url, await f.token('steward2'), { publicKeyPem: next.publicKeyPem })).status,
      ).toBe(404);
      const bad = await f.call('POST', url, await f.token('steward1'), { publicKeyPem: 'not a key' });
      expect(bad).toMatchObject({ status: 400, body: { where: 'publicKeyPem' } });
      const ok = await f.call('POST', url, await f.token('steward1'), { publicKeyPem: next.publicKeyPem });
      expect(ok).toMatchObject({ status: 200, body: { id: a.id, keyId: next.keyId } });
      expect((await beat(head(5, a.keys))).body.auditHead.accepted).toBe(false);
      expect((await beat(head(3, next))).body.auditHead.accepted).toBe(false);
      expect((await beat(head(5, next))).body.auditHead.accepted).toBe(true);
    });

    it('rotates, revokes and renews station tokens, each for whom it may', async ({ skip: skipTest }) => {
      if (skip) skipTest();
      const a = await f.station('steward1', 'Token A');
      const s1 = await f.token('steward1');
      expect((await f.call('POST', `/api/stations/${a.id}/token`, await f.token('steward2'))).status).toBe(
        404,
      );
      expect((await f.call('POST', `/api/stations/${a.id}/token`, await f.token('researcher'))).status).toBe(
        403,
      );
      expect((await f.call('POST', `/api/stations/${a.id}/token`, undefined)).status).toBe(401);
      expect((await f.call('POST', '/api/stations/stn_none/token', s1)).status).toBe(404);
      const beat = await f.call('POST', '/api/station/heartbeat', a.token, {
        dataVersion: 'v1',
        version: '0.1.0',
      });
      expect(Date.parse(beat.body.tokenExpiresAt)).toBeGreaterThan(f.now().getTime());
      const renewed = await f.call('POST', '/api/station/token', a.token);
      expect(renewed.status).toBe(200);
      expect(renewed.body.stationId).toBe(a.id);
      expect((await f.call('GET', '/api/station/tasks?wait=0', a.token)).status).toBe(401);
      expect((await f.call('POST', '/api/station/token', s1)).status).toBe(403);
      const rotated = await f.call('POST', `/api/stations/${a.id}/token`, s1);
      expect(rotated.status).toBe(200);
      expect((await f.call('GET', '/api/station/tasks?wait=0', renewed.body.token)).status).toBe(401);
      expect((await f.call('GET', '/api/station/tasks?wait=0', rotated.body.token)).status).toBe(200);
      expect(
        (await f.call('POST', `/api/stations/${a.id}/token/revoke`, await f.token('steward2'))).status,
      ).toBe(404);
      const revoked = await f.call('POST', `/api/stations/${a.id}/token/revoke`, s1);
      expect(revoked.status).toBe(200);
      expect(revoked.body.stationId).toBe(a.id);
      expect((await f.call('GET', '/api/station/tasks?wait=0', rotated.body.token)).status).toBe(401);
      const listed = (await f.call('GET', '/api/stations', s1)).body.find(
        (s: { id: string }) => s.id === a.id,
      );
      expect(listed.token).toMatchObject({ status: 'revoked', revokedAt: revoked.body.revokedAt });
    });

    it("publishes the head of the hub's own audit chain, signed with the hub's key", async ({
      skip: skipTest,
    }) => {
      if (skip) skipTest();
      const key = (await f.call('GET', '/api/hub/key')).body;
      const signed = (await f.call('GET', '/api/public/audit-head')).body;
      expect(signed.head.kind).toBe('hub-audit-head');
      expect(verifyAuditHead(signed, key.publicKeyPem)).toBe(true);
      const newest = (await f.call('GET', '/api/audit?limit=1', await f.token('auditor'))).body[0];
      expect(signed.head).toMatchObject({ entries: newest.seq, hash: newest.hash });
      expect(verifyAuditHead({ ...signed, head: { ...signed.head, entries: 1 } }, key.publicKeyPem)).toBe(
        false,
      );
    });

    it('delivers a task again when its station polls again without having answered it', async ({
      skip: skipTest,
    }) => {
      if (skip) skipTest();
      const a = await f.station('steward1', 'Redelivery A');
      const permitId = await f.permit([a.id], 'sum@1.0.0');
      const researcher = await f.token('researcher');
      const run = await f.run(permitId, 'sum@1.0.0', {});
      const handed = (await f.poll(a.token)).tasks[0]!.task;
      // A poll of the same moment (still being answered) does not get it a second time.
      expect((await f.poll(a.token)).tasks).toHaveLength(0);
      // The station died with the task in hand and polls again after its restart: the task comes back.
      f.advance(1000);
      const again = (await f.poll(a.token)).tasks;
      expect(again.map((t) => t.task.id)).toEqual([handed.id]);
      expect(again[0]!.task).toEqual(handed);
      expect((await f.answer(a.token, f.done(handed.id, a.id, { n: 9 }))).status).toBe(200);
      f.advance(1000);
      // Answered: never handed out again.
      expect((await f.poll(a.token)).tasks).toHaveLength(0);
      const end = (await f.call('GET', `/api/runs/${run.body.id}`, researcher)).body;
      expect(end).toMatchObject({ status: 'done', result: { total: 9 } });
      const audit = await f.call('GET', `/api/audit?permitId=${permitId}`, await f.token('auditor'));
      const redelivered = audit.body.filter((e: { action: string }) => e.action === 'task.redelivered');
      expect(redelivered.map((e: { subject: string }) => e.subject)).toEqual([handed.id]);
      expect((await f.call('GET', '/api/audit/verify', await f.token('auditor'))).body.ok).toBe(true);
    });

    it('runs several rounds until the central half is done', async ({ skip: skipTest }) => {
      if (skip) skipTest();
      const a = await f.station('steward1', 'Rounds A');
      const b = await f.station('steward3', 'Rounds B');
      const permitId = await f.permit([a.id, b.id], 'rounds@1.0.0');
      const researcher = await f.token('researcher');
      const run = await f.run(permitId, 'rounds@1.0.0', { acc: 0 });
      for (let round = 0; round < 3; round++) {
        for (const s of [a, b]) {
          const { tasks } = await f.poll(s.token);
          expect(tasks.map((t) => t.task.round)).toEqual([round]);
          await f.answer(s.token, f.done(tasks[0]!.task.id, s.id, { n: 1 }));
        }
      }
      const end = await f.call('GET', `/api/runs/${run.body.id}`, researcher);
      expect(end.body).toMatchObject({ status: 'done', round: 2, result: { acc: 6, rounds: 3 } });
      expect(end.body.rounds).toHaveLength(3);
      expect(end.body.input).toEqual({ acc: 0 });
    });

    it('records refusals and timeouts per station and combines what did arrive', async ({
      skip: skipTest,
    }) => {
      if (skip) skipTest();
      const a = await f.station('steward1', 'Mixed A');
      const b = await f.station('steward2', 'Mixed B');
      const c = await f.station('steward3', 'Mixed C');
      const permitId = await f.permit([a.id, b.id, c.id], 'sum@1.0.0');
      const researcher = await f.token('researcher');
      const run = await f.run(permitId, 'sum@1.0.0', {});
      const ta = (await f.poll(a.token)).tasks[0]!.task;
      const tb = (await f.poll(b.token)).tasks[0]!.task;
      await f.answer(a.token, f.done(ta.id, a.id, { n: 5 }));
      await f.answer(b.token, {
        status: 'refused',
        taskId: tb.id,
        stationId: b.id,
        reason: 'algorithm-not-accepted',
        message: 'not on the accepted list',
      });
      expect((await f.call('GET', `/api/runs/${run.body.id}`, researcher)).body.status).toBe('running');
      expect(await f.hub.sweep()).toBe(0);
      f.advance(11 * 60_000);
      expect(await f.hub.sweep()).toBe(1);
      const end = (await f.call('GET', `/api/runs/${run.body.id}`, await f.token('researcher'))).body;
      expect(end).toMatchObject({ status: 'done', result: { total: 5 } });
      const byStation = Object.fromEntries(
        end.rounds[0].stations.map((s: { stationId: string; status: string }) => [s.stationId, s.status]),
      );
      expect(byStation).toEqual({ [a.id]: 'done', [b.id]: 'refused', [c.id]: 'timed-out' });
      expect(end.provenance.missing).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ stationId: b.id, status: 'refused', reason: 'algorithm-not-accepted' }),
          expect.objectContaining({ stationId: c.id, status: 'timed-out' }),
        ]),
      );
      // The silent station comes back: its task is gone (timed out), nothing to do.
      expect((await f.poll(c.token)).tasks).toHaveLength(0);
    });

    it('fails a run when no station answers or the central half throws', async ({ skip: skipTest }) => {
      if (skip) skipTest();
      const a = await f.station('steward1', 'Fail A');
      const p1 = await f.permit([a.id], 'broken@1.0.0');
      const researcher = await f.token('researcher');
      const run = await f.run(p1, 'broken@1.0.0', {});
      const t = (await f.poll(a.token)).tasks[0]!.task;
      await f.answer(a.token, f.done(t.id, a.id, { n: 1 }));
      const end = (await f.call('GET', `/api/runs/${run.body.id}`, researcher)).body;
      expect(end.status).toBe('failed');
      expect(end.error).toMatch(/central half failed/);
      expect(end.error).not.toMatch(/boom/);
      // A result that is not JSON fails the run too (it left the run running for good).
      const p2 = await f.permit([a.id], 'not-json@1.0.0');
      const nan = await f.run(p2, 'not-json@1.0.0', {});
      const t2 = (await f.poll(a.token)).tasks[0]!.task;
      await f.answer(a.token, f.done(t2.id, a.id, { n: 1 }));
      const failed = (await f.call('GET', `/api/runs/${nan.body.id}`, researcher)).body;
      expect(failed.status).toBe('failed');
      expect(failed.error).toMatch(/not JSON/);
    });

    it('enforces the permit: holder only, algorithm in permit, query budget', async ({ skip: skipTest }) => {
      if (skip) skipTest();
      const a = await f.station('steward1', 'Permit A');
      const permitId = await f.permit([a.id], 'sum@1.0.0', 1);
      const researcher = await f.token('researcher');
      const body = { permitId, algorithm: { name: 'sum', version: '1.0.0' }, input: {} };
      const notInPermit = await f.call('POST', '/api/runs', researcher, {
        ...body,
        algorithm: { name: 'rounds', version: '1.0.0' },
      });
      expect(notInPermit.status).toBe(403);
      expect(notInPermit.body).toMatchObject({
        where: 'algorithm',
        details: { reason: 'algorithm-not-in-permit' },
      });
      expect((await f.call('POST', '/api/runs', researcher, { ...body, permitId: 'pmt_none' })).status).toBe(
        404,
      );
      expect((await f.call('POST', '/api/runs', researcher, body)).status).toBe(201);
      const over = await f.call('POST', '/api/runs', researcher, body);
      expect(over.status).toBe(403);
      expect(over.body).toMatchObject({ details: { reason: 'budget-exhausted' }, where: 'permitId' });
      expect(over.body.message).toMatch(/budget/);
      // A steward is not the holder.
      expect((await f.call('POST', '/api/runs', await f.token('steward1'), body)).status).toBe(403);
      // Requests and permits are private to their researcher.
      const permits = await f.call('GET', '/api/permits', await f.token('steward1'));
      expect(permits.body).toEqual([]);
    });

    it('fails a run whose query budget runs out between rounds', async ({ skip: skipTest }) => {
      if (skip) skipTest();
      const a = await f.station('steward1', 'Budget rounds A');
      const researcher = await f.token('researcher');
      const run = await f.run(await f.permit([a.id], 'rounds@1.0.0', 1), 'rounds@1.0.0', { acc: 0 });
      const t = (await f.poll(a.token)).tasks[0]!.task;
      expect((await f.answer(a.token, f.done(t.id, a.id, { n: 1 }))).status).toBe(200);
      const end = (await f.call('GET', `/api/runs/${run.body.id}`, researcher)).body;
      expect(end).toMatchObject({
        status: 'failed',
        round: 0,
        error: 'the query budget ran out before round 1',
      });
      expect((await f.poll(a.token)).tasks).toHaveLength(0);
    });

    it('answers a database error while issuing the next round with a 500 and a log line, and loses nothing', async ({
      skip: skipTest,
    }) => {
      if (skip) skipTest();
      const a = await f.station('steward1', 'Broken database A');
      const researcher = await f.token('researcher');
      const run = await f.run(await f.permit([a.id], 'rounds@1.0.0'), 'rounds@1.0.0', { acc: 0 });
      const t = (await f.poll(a.token)).tasks[0]!.task;
      // The same database, except that storing a later round's tasks fails as a lost connection would.
      const failing = (q: HubQueryable): HubQueryable => ({
        query: (sql, params) =>
          sql.includes('insert into tasks') && params?.[1] === 1
            ? Promise.reject(new Error('connection terminated unexpectedly'))
            : q.query(sql, params),
      });
      const db = f.db;
      const broken: HubDb = {
        kind: db.kind,
        query: (sql, params) => db.query(sql, params),
        transaction: (fn) => db.transaction((tx) => fn(failing(tx))),
        exec: (sql) => db.exec(sql),
        close: async () => {},
      };
      const lines: string[] = [];
      const logger = pino({ level: 'error' }, { write: (line: string) => lines.push(line) });
      const second = await createHubApp({
        db: broken,
        logger,
        now: f.now,
        centralHalves: centralHalvesOf(testAlgorithms),
        sweepIntervalMs: 0,
      });
      try {
        const res = await second.inject({
          method: 'POST',
          url: '/api/station/results',
          headers: { authorization: `Bearer ${a.token}` },
          payload: f.done(t.id, a.id, { n: 1 }),
        });
        expect(res.statusCode).toBe(500);
        expect(res.json()).toEqual({ error: 'internal', message: 'internal server error', where: null });
        expect(lines.join('')).toContain('connection terminated unexpectedly');
      } finally {
        await second.close();
      }
      const during = (await f.call('GET', `/api/runs/${run.body.id}`, researcher)).body;
      expect(during).toMatchObject({ status: 'running', round: 0 });
      expect(during.rounds[0].stations[0].status).toBe('delivered');
      // The station sends its answer again to a working hub: the run moves on.
      expect((await f.answer(a.token, f.done(t.id, a.id, { n: 1 }))).status).toBe(200);
      expect((await f.poll(a.token)).tasks.map((x) => x.task.round)).toEqual([1]);
    });

    it('revokes a permit: stations learn it on their next poll, open tasks are withdrawn, no new runs', async ({
      skip: skipTest,
    }) => {
      if (skip) skipTest();
      const a = await f.station('steward2', 'Revoke A');
      const permitId = await f.permit([a.id], 'sum@1.0.0');
      const researcher = await f.token('researcher');
      const run = await f.run(permitId, 'sum@1.0.0', {});
      const revoked = await f.call('POST', `/api/permits/${permitId}/revoke`, await f.token('reviewer'), {
        reason: 'consent withdrawn by the data holder',
      });
      expect(revoked.body.status).toBe('revoked');
      const poll = await f.poll(a.token);
      expect(poll.tasks).toHaveLength(0);
      expect(poll.revokedPermitIds).toContain(permitId);
      const end = (await f.call('GET', `/api/runs/${run.body.id}`, researcher)).body;
      expect(end.status).toBe('failed');
      expect(end.rounds[0].stations[0]).toMatchObject({ status: 'refused', reason: 'permit-revoked' });
      const again = await f.run(permitId, 'sum@1.0.0', {});
      expect(again.status).toBe(403);
      expect(again.body.details.reason).toBe('permit-revoked');
      const pub = (await f.call('GET', '/api/public/transparency')).body;
      expect(pub.find((p: { permitId: string }) => p.permitId === permitId).status).toBe('revoked');
    });

    it("validates a run's input against the algorithm's input schema before issuing tasks", async ({
      skip: skipTest,
    }) => {
      if (skip) skipTest();
      const a = await f.station('steward1', 'Typed A');
      const permitId = await f.permit([a.id], 'typed@1.0.0');
      const researcher = await f.token('researcher');
      const body = { permitId, algorithm: { name: 'typed', version: '1.0.0' } };
      const bad = await f.call('POST', '/api/runs', researcher, { ...body, input: { threshold: 'high' } });
      expect(bad.status).toBe(400);
      expect(bad.body).toMatchObject({
        where: 'input.threshold',
        details: { problems: 1, issues: [{ path: 'input.threshold' }] },
      });
      expect((await f.poll(a.token)).tasks).toHaveLength(0);
      expect(
        (await f.call('POST', '/api/runs', researcher, { ...body, input: { threshold: 2 } })).status,
      ).toBe(201);
    });

    it("accepts a station's name as well as its id in an access request, and keeps the ids", async ({
      skip: skipTest,
    }) => {
      if (skip) skipTest();
      const a = await f.station('steward1', 'Named Noord');
      const b = await f.station('steward2', 'Named Midden');
      await f.station('steward1', 'Named Twice');
      const twice = await f.station('steward2', 'Named Twice');
      const researcher = await f.token('researcher');
      const request = (stations: string[]) =>
        f.call('POST', '/api/requests', researcher, {
          purpose: 'research',
          title: 'Stations by name',
          description: 'Feasibility',
          stations,
          algorithms: [{ name: 'sum', version: '1.0.0' }],
          durationDays: 30,
          queryBudget: 5,
        });
      const byName = await request(['Named Noord', b.id, 'Named Midden']);
      expect(byName.status).toBe(201);
      expect(byName.body.stations).toEqual([a.id, b.id]);
      const ambiguous = await request([a.id, 'Named Twice']);
      expect(ambiguous.status).toBe(400);
      expect(ambiguous.body).toMatchObject({ error: 'badInput', where: 'stations[1]' });
      expect(ambiguous.body.message).toContain('give the station id');
      expect((await request([twice.id])).body.stations).toEqual([twice.id]);
      const unknown = await request([a.id, 'Named Nowhere']);
      expect(unknown.status).toBe(400);
      expect(unknown.body).toMatchObject({
        where: 'stations[1]',
        message: 'no station with this id or name',
      });
    });

    it('refuses a cohort that every station would refuse, with its JSON path, before any task exists', async ({
      skip: skipTest,
    }) => {
      if (skip) skipTest();
      const a = await f.station('steward1', 'Cohort A');
      const permitId = await f.permit([a.id], 'cohort-feasibility@1.0.0');
      const researcher = await f.token('researcher');
      const body = { permitId, algorithm: { name: 'cohort-feasibility', version: '1.0.0' } };
      const cohort = {
        name: 't2d',
        entry: { event: { domain: 'condition', codes: ['44054006'] } },
        inclusion: [{ event: { domain: 'observation', codeSet: 'hba1c' } }],
      };
      // What a station does with the task's input (its own parse of the cohort) refuses it too.
      expect(() => parseCohort(cohort)).toThrow('inclusion[0].event.codeSet');
      const bad = await f.call('POST', '/api/runs', researcher, { ...body, input: { cohort } });
      expect(bad.status).toBe(400);
      expect(bad.body).toMatchObject({ error: 'badInput', where: 'input.cohort.inclusion[0].event.codeSet' });
      const reversed = { ...cohort, inclusion: [], demographics: { age: { min: 80, max: 40 } } };
      const ages = await f.call('POST', '/api/runs', researcher, { ...body, input: { cohort: reversed } });
      expect(ages.body.where).toBe('input.cohort.demographics.age');
      const tasks = await f.db.query<{ n: string | number }>(
        'select count(*) as n from tasks where permit_id = $1',
        [permitId],
      );
      expect(Number(tasks[0]?.n)).toBe(0);
      expect((await f.poll(a.token)).tasks).toHaveLength(0);
      const fixed = { ...cohort, codeSets: { hba1c: { codes: ['4548-4'] } } };
      expect(
        (await f.call('POST', '/api/runs', researcher, { ...body, input: { cohort: fixed } })).status,
      ).toBe(201);
    });

    it("refuses unknown fields in a run's input, naming them, and stores and sends nothing", async ({
      skip: skipTest,
    }) => {
      if (skip) skipTest();
      const a = await f.station('steward1', 'Strict A');
      const permitId = await f.permit([a.id], 'cohort-feasibility@1.0.0');
      const researcher = await f.token('researcher');
      const algorithm = { name: 'cohort-feasibility', version: '1.0.0' };
      const cohort = { name: 'dm', entry: { event: { domain: 'condition', codes: ['44054006'] } } };
      const padded = await f.call('POST', '/api/runs', researcher, {
        permitId,
        algorithm,
        input: { cohort, pad: 'x'.repeat(100_000) },
      });
      expect(padded.status).toBe(400);
      expect(padded.body).toMatchObject({ error: 'badInput', where: 'input.pad' });
      expect(padded.body.message).toContain('unknown field(s) pad');
      expect(JSON.stringify(padded.body)).not.toContain('xxxx');
      const top = await f.call('POST', '/api/runs', researcher, {
        permitId,
        algorithm,
        input: { cohort },
        x: 1,
      });
      expect(top.body).toMatchObject({ error: 'badInput', where: 'body' });
      const runs = await f.db.query<{ n: string | number }>(
        'select count(*) as n from runs where permit_id = $1',
        [permitId],
      );
      expect(Number(runs[0]?.n)).toBe(0);
      expect((await f.poll(a.token)).tasks).toHaveLength(0);
      // The document says so: an algorithm's input takes no other fields.
      const document = (await f.call('GET', '/openapi.json')).body;
      const schema = document.components.schemas['AlgorithmInput.cohort-feasibility.1.0.0'];
      expect(schema.additionalProperties).toBe(false);
    });

    it("hides one researcher's requests, permits and runs from another researcher", async ({
      skip: skipTest,
    }) => {
      if (skip) skipTest();
      const admin = await f.token('admin');
      const org = await f.call('POST', '/api/organisations', admin, {
        name: `Other lab ${Date.now()}`,
        kind: 'research',
      });
      expect(org.status).toBe(201);
      const orgs = await f.call('GET', '/api/organisations', await f.token('researcher'));
      expect(orgs.body.map((o: { id: string }) => o.id)).toContain(org.body.id);
      const email = `other-${Date.now()}@lab.example`;
      const created = await f.call('POST', '/api/users', admin, {
        email,
        name: 'Other researcher',
        organisationId: org.body.id,
        role: 'researcher',
        password: 'other-researcher-pw',
      });
      expect(created.status).toBe(201);
      const users = await f.call('GET', `/api/users?organisationId=${org.body.id}`, await f.token('auditor'));
      expect(users.body.map((u: { email: string }) => u.email)).toEqual([email]);
      const other = (
        await f.call('POST', '/api/auth/login', undefined, { email, password: 'other-researcher-pw' })
      ).body.token as string;
      const a = await f.station('steward1', 'Privacy A');
      const permitId = await f.permit([a.id], 'sum@1.0.0');
      const run = await f.run(permitId, 'sum@1.0.0', {});
      const requestId = (await f.call('GET', `/api/permits/${permitId}`, await f.token('researcher'))).body
        .requestId;
      expect((await f.call('GET', '/api/requests', other)).body).toEqual([]);
      expect((await f.call('GET', '/api/permits', other)).body).toEqual([]);
      expect((await f.call('GET', '/api/runs', other)).body).toEqual([]);
      expect((await f.call('GET', `/api/requests/${requestId}`, other)).status).toBe(404);
      expect((await f.call('GET', `/api/permits/${permitId}`, other)).status).toBe(404);
      expect((await f.call('GET', `/api/runs/${run.body.id}`, other)).status).toBe(404);
      const steal = await f.call('POST', '/api/runs', other, {
        permitId,
        algorithm: { name: 'sum', version: '1.0.0' },
        input: {},
      });
      expect(steal.status).toBe(404);
      // The auditor sees it all.
      expect((await f.call('GET', `/api/runs/${run.body.id}`, await f.token('auditor'))).status).toBe(200);
    });

    it('lets permits expire', async ({ skip: skipTest }) => {
      if (skip) skipTest();
      const a = await f.station('steward2', 'Expiry A');
      const permitId = await f.permit([a.id], 'sum@1.0.0');
      f.advance(31 * 86_400_000);
      const r = await f.run(permitId, 'sum@1.0.0', {});
      expect(r.status).toBe(403);
      expect(r.body.message).toMatch(/expired/);
      expect(r.body.details.reason).toBe('permit-expired');
    });

    it('delivers to a station that was offline, and loses nothing across a hub restart', async ({
      skip: skipTest,
    }) => {
      if (skip) skipTest();
      const a = await f.station('steward1', 'Restart A');
      const b = await f.station('steward3', 'Restart B');
      const permitId = await f.permit([a.id, b.id], 'sum@1.0.0');
      const keyBefore = (await f.call('GET', '/api/hub/key')).body.keyId;
      const run = await f.run(permitId, 'sum@1.0.0', {});
      const ta = (await f.poll(a.token)).tasks[0]!.task;
      await f.answer(a.token, f.done(ta.id, a.id, { n: 3 }));
      await f.restart();
      expect((await f.call('GET', '/api/hub/key')).body.keyId).toBe(keyBefore);
      // Station B was offline all along; it polls the new hub instance and still finds its task.
      const tb = (await f.poll(b.token)).tasks[0]!.task;
      await f.answer(b.token, f.done(tb.id, b.id, { n: 4 }));
      const end = (await f.call('GET', `/api/runs/${run.body.id}`, await f.token('researcher'))).body;
      expect(end).toMatchObject({ status: 'done', result: { total: 7 } });
      expect((await f.call('GET', '/api/audit/verify', await f.token('auditor'))).body.ok).toBe(true);
    });

    it('never delivers a task twice when two hub instances share the database', async ({
      skip: skipTest,
    }) => {
      if (skip) skipTest();
      const a = await f.station('steward1', 'Shared queue A');
      const permitId = await f.permit([a.id], 'sum@1.0.0', 20);
      for (let i = 0; i < 6; i++) {
        await f.run(permitId, 'sum@1.0.0', { i });
      }
      const second = await createHubApp({ db: f.db, logger: false, now: f.now, sweepIntervalMs: 0 });
      try {
        const pollOn = async (app: HubApp) =>
          (
            await app.inject({
              method: 'GET',
              url: '/api/station/tasks?wait=0',
              headers: { authorization: `Bearer ${a.token}` },
            })
          ).json() as PollResponse;
        const answers = await Promise.all([pollOn(f.hub), pollOn(second), pollOn(f.hub), pollOn(second)]);
        const ids = answers.flatMap((r) => r.tasks.map((t) => t.task.id));
        expect(ids).toHaveLength(6);
        expect(new Set(ids).size).toBe(6);
      } finally {
        await second.close();
      }
    });

    it('wakes a waiting long-poll when a task arrives', async ({ skip: skipTest }) => {
      if (skip) skipTest();
      const a = await f.station('steward1', 'Long-poll A');
      const permitId = await f.permit([a.id], 'sum@1.0.0');
      const waiting = f.poll(a.token, 20);
      await new Promise((r) => setTimeout(r, 50));
      await f.run(permitId, 'sum@1.0.0', {});
      const got = await waiting;
      expect(got.tasks.map((t) => t.task.stationId)).toEqual([a.id]);
    });

    it('wakes long-polls as soon as the change is committed: the next round, a client waiting for the run', async ({
      skip: skipTest,
    }) => {
      if (skip) skipTest();
      // Well below the re-check interval (1 s on PostgreSQL, 5 s on PGlite): only a wake-up is this fast.
      const soon = <T>(p: Promise<T>) =>
        Promise.race([
          p,
          new Promise<never>((_, reject) => setTimeout(() => reject(new Error('not woken')), 800)),
        ]);
      const a = await f.station('steward1', 'Wake A');
      const permitId = await f.permit([a.id], 'rounds@1.0.0');
      const researcher = await f.token('researcher');
      const created = await f.run(permitId, 'rounds@1.0.0', { acc: 0 });
      const runUrl = `/api/runs/${created.body.id}`;
      expect(created.body.version).toMatch(/^[0-9a-f]{16}$/);

      // Unchanged: the hub holds the request for `wait` seconds and answers with the same version.
      const t0 = Date.now();
      const same = await f.call('GET', `${runUrl}?wait=1&version=${created.body.version}`, researcher);
      expect(Date.now() - t0).toBeGreaterThanOrEqual(900);
      expect(same.body.version).toBe(created.body.version);
      // A stale version is answered at once.
      expect((await f.call('GET', `${runUrl}?wait=20&version=stale`, researcher)).body.version).toBe(
        created.body.version,
      );

      // A client waiting for the end only, another following the progress: the second hears of the
      // delivery, then of the answer; the first only of the end.
      let ended = false;
      const end = f.call('GET', `${runUrl}?wait=20`, researcher).then((r) => {
        ended = true;
        return r;
      });
      let waiting = f.call('GET', `${runUrl}?wait=20&version=${created.body.version}`, researcher);
      await new Promise((r) => setTimeout(r, 50));
      const round0 = (await f.poll(a.token)).tasks[0]!.task;
      const delivered = (await soon(waiting)).body;
      expect(delivered.rounds[0].stations[0].status).toBe('delivered');

      // The station's next long-poll is woken by the next round's tasks, the client by the answer.
      const next = f.poll(a.token, 20);
      waiting = f.call('GET', `${runUrl}?wait=20&version=${delivered.version}`, researcher);
      await new Promise((r) => setTimeout(r, 50));
      expect((await f.answer(a.token, f.done(round0.id, a.id, { n: 1 }))).status).toBe(200);
      const round1 = (await soon(next)).tasks.map((t) => t.task);
      expect(round1.map((t) => t.round)).toEqual([1]);
      const answered = (await soon(waiting)).body;
      expect(answered.round).toBe(1);
      expect(answered.rounds[0].stations[0].status).toBe('done');
      expect(ended).toBe(false);

      await f.answer(a.token, f.done(round1[0]!.id, a.id, { n: 1 }));
      const round2 = (await f.poll(a.token)).tasks[0]!.task;
      expect(ended).toBe(false);
      await f.answer(a.token, f.done(round2.id, a.id, { n: 1 }));
      expect((await soon(end)).body).toMatchObject({ status: 'done', result: { acc: 3, rounds: 3 } });
    });

    it('writes audit entries in the transaction of the change they record', async ({ skip: skipTest }) => {
      if (skip) skipTest();
      const count = async () =>
        Number((await f.db.query<{ n: string | number }>('select count(*) as n from audit_log'))[0]!.n);
      const before = await count();
      await expect(
        f.db.transaction(async (tx) => {
          await f.hub.ctx.audit.recordIn(tx, [
            { actor: 'hub', action: 'test.rolled-back' },
            { actor: 'hub', action: 'test.rolled-back' },
          ]);
          throw new Error('the change fails');
        }),
      ).rejects.toThrow('the change fails');
      expect(await count()).toBe(before);
      const [e1, e2] = await f.db.transaction((tx) =>
        f.hub.ctx.audit.recordIn(tx, [
          { actor: 'hub', action: 'test.kept' },
          { actor: 'hub', action: 'test.kept' },
        ]),
      );
      expect(e2!.seq).toBe(e1!.seq + 1);
      expect(e2!.prevHash).toBe(e1!.hash);
      expect(await count()).toBe(before + 2);
      expect((await f.call('GET', '/api/audit/verify', await f.token('auditor'))).body.ok).toBe(true);
    });

    monitorApiCases(() => (skip ? undefined : f));

    hybridCareApiCases(() => (skip ? undefined : f));

    stewardApiCases(() => (skip ? undefined : f));

    governanceApiCases(
      () => f,
      () => skip,
    );

    it('serves a valid OpenAPI document of every route, its responses and its errors', async ({
      skip: skipTest,
    }) => {
      if (skip) skipTest();
      const doc = (await f.call('GET', '/openapi.json')).body;
      await SwaggerParser.validate(structuredClone(doc));
      expect(doc.openapi).toBe('3.1.0');
      for (const [name, route] of Object.entries(hubApi)) {
        const op = doc.paths[route.path.replace(/:(\w+)/g, '{$1}')]?.[route.method.toLowerCase()];
        expect(op?.operationId, name).toBe(name);
        expect(Object.keys(op.responses).sort()).toEqual(
          [String(route.status), ...errorStatuses(route).map(String)].sort(),
        );
      }
      const createRequest = doc.paths['/api/requests'].post;
      expect(JSON.stringify(createRequest.requestBody)).toContain('queryBudget');
      expect(createRequest.responses['400'].content['application/json'].schema).toEqual({
        $ref: '#/components/schemas/ErrorBody',
      });
      expect(doc.components.schemas['AlgorithmResult.sum.1.0.0']).toMatchObject({
        required: ['total'],
      });
      expect(doc.paths['/api/auth/login'].post.responses['429'].headers['Retry-After'].schema).toEqual({
        type: 'integer',
      });
      expect(doc.paths['/api/station/tasks'].get.parameters).toEqual([
        expect.objectContaining({ name: 'wait', in: 'query', required: false }),
      ]);
    });

    // Last: every response the tests above received, checked against the document.
    it('answered every request of this suite as its route declares for that status', async ({
      skip: skipTest,
    }) => {
      if (skip) skipTest();
      const doc = (await f.call('GET', '/openapi.json')).body;
      expect(f.seen.length).toBeGreaterThan(100);
      expect(checkResponses(doc, f.seen)).toEqual([]);
      expect(new Set(f.seen.map((r) => r.status))).toEqual(new Set([200, 201, 400, 401, 403, 404, 409, 429]));
      expect(routesNotSeen(f.seen)).toEqual([]);
    });
  });
}
