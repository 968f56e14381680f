import { execFile, spawn } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { notPrivate } from '../common/private-modes.fixture.ts';

const run = promisify(execFile);

/** `ai4h …` from a shell whose umask lets everyone read everything (the worst an operator may have). */
const ai4h = (...args: string[]) =>
  run('sh', ['-c', 'umask 000; exec node bin/ai4h.mjs "$@"', 'ai4h', ...args], { timeout: 300_000 });

describe('the files ai4h writes are private whatever the umask', () => {
  let root: string;
  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'ai4h-private-files-'));
  });
  afterAll(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it('hub init, serve and rotate-secret: the hub folder 0700, its database and secret files 0600', async () => {
    const dir = join(root, 'hub');
    const demo = JSON.parse((await ai4h('hub', 'init', '--data', dir, '--demo')).stdout) as {
      demo?: { users: Record<string, { email: string; password: string }> };
    };
    expect(readdirSync(dir)).toEqual(
      expect.arrayContaining(['hub-signing-key.json', 'hub-jwt-secret', 'PG_VERSION']),
    );
    expect(notPrivate(dir)).toEqual([]);
    // Served, signed in to and written to: the files PostgreSQL adds while the hub runs are private too.
    const admin = demo.demo!.users.admin!;
    const hub = spawn(
      'sh',
      ['-c', 'umask 000; exec node bin/ai4h.mjs "$@"', 'ai4h', 'hub', 'serve', '--data', dir, '--port', '0'],
      {
        stdio: ['ignore', 'ignore', 'pipe'],
      },
    );
    try {
      const url = await new Promise<string>((ok, fail) => {
        let err = '';
        hub.stderr.on('data', (d: Buffer) => {
          err += d.toString();
          const m = /hub listening on (\S+)/.exec(err);
          if (m) ok(m[1]!);
        });
        hub.on('exit', () => fail(new Error(`hub serve ended: ${err}`)));
      });
      const login = await fetch(`${url}/api/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email: admin.email, password: admin.password }),
      });
      const { token } = (await login.json()) as { token: string };
      for (let i = 0; i < 20; i++) {
        const r = await fetch(`${url}/api/auth/tokens`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
          body: JSON.stringify({ label: `t${i}` }),
        });
        expect(r.status).toBe(200);
      }
      expect(notPrivate(dir)).toEqual([]);
      // Not while the hub runs: two processes writing one embedded database would corrupt it.
      const busy = await ai4h('hub', 'rotate-secret', '--data', dir).catch(
        (e: { code: number; stderr: string }) => e,
      );
      expect(busy).toMatchObject({
        code: 1,
        stderr: expect.stringMatching(/in use by process \d+; stop that hub first/),
      });
    } finally {
      hub.kill('SIGTERM');
      await new Promise((ok) => hub.once('exit', ok));
    }
    expect(notPrivate(dir)).toEqual([]);
    const { stdout } = await ai4h('hub', 'rotate-secret', '--data', dir, '--signing-key');
    expect(JSON.parse(stdout).rotated).toEqual(['jwt-secret', 'signing-key']);
    expect(notPrivate(dir)).toEqual([]);
  }, 300_000);

  it('ai4h start (what npm start runs): the hub folder, the stations and every file in them private', async () => {
    // Three small stations ingested beforehand, so the start reuses them instead of generating thousands.
    const synth = join(root, 'start-synth');
    await ai4h('synth', '--patients', '20', '--seed', '5', '--out', synth);
    const data = join(root, 'network');
    for (const name of ['ziekenhuis-noord', 'huisartsen-midden', 'zorggroep-zuid']) {
      await ai4h('station', 'ingest', '--dir', join(data, 'stations', name), join(synth, 'Patient.ndjson'));
    }
    const start = spawn(
      'sh',
      ['-c', 'umask 000; exec node bin/ai4h.mjs "$@"', 'ai4h', 'start', '--data', data, '--port', '0'],
      {
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    try {
      await new Promise<void>((ok, fail) => {
        let out = '';
        let err = '';
        start.stdout.on('data', (d: Buffer) => {
          out += d.toString();
          if (out.includes('AI4Health platform is running')) ok();
        });
        start.stderr.on('data', (d: Buffer) => {
          err += d.toString();
        });
        start.on('exit', () => fail(new Error(`ai4h start ended: ${err}`)));
      });
      expect(readdirSync(join(data, 'hub'))).toEqual(
        expect.arrayContaining(['hub-signing-key.json', 'hub-jwt-secret']),
      );
      expect(notPrivate(data)).toEqual([]);
    } finally {
      start.kill('SIGTERM');
      await new Promise((ok) => start.once('exit', ok));
    }
    expect(notPrivate(data)).toEqual([]);
  }, 600_000);

  it('station ingest: the station folder 0700, its DuckDB file, keys, ledgers and audit log 0600', async () => {
    const synth = join(root, 'synth');
    await ai4h('synth', '--patients', '20', '--seed', '3', '--out', synth);
    const station = join(root, 'station');
    await ai4h(
      'station',
      'ingest',
      '--dir',
      station,
      join(synth, 'Patient.ndjson'),
      join(synth, 'Condition.ndjson'),
    );
    await ai4h('station', 'profile', '--dir', station);
    expect(readdirSync(station)).toContain('station.duckdb');
    expect(notPrivate(station)).toEqual([]);
  }, 300_000);
});
