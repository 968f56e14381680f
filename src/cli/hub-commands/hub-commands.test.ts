import { readFile, rm, stat } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DemoSeed, HubApp, HubDb } from '../../hub/index.ts';
import { HubClient } from '../../hub-client/index.ts';
import { digestJson, generateSigningKeys } from '../../protocol/index.ts';
import {
  AUDIT_FILE,
  loadPolicy,
  openStation,
  openStationAudit,
  saveHubRegistration,
} from '../../station/index.ts';
import { rewriteAndRehash } from '../../test-support/index.ts';
import { cli } from '../run-cli.fixture.ts';
import { startCliHub } from './cli-hub.fixture.ts';

const COHORT = resolve(
  dirname(fileURLToPath(import.meta.url)),
  '../../../examples/cohorts/t2d-poor-control.json',
);

type Answer = 'done' | 'refuse';

/** A station that long-polls as the real one does and answers each task as told: a cohort count or a refusal. */
function fakeStation(url: string, id: string, token: string, answer: () => Answer) {
  const client = new HubClient(url, { token });
  const abort = new AbortController();
  const loop = (async () => {
    await client.heartbeat({ dataVersion: `dv-${id.slice(0, 6)}`, version: '0.1.0' });
    while (!abort.signal.aborted) {
      const polled = await client.poll({ wait: 2, signal: abort.signal }).catch(() => undefined);
      for (const { task } of polled?.tasks ?? []) {
        if (answer() === 'refuse') {
          await client.submitResult({
            status: 'refused',
            taskId: task.id,
            stationId: id,
            reason: 'permit-not-approved',
            message: 'the steward has not approved this permit',
          });
          continue;
        }
        const count = (value: number | null) => ({ value, suppressed: value === null });
        const output = {
          cohort: 'Type 2 diabetes with poor glycaemic control',
          policy: { threshold: 10, rounding: 5 },
          count: count(120),
          attrition: [
            { label: 'entry', count: count(300) },
            { label: 'HbA1c > 53', count: count(120) },
          ],
        };
        await client.submitResult({
          status: 'done',
          taskId: task.id,
          stationId: id,
          output,
          dataVersion: `dv-${id.slice(0, 6)}`,
          digest: digestJson(output),
        });
      }
    }
  })();
  return {
    stop: () => {
      abort.abort();
      return loop;
    },
  };
}

