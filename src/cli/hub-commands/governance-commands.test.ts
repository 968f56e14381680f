import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { platformRecordsFixture } from '../../governance/documents/platform-records.fixture.ts';
import { readinessThemes } from '../../governance/index.ts';
import type { DemoSeed, HubApp, HubDb } from '../../hub/index.ts';
import { HubClient } from '../../hub-client/index.ts';
import { cli } from '../run-cli.fixture.ts';
import { startCliHub } from './cli-hub.fixture.ts';

describe('ai4h aisystem, model and docs', () => {
  let db: HubDb;
  let hub: HubApp;
  let dir: string;
  let auth: string[];
  let hubUrl: string;
  const records = platformRecordsFixture();

  beforeAll(async () => {
    let demo: DemoSeed;
    let url: string;
    ({ config: dir, db, hub, demo, url } = await startCliHub('ai4h-gov-', { centralHalves: false }));
    const u = demo.users.researcher!;
    const token = (await new HubClient(url).login(u.email, u.password)).token;
    auth = ['--hub', url, '--token', token];
    hubUrl = url;
    await writeFile(join(dir, 'model.json'), JSON.stringify(records.model));
    const {
      id: _,
      ownerUserId,
      ownerOrganisationId,
      revision,
      createdAt,
      updatedAt,
      ...system
    } = records.system!;
    await writeFile(join(dir, 'system.json'), JSON.stringify(system));
    await mkdir(join(dir, 'models'));
    await writeFile(join(dir, 'models', `${records.model.id}.json`), JSON.stringify(records.model));
  }, 120_000);
  afterAll(async () => {
    await hub.close();
    await db.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('registers a model and an AI system, classifies it with its decision path, and prints its documents', async () => {
    const m = await cli('model', 'register', join(dir, 'model.json'), ...auth);
    expect(m.code).toBe(0);
    expect(m.out).toContain(`model ${records.model.id} registered`);
    const created = await cli('aisystem', 'create', join(dir, 'system.json'), ...auth, '--json');
    expect(created.code).toBe(0);
    const id = JSON.parse(created.out).id as string;

    const c = await cli('aisystem', 'classify', id, ...auth);
    expect(c.code).toBe(0);
    expect(c.out).toContain('AI Act: high-risk (annex-i)');
    expect(c.out).toContain('MDR: IIa');
    expect(c.out).toContain('[MDR Annex VIII, Rule 11, first paragraph]');
    const nl = await cli('aisystem', 'classification', id, ...auth, '--lang', 'nl');
    expect(nl.out).toContain('Medische-hulpmiddelensoftware, klasse IIa');

    const tripod = await cli('docs', 'tripod', records.model.id, ...auth, '--format', 'json');
    expect(tripod.code).toBe(0);
    const doc = JSON.parse(tripod.out);
    expect(doc.kind).toBe('tripod-ai');
    expect(doc.items).toHaveLength(52);
    const out = join(dir, 'annex.html');
    const annex = await cli('docs', 'annex-iv', records.model.id, ...auth, '--format', 'html', '--out', out);
    expect(annex.code).toBe(0);
    expect(annex.err).toMatch(/annex-iv: \d+(\.\d)?% complete/);
    expect(await readFile(out, 'utf8')).toContain('<!doctype html>');

    const entry = await cli('aisystem', 'register-entry', id, ...auth);
    expect(JSON.parse(entry.out).entry.publication_category).toBe('Hoog-risico AI-systeem');
  });

  it('generates from a local model registry without a hub, citing only the model record', async () => {
    const r = await cli(
      'docs',
      'annex-iv',
      records.model.id,
      '--models',
      join(dir, 'models'),
      '--format',
      'json',
    );
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.out);
    const kinds = new Set(
      doc.items.flatMap((i: { evidence: { kind: string }[] }) => i.evidence.map((e) => e.kind)),
    );
    expect([...kinds]).toEqual(['model']);
  });

  it('says what is wrong: an unknown model, a file that is not there', async () => {
    const unknown = await cli('docs', 'tripod', 'no-such-model', ...auth);
    expect(unknown.code).toBe(1);
    expect(unknown.err).toContain('no AI system you may see uses model no-such-model');
    const missing = await cli('aisystem', 'create', join(dir, 'nope.json'), ...auth);
    expect(missing.code).toBe(2);
    expect(missing.err).toContain('file not found');
  });

  it('names a bad --revision or a file that is not a JSON object on update, before calling the hub', async () => {
    const r = await cli(
      'aisystem',
      'update',
      'sys-x',
      join(dir, 'system.json'),
      '--revision',
      'two',
      ...auth,
    );
    expect(r.code).toBe(2);
    expect(r.err).toContain('--revision');
    await writeFile(join(dir, 'string.json'), '"just a string"');
    const s = await cli('aisystem', 'update', 'sys-x', join(dir, 'string.json'), '--revision', '1', ...auth);
    expect(s.code).toBe(2);
    expect(s.err).toContain('<file>');
  });

  it('submits an AI-readiness self-assessment and shows the landscape with its white spots', async () => {
    const answers = Object.fromEntries(
      readinessThemes.themes.flatMap((t) => t.questions.map((q) => [q.id, t.id === 'validation' ? 0 : 3])),
    );
    await writeFile(join(dir, 'readiness.json'), JSON.stringify(answers));
    const r = await cli('readiness', 'submit', join(dir, 'readiness.json'), ...auth, '--lang', 'nl');
    expect(r.code).toBe(0);
    expect(r.out).toContain('Validatie');
    expect(r.out).toContain('Next steps: Validatie');
    expect(r.out).toContain('network comparison from 3 organisations on');
    const l = await cli('landscape', '--hub', hubUrl);
    expect(l.code).toBe(0);
    expect(l.out).toMatch(/white spots: .*mental-health\/valley 1/);
    expect(l.out).toContain('[example] Health-RI');
  });
});
