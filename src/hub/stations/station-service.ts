import { createPublicKey } from 'node:crypto';
import type { HeartbeatInput, Station, StationInput } from '../../api/station-schemas.ts';
import { badInput, forbidden, notFound } from '../../common/app-error.ts';
import { keyIdOf } from '../../protocol/signing.ts';
import type { UserPrincipal } from '../auth/principal.ts';
import { newSecretToken } from '../auth/tokens.ts';
import { iso } from '../db/row-values.ts';
import type { HubContext } from '../hub-context.ts';
import { newId } from '../new-id.ts';

/** A steward registers a station of their own organisation; the station token is returned once. */
export async function registerStation(
  ctx: HubContext,
  by: UserPrincipal,
  input: StationInput,
): Promise<{ id: string; token: string; keyId: string }> {
  if (by.role !== 'admin' && by.organisationId !== input.organisationId) {
    throw forbidden('a steward registers stations only for their own organisation', 'organisationId');
  }
  const org = await ctx.db.query('select 1 from organisations where id = $1', [input.organisationId]);
  if (org.length === 0) throw notFound('no such organisation', 'organisationId');
  let keyType: string | undefined;
  try {
    keyType = createPublicKey(input.publicKeyPem).asymmetricKeyType;
  } catch {
    throw badInput('not a PEM public key', 'publicKeyPem');
  }
  if (keyType !== 'ed25519') throw badInput('the station key must be Ed25519', 'publicKeyPem');
  const id = newId('stn');
  const { token, hash } = newSecretToken('station');
  const keyId = keyIdOf(input.publicKeyPem);
  await ctx.db.query(
    `insert into stations (id, name, organisation_id, public_key_pem, key_id, token_hash, created_at)
     values ($1, $2, $3, $4, $5, $6, $7)`,
    [id, input.name, input.organisationId, input.publicKeyPem, keyId, hash, ctx.now()],
  );
  await ctx.audit.record({ actor: `user:${by.userId}`, action: 'station.registered', subject: id });
  return { id, token, keyId };
}

export async function listStations(ctx: HubContext, organisationId?: string): Promise<Station[]> {
  const rows = await ctx.db.query<{
    id: string;
    name: string;
    organisation_id: string;
    organisation_name: string;
    public_key_pem: string;
    key_id: string;
    created_at: Date;
    last_heartbeat_at: Date | null;
    data_version: string | null;
    software_version: string | null;
  }>(
    `select s.id, s.name, s.organisation_id, o.name as organisation_name, s.public_key_pem, s.key_id,
            s.created_at, s.last_heartbeat_at, s.data_version, s.software_version
     from stations s join organisations o on o.id = s.organisation_id
     where $1::text is null or s.organisation_id = $1
     order by o.name, s.name`,
    [organisationId ?? null],
  );
  const now = ctx.now().getTime();
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    organisationId: r.organisation_id,
    organisationName: r.organisation_name,
    publicKeyPem: r.public_key_pem,
    keyId: r.key_id,
    createdAt: iso(r.created_at)!,
    ...(r.last_heartbeat_at ? { lastHeartbeatAt: iso(r.last_heartbeat_at)! } : {}),
    ...(r.data_version ? { dataVersion: r.data_version } : {}),
    ...(r.software_version ? { softwareVersion: r.software_version } : {}),
    status:
      r.last_heartbeat_at && now - r.last_heartbeat_at.getTime() < ctx.onlineWindowMs ? 'online' : 'offline',
  }));
}

export async function heartbeat(
  ctx: HubContext,
  stationId: string,
  input: HeartbeatInput,
): Promise<{ ok: true; serverTime: string }> {
  const now = ctx.now();
  await ctx.db.query(
    'update stations set last_heartbeat_at = $2, data_version = $3, software_version = $4 where id = $1',
    [stationId, now, input.dataVersion, input.version],
  );
  return { ok: true, serverTime: now.toISOString() };
}
