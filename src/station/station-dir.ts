import { randomBytes } from 'node:crypto';
import { mkdir, readFile, stat } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';
import { badInput, conflict, forbidden, notFound } from '../common/app-error.ts';
import { makeOwnerOnly } from '../common/owner-only.ts';
import { createFile } from '../common/replace-file.ts';
import { BirthDatePolicies, type BirthDatePolicy } from '../privacy/pseudonymise/reduce-date.ts';
import type { DialectName } from '../store/dialect/dialect.ts';
import { isDialectName } from '../store/dialect/dialects.ts';
import type { StoreLocation } from '../store/open-store.ts';
import { stationSigningKeys } from './station-signing-key.ts';

/** `station.json`: what a station is and where its data lives. Holds no secret (the key is apart). */
export interface StationConfig {
  readonly name: string;
  readonly backend: DialectName;
  /** PostgreSQL URL (backend 'postgres'); a `?schema=` parameter selects the schema. Put no password here. */
  readonly db?: string;
  readonly birthDatePolicy: BirthDatePolicy;
}

/** An opened station folder. */
export interface Station {
  readonly dir: string;
  readonly config: StationConfig;
  /** The 32-byte HMAC secret from `station.key`; never logged, never leaves the station. */
  readonly secret: Buffer;
  /** Where the station's store is. */
  readonly location: StoreLocation;
}

export interface OpenStationOptions {
  /** Create the folder, `station.json` and `station.key` when the station does not exist yet. */
  readonly create?: boolean;
  /** PostgreSQL URL for a new station (otherwise DuckDB); must match the existing one for an old station. */
  readonly db?: string;
  readonly name?: string;
  readonly birthDatePolicy?: BirthDatePolicy;
}

export const STATION_FILE = 'station.json';
export const KEY_FILE = 'station.key';
export const DUCKDB_FILE = 'station.duckdb';
/** The station's hash-chained audit log (tasks, permit decisions, ingests). */
export const AUDIT_FILE = 'audit.log';

/**
 * Opens the station in `dir`, creating it when asked: a folder with `station.json`, `station.key`
 * (mode 0600, created once; a key readable by others is refused), `station-signing.json` (its Ed25519
 * key, mode 0600) and, for DuckDB, `station.duckdb`. Each is created whole and flushed, never half.
 *
 * @example
 * const station = await openStation('stations/umcu', { create: true });
 * const store = await openStore(station.location, tables);
 */
export async function openStation(dir: string, options: OpenStationOptions = {}): Promise<Station> {
  const root = resolve(dir);
  const configPath = join(root, STATION_FILE);
  let config = await readConfig(configPath);
  if (!config) {
    if (!options.create)
      throw notFound('no station here (station.json missing); create one with ingest', dir);
    if (options.db !== undefined) parsePostgresUrl(options.db);
    config = {
      name: options.name ?? basename(root),
      backend: options.db ? 'postgres' : 'duckdb',
      ...(options.db ? { db: options.db } : {}),
      birthDatePolicy: options.birthDatePolicy ?? 'month',
    };
    await mkdir(root, { recursive: true, mode: 0o700 });
    await createFile(configPath, `${JSON.stringify(config, null, 2)}\n`, { mode: 0o600 }).catch(
      (e: unknown) => {
        throw isExists(e) ? conflict('station was created concurrently', dir) : e;
      },
    );
  } else if (options.db !== undefined && options.db !== config.db) {
    throw conflict('station already uses another database; --db must match station.json', configPath);
  }
  // A station folder made before stations kept their data private is closed to other users here.
  await makeOwnerOnly(root);
  const secret = await readOrCreateKey(join(root, KEY_FILE), options.create === true);
  // The key that signs the station's audit chain is born with the station.
  if (options.create) await stationSigningKeys(root);
  const location: StoreLocation =
    config.backend === 'duckdb'
      ? { backend: 'duckdb', path: join(root, DUCKDB_FILE) }
      : { backend: 'postgres', ...parsePostgresUrl(config.db ?? '') };
  return { dir: root, config, secret, location };
}

async function readConfig(path: string): Promise<StationConfig | undefined> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw e;
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw badInput('not valid JSON', path);
  }
  const c = json as Partial<StationConfig>;
  if (typeof c !== 'object' || c === null || typeof c.name !== 'string')
    throw badInput('"name" missing', path);
  if (!isDialectName(c.backend)) throw badInput('"backend" must be duckdb or postgres', path);
  if (c.backend === 'postgres' && typeof c.db !== 'string')
    throw badInput('"db" (PostgreSQL URL) missing', path);
  const policy = c.birthDatePolicy ?? 'month';
  if (!BirthDatePolicies.includes(policy))
    throw badInput('"birthDatePolicy" must be full, month or year', path);
  return { name: c.name, backend: c.backend, ...(c.db ? { db: c.db } : {}), birthDatePolicy: policy };
}

async function readOrCreateKey(path: string, create: boolean): Promise<Buffer> {
  try {
    const info = await stat(path);
    if ((info.mode & 0o077) !== 0 && process.platform !== 'win32') {
      throw forbidden('station.key is readable by other users; restrict it with chmod 600', path);
    }
    const key = Buffer.from((await readFile(path, 'utf8')).trim(), 'hex');
    if (key.length !== 32) throw badInput('station.key must hold 32 bytes as hex', path);
    return key;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
    if (!create) throw notFound('station.key missing', path);
    const key = randomBytes(32);
    try {
      await createFile(path, `${key.toString('hex')}\n`, { mode: 0o600 });
    } catch (w) {
      // Someone else created it between our stat and write: theirs is the key.
      if (isExists(w)) return readOrCreateKey(path, false);
      throw w;
    }
    return key;
  }
}

const isExists = (e: unknown) => (e as NodeJS.ErrnoException | undefined)?.code === 'EEXIST';

/** Splits `postgres://…?schema=name` into the connection URL and the schema. */
export function parsePostgresUrl(db: string): { url: string; schema?: string } {
  let u: URL;
  try {
    u = new URL(db);
  } catch {
    throw badInput('not a URL (expected postgres://user@host:port/database)', '--db');
  }
  if (u.protocol !== 'postgres:' && u.protocol !== 'postgresql:') {
    throw badInput('expected a postgres:// URL', '--db');
  }
  const schema = u.searchParams.get('schema') ?? undefined;
  if (schema !== undefined && !/^[a-z_][a-z0-9_]*$/.test(schema))
    throw badInput('schema must be a plain lower-case name', '--db');
  u.searchParams.delete('schema');
  return schema ? { url: u.toString(), schema } : { url: u.toString() };
}