describe('ai4h against a hub', () => {
  let db: HubDb;
  let hub: HubApp;
  let url: string;
  let demo: DemoSeed;
  let config: string;
  const stations: { id: string; token: string }[] = [];
  const answers: Answer[] = ['done', 'done'];
  const running: { stop: () => Promise<void> }[] = [];
  const saved = { ...process.env };

  const tokenOf = async (handle: string) => {
    const c = new HubClient(url);
    return (await c.login(demo.users[handle]!.email, demo.users[handle]!.password)).token;
  };

  beforeAll(async () => {
    ({ config, db, hub, demo, url } = await startCliHub('ai4h-cli-'));
    for (const [i, handle] of ['steward1', 'steward2'].entries()) {
      const steward = new HubClient(url, { token: await tokenOf(handle) });
      const reg = await steward.registerStation({
        name: `Station ${i + 1}`,
        organisationId: demo.users[handle]!.organisationId,
        publicKeyPem: generateSigningKeys().publicKeyPem,
      });
      stations.push({ id: reg.id, token: reg.token });
      running.push(fakeStation(url, reg.id, reg.token, () => answers[i]!));
    }
    await new HubClient(url, { token: stations[0]!.token }).publishDataset({
      identifier: 'noord-ehr',
      title: 'Ziekenhuis Noord EHR',
      description: 'Hospital records of the north',
      keywords: ['ziekenhuis'],
      contactPoint: { name: 'Data desk', email: 'desk@noord.example' },
      publisherDetails: {
        identifier: 'noord.example',
        email: 'info@noord.example',
        homepage: 'https://noord.example/',
      },
      profile: {
        numberOfUniqueIndividuals: 5000,
        minTypicalAge: 18,
        maxTypicalAge: 95,
        codes: [
          { system: 'http://snomed.info/sct', code: '44054006', display: 'Type 2 diabetes', count: 400 },
          { system: 'http://hl7.org/fhir/sid/icd-10', code: 'E11.9', count: 380 },
          { system: 'http://hl7.org/fhir/sid/icd-10', code: 'E11.65', count: 20 },
        ],
      },
    });
  }, 60_000);

  afterAll(async () => {
    await Promise.all(running.map((r) => r.stop()));
    await hub?.close();
    await db?.close();
    process.env = saved;
    await rm(config, { recursive: true, force: true });
  });

  it('signs in, keeps the token in a 0600 file, says who you are, and signs out', async () => {
    const r = demo.users.researcher!;
    const login = await cli('login', '--hub', url, '--email', r.email, '--password', r.password);
    expect(login).toMatchObject({ code: 0 });
    expect(login.out).toContain(`signed in to ${url} as ${r.email} (researcher)`);
    const file = join(config, 'ai4h', 'config.json');
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    expect(await readFile(file, 'utf8')).not.toContain(r.password);

    // No --hub: the hub of the last login is used.
    const who = await cli('whoami', '--json');
    expect(who.code).toBe(0);
    expect(JSON.parse(who.out)).toMatchObject({ email: r.email, role: 'researcher', hub: url });

    const created = await cli('token', 'create', '--name', 'ci', '--days', '7');
    expect(created.code).toBe(0);
    const apiToken = created.out.trim();
    expect(created.err).toContain('not shown again');

    expect(await cli('logout')).toMatchObject({ code: 0, out: `signed out of ${url}` });
    const after = await cli('whoami', '--hub', url);
    expect(after.code).toBe(1);
    expect(after.err).toContain(`error: not signed in to ${url}`);

    process.env.AI4H_TOKEN = apiToken;
    try {
      expect((await cli('whoami', '--hub', url)).out).toContain(`${r.email} (Researcher), role researcher`);
      // Listed (never the secret) and revoked: refused from the next request on.
      const listed = await cli('token', 'list', '--hub', url, '--json');
      const [mine] = JSON.parse(listed.out) as { id: string; label: string; status: string }[];
      expect(mine).toMatchObject({ label: 'ci', status: 'active' });
      expect(listed.out).not.toContain(apiToken);
      expect((await cli('token', 'list', '--hub', url)).out).toMatch(/ci\s+active/);
      const revoked = await cli('token', 'revoke', mine!.id, '--hub', url);
      expect(revoked).toMatchObject({ code: 0 });
      expect(revoked.out).toContain(`token ${mine!.id} "ci": revoked at`);
      const refused = await cli('whoami', '--hub', url);
      expect(refused.code).toBe(1);
      expect(refused.err).toContain('unknown, revoked or expired API token');
    } finally {
      delete process.env.AI4H_TOKEN;
    }

    const wrong = await cli('login', '--hub', url, '--email', r.email, '--password', 'not-the-password-42');
    expect(wrong.code).toBe(1);
    expect(wrong.err).toMatch(/^error: /);
    expect(wrong.err).not.toContain('not-the-password-42');
  });

  it('finds a published dataset by code and exports the catalogue as Turtle', async () => {
    const found = await cli('catalogue', 'search', '--hub', url, '--code', '44054006');
    expect(found.code).toBe(0);
    expect(found.out).toMatch(/Ziekenhuis Noord EHR\s+Station 1\s+Ziekenhuis Noord\s+5000\s+18–95/);
    // An ICD-10 category finds the codes under it, each listed with its count.
    const icd = await cli('catalogue', 'search', '--hub', url, '--code', 'E11');
    expect(icd.code).toBe(0);
    expect(icd.out).toContain('Ziekenhuis Noord EHR');
    expect(icd.out).toContain('Station 1: E11.9 (http://hl7.org/fhir/sid/icd-10) in 380 records');
    expect(icd.out).toContain('Station 1: E11.65 (http://hl7.org/fhir/sid/icd-10) in 20 records');
    const none = await cli('catalogue', 'search', '--hub', url, '--q', 'zzzz-nothing', '--json');
    expect(JSON.parse(none.out)).toEqual([]);
    const out = join(config, 'catalogue.ttl');
    expect((await cli('catalogue', 'export', '--hub', url, '--format', 'ttl', '--out', out)).code).toBe(0);
    expect(await readFile(out, 'utf8')).toContain('Ziekenhuis Noord EHR');
    expect((await cli('catalogue', 'export', '--hub', url, '--format', 'xml')).code).toBe(2);
  });

  it('requests access, has it approved by a reviewer, lists the permit, runs a cohort and waits for it', async () => {
    const researcher = await tokenOf('researcher');
    const reviewer = await tokenOf('reviewer');
    const created = await cli(
      'request',
      'create',
      '--hub',
      url,
      '--token',
      researcher,
      '--json',
      '--purpose',
      'research',
      '--title',
      'Diabetes feasibility',
      '--description',
      'How many patients?',
      // A station by its id or by its name (as `ai4h stations list` shows it).
      '--station',
      stations[0]!.id,
      'Station 2',
      '--algorithm',
      'cohort-feasibility@1.0.0',
      '--days',
      '30',
      '--budget',
      '5',
    );
    expect(created.code).toBe(0);
    const request = JSON.parse(created.out) as { id: string; status: string; stations: string[] };
    expect(request).toMatchObject({ status: 'submitted', stations: [stations[0]!.id, stations[1]!.id] });

    // A researcher may not decide: the hub's refusal is printed and exits 1.
    const self = await cli(
      'request',
      'decide',
      request.id,
      '--approve',
      '--note',
      'ok',
      '--hub',
      url,
      '--token',
      researcher,
    );
    expect(self.code).toBe(1);
    expect(self.err).toContain('role researcher may not do this; needs reviewer');

    const listed = await cli('request', 'list', '--hub', url, '--token', reviewer, '--status', 'submitted');
    expect(listed.out).toContain(request.id);
    const decided = await cli(
      'request',
      'decide',
      request.id,
      '--approve',
      '--note',
      'in order',
      '--hub',
      url,
      '--token',
      reviewer,
    );
    expect(decided.code).toBe(0);
    expect(decided.out).toContain(`request ${request.id}: approved`);
    const permits = JSON.parse(
      (await cli('permit', 'list', '--hub', url, '--token', researcher, '--json')).out,
    ) as {
      requestId: string;
      status: string;
      permit: { id: string; algorithms: { name: string }[] };
    }[];
    const permit = permits.find((p) => p.requestId === request.id);
    expect(permit).toMatchObject({
      status: 'active',
      permit: { algorithms: [{ name: 'cohort-feasibility' }] },
    });
    const permitId = permit!.permit.id;

    // One station answers, the other refuses: a result with a table, the refusal in the provenance.
    answers[1] = 'refuse';
    const run = await cli(
      'run',
      'create',
      '--hub',
      url,
      '--token',
      researcher,
      '--permit',
      permitId,
      '--algorithm',
      'cohort-feasibility@1.0.0',
      '--cohort',
      COHORT,
      '--wait',
      '--timeout',
      '30',
    );
    expect(run.err).toContain('Station 2: refused (permit-not-approved)');
    expect(run.code).toBe(0);
    expect(run.out).toMatch(/criterion\s+Station 1\s+combined/);
    expect(run.out).toMatch(/HbA1c > 53\s+120\s+120/);
    expect(run.out).toMatch(/final count\s+120\s+120/);
    expect(run.out).toContain(`provenance: permit ${permitId}, cohort-feasibility@1.0.0`);
    expect(run.out).toMatch(/missing: {2}Station 2 .*refused \(permit-not-approved\)/);
    const runId = /run (\S+): done/.exec(run.out)?.[1];
    expect(runId).toBeDefined();
    expect(
      JSON.parse((await cli('run', 'show', runId!, '--hub', url, '--token', researcher, '--json')).out),
    ).toMatchObject({
      status: 'done',
      result: { count: { value: 120 } },
    });

    // Every station refuses: exit 1, each station's reason named.
    answers[0] = 'refuse';
    const refused = await cli(
      'run',
      'create',
      '--hub',
      url,
      '--token',
      researcher,
      '--permit',
      permitId,
      '--algorithm',
      'cohort-feasibility@1.0.0',
      '--cohort',
      COHORT,
      '--wait',
      '--json',
    );
    expect(refused.code).toBe(1);
    expect(refused.err).toContain('Station 1 refused (permit-not-approved)');
    expect(JSON.parse(refused.out.slice(0, refused.out.lastIndexOf('}') + 1))).toMatchObject({
      status: 'failed',
    });
    answers[0] = 'done';
    answers[1] = 'done';

    const register = JSON.parse((await cli('transparency', '--hub', url, '--json')).out) as {
      permitId: string;
      runs: unknown[];
    }[];
    expect(register.find((e) => e.permitId === permitId)?.runs.length).toBeGreaterThanOrEqual(2);

    const revoked = await cli(
      'permit',
      'revoke',
      permitId,
      '--reason',
      'study ended',
      '--hub',
      url,
      '--token',
      reviewer,
    );
    expect(revoked).toMatchObject({ code: 0 });
    expect(revoked.out).toContain(`permit ${permitId}: revoked`);
  }, 60_000);

  it('rejects bad input with exit 2 before calling the hub, and names the option', async () => {
    const token = await tokenOf('researcher');
    const base = ['--hub', url, '--token', token];
    const badAlgorithm = await cli(
      'run',
      'create',
      ...base,
      '--permit',
      'p',
      '--algorithm',
      'x',
      '--cohort',
      COHORT,
    );
    expect(badAlgorithm).toMatchObject({ code: 2 });
    expect(badAlgorithm.err).toContain("error: --algorithm: 'x' is not name@version");
    const missing = await cli(
      'run',
      'create',
      ...base,
      '--permit',
      'p',
      '--algorithm',
      'glm@1.0.0',
      '--input',
      join(config, 'nope.json'),
    );
    expect(missing.code).toBe(2);
    expect(missing.err).toContain('error: --input: file not found');
    const purpose = await cli(
      'request',
      'create',
      ...base,
      '--purpose',
      'marketing',
      '--title',
      'Tttt',
      '--description',
      'd',
      '--station',
      's',
      '--algorithm',
      'glm@1.0.0',
    );
    expect(purpose.code).toBe(2);
    expect(purpose.err).toContain("--purpose: 'marketing' is not an EHDS purpose");
    const both = await cli('request', 'decide', 'r1', '--approve', '--reject', '--note', 'n', ...base);
    expect(both).toMatchObject({ code: 2 });
    expect((await cli('run', 'create', ...base, '--algorithm', 'glm@1.0.0')).code).toBe(2);
    expect((await cli('request', 'create', ...base, '--purpose', 'research', '--days', 'many')).code).toBe(2);
  });

  it('lists stations with their heartbeat and prints the OpenAPI document', async () => {
    const list = JSON.parse(
      (await cli('stations', 'list', '--hub', url, '--token', await tokenOf('researcher'), '--json')).out,
    ) as {
      name: string;
      status: string;
      dataVersion?: string;
    }[];
    expect(list.map((s) => s.name).sort()).toEqual(['Station 1', 'Station 2']);
    expect(list.every((s) => s.status === 'online' && s.dataVersion?.startsWith('dv-'))).toBe(true);
    const api = await cli('hub', 'openapi', '--hub', url);
    expect(api.code).toBe(0);
    expect(JSON.parse(api.out)).toHaveProperty('paths./api/runs');
    const down = await cli('transparency', '--hub', 'http://127.0.0.1:9');
    expect(down.code).toBe(1);
    expect(down.err).toContain('error: ');
    expect(down.err).toContain('hub unreachable');
  });

  it("pins the hub's key at a station only when it has the id the operator announced", async () => {
    const dir = join(config, 'station-pinning');
    await openStation(dir, { create: true });
    await saveHubRegistration(dir, { hubUrl: url, stationId: 'st_pin', token: 'ai4h_s_unused' });
    const wrong = await cli('station', 'pin-hub-key', '--dir', dir, '--key-id', '0123456789abcdef');
    expect(wrong.code).toBe(2);
    expect(wrong.err).toContain(`the hub serves key ${hub.ctx.keys.keyId}, not 0123456789abcdef`);
    expect((await loadPolicy(dir)).hubPublicKey).toBeUndefined();
    const pinned = await cli('station', 'pin-hub-key', '--dir', dir, '--key-id', hub.ctx.keys.keyId);
    expect(pinned).toMatchObject({ code: 0, out: `hub key ${hub.ctx.keys.keyId} pinned in policy.json` });
    expect((await loadPolicy(dir)).hubPublicKey).toBe(hub.ctx.keys.publicKeyPem);
    const audit = await readFile(join(dir, AUDIT_FILE), 'utf8');
    expect(audit).toContain('station.hub-key-pinned');
  });

  it("verifies a station's audit chain against the head its hub holds, after its key was registered later", async () => {
    const dir = join(config, 'station-with-history');
    await openStation(dir, { create: true });
    const steward = demo.users.steward1!;
    // Registered with another key than the one it signs with (as a station made before it had one).
    const reg = await new HubClient(url, { token: await tokenOf('steward1') }).registerStation({
      name: 'Station with history',
      organisationId: steward.organisationId,
      publicKeyPem: generateSigningKeys().publicKeyPem,
    });
    await saveHubRegistration(dir, { hubUrl: url, stationId: reg.id, token: reg.token });
    const audit = await openStationAudit(dir);
    for (let i = 1; i <= 4; i++)
      await audit.log.append({ actor: 'station:h', action: 'task.done', subject: `t${i}` });
    const station = new HubClient(url, { token: reg.token });
    const beat = async () =>
      (await station.heartbeat({ dataVersion: 'v', version: '0.1.0', auditHead: audit.latestSignedHead()! }))
        .auditHead;
    expect(await beat()).toMatchObject({ accepted: false });

    const registered = await cli(
      'station',
      'register-key',
      '--dir',
      dir,
      '--email',
      steward.email,
      '--password',
      steward.password,
    );
    expect(registered.code).toBe(0);
    expect(registered.out).toContain(`signing key ${audit.keys.keyId} registered`);
    expect(await beat()).toEqual({ accepted: true });
    audit.close();

    const intact = await cli('audit', 'verify', '--dir', dir);
    expect(intact.code).toBe(0);
    expect(intact.out).toContain('audit chain intact: 4 entries');
    expect(intact.out).toContain('the head the hub holds checked (entry 4');
    expect(intact.out).toMatch(/the hub flagged this station at .*signature does not verify/);

    const log = join(dir, AUDIT_FILE);
    rewriteAndRehash(log, 2, (e) => ({ ...e, subject: 't-other' }));
    const rewritten = await cli('audit', 'verify', '--dir', dir);
    expect(rewritten.code).toBe(1);
    expect(rewritten.out).toContain(
      'audit chain BROKEN at entry 2: entry 2 no longer matches the head the station signed',
    );
    // The signed heads kept at the station are gone too: the hub's head still gives it away.
    await rm(`${log}.heads`);
    const withoutHeads = await cli('audit', 'verify', '--dir', dir, '--json');
    expect(withoutHeads.code).toBe(1);
    expect(JSON.parse(withoutHeads.out)).toMatchObject({ ok: false, brokenAt: 4, localHeads: 0 });
    expect((await cli('audit', 'verify', '--dir', dir, '--offline')).code).toBe(0);
  });
});
