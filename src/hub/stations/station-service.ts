import { createPublicKey } from 'node:crypto';
import type { HeartbeatInput, Station, StationInput } from '../../api/station-schemas.ts';
import { badInput, forbidden, notFound } from '../../common/app-error.ts';
import { keyIdOf } from '../../protocol/signing.ts';
import type { UserPrincipal } from '../auth/principal.ts';
import { newSecretToken } from '../auth/tokens.ts';
import { iso } from '../db/row-values.ts';
import type { HubContext } from '../hub-context.ts';
import { newId } from '../new-id.ts';
import { issueStationToken } from './station-tokens.ts';

/** A steward registers a station of their own organisation; the station token is returned once. */
export async function registerStation(
  ctx: HubContext,
  by: UserPrincipal,
  input: StationInput,
): Promise<{ id: string; token: string; keyId: string; tokenExpiresAt: string }> {
  if (by.role !== 'admin' && by.organisationId !== input.organisationId) {
    throw forbidden('a steward registers stations only for their own organisation', 'organisationId');
  }
  const org = await ctx.db.query('select 1 from organisations where id = $1', [input.organisationId]);
  if (org.length === 0) throw notFound('no such organisation', 'organisationId');
  checkStationKey(input.publicKeyPem);
  const id = newId('stn');
  const { hash } = newSecretToken('station');
  const keyId = keyIdOf(input.publicKeyPem);
  const now = ctx.now();
  // Registering with a steward's API token is a supported workflow (scripts set stations up); the
  // station's credential then stays bound to that API token: revoking it ends the credential too.
  const issued = await ctx.db.transaction(async (tx) => {
    await tx.query(
      `insert into stations (id, name, organisation_id, public_key_pem, key_id, token_hash, created_at, token_expires_at)
       values ($1, $2, $3, $4, $5, $6, $7, $7)`,
      [id, input.name, input.organisationId, input.publicKeyPem, keyId, hash, now],
    );
    const t = await issueStationToken(tx, id, by.apiTokenId ?? null, now);
    await ctx.audit.recordIn(tx, [
      {
        actor: `user:${by.userId}`,
        action: 'station.registered',
        subject: id,
        details: {
          tokenExpiresAt: t.expiresAt.toISOString(),
          ...(by.apiTokenId ? { apiToken: by.apiTokenId } : {}),
        },
      },
    ]);
    return t;
  });
  return { id, token: issued.token, keyId, tokenExpiresAt: issued.expiresAt.toISOString() };
}

function checkStationKey(publicKeyPem: string): void {
  let keyType: string | undefined;
  try {
    keyType = createPublicKey(publicKeyPem).asymmetricKeyType;
  } catch {
    throw badInput('not a PEM public key', 'publicKeyPem');
  }
  if (keyType !== 'ed25519') throw badInput('the station key must be Ed25519', 'publicKeyPem');
}

/**
 * A steward registers the public key of a station of their own organisation (one registered before
 * stations had keys, or whose key was replaced). Heads signed with the new key must still extend the
 * head the hub holds: a new key does not let a station rewrite what it already signed.
 */
export async function registerStationKey(
  ctx: HubContext,
  by: UserPrincipal,
  stationId: string,
  publicKeyPem: string,
): Promise<{ id: string; keyId: string }> {
  const rows = await ctx.db.query<{ organisation_id: string; key_id: string }>(
    'select organisation_id, key_id from stations where id = $1',
    [stationId],
  );
  const station = rows[0];
  if (!station || (by.role !== 'admin' && by.organisationId !== station.organisation_id))
    throw notFound('no such station of your organisation', 'id');
  checkStationKey(publicKeyPem);
  const keyId = keyIdOf(publicKeyPem);
  if (keyId === station.key_id) return { id: stationId, keyId };
  await ctx.db.transaction(async (tx) => {
    await tx.query('update stations set public_key_pem = $2, key_id = $3 where id = $1', [
      stationId,
      publicKeyPem,
      keyId,
    ]);
    await ctx.audit.recordIn(tx, [
      {
        actor: `user:${by.userId}`,
        action: 'station.key-registered',
        subject: stationId,
        details: { keyId, previousKeyId: station.key_id },
      },
    ]);
  });
  return { id: stationId, keyId };
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
    audit_entries: string | number | null;
    audit_signed_at: string | null;
    audit_flag: string | null;
    audit_flagged_at: Date | null;
    token_expires_at: Date;
    token_revoked_at: Date | null;
    token_api_revoked_at: Date | null;
  }>(
    `select s.id, s.name, s.organisation_id, o.name as organisation_name, s.public_key_pem, s.key_id,
            s.created_at, s.last_heartbeat_at, s.data_version, s.software_version,
            h.entries as audit_entries, h.signed_head->'head'->>'signedAt' as audit_signed_at,
            s.audit_flag, s.audit_flagged_at, s.token_expires_at, s.token_revoked_at,
            t.revoked_at as token_api_revoked_at
     from stations s join organisations o on o.id = s.organisation_id
       left join station_audit_heads h on h.station_id = s.id
       left join api_tokens t on t.id = s.token_issued_with
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
    ...(r.audit_entries !== null && r.audit_signed_at
      ? { auditHead: { entries: Number(r.audit_entries), signedAt: r.audit_signed_at } }
      : {}),
    ...(r.audit_flag && r.audit_flagged_at
      ? { auditFlag: { problem: r.audit_flag, at: iso(r.audit_flagged_at)! } }
      : {}),
    token: tokenState(r.token_expires_at, r.token_revoked_at ?? r.token_api_revoked_at, now),
  }));
}

export async function heartbeat(
  ctx: HubContext,
  stationId: string,
  input: HeartbeatInput,
): Promise<{ ok: true; serverTime: string; tokenExpiresAt?: string }> {
  const now = ctx.now();
  const rows = await ctx.db.query<{ token_expires_at: Date }>(
    `update stations set last_heartbeat_at = $2, data_version = $3, software_version = $4 where id = $1
     returning token_expires_at`,
    [stationId, now, input.dataVersion, input.version],
  );
  const expires = rows[0] ? iso(rows[0].token_expires_at) : undefined;
  return { ok: true, serverTime: now.toISOString(), ...(expires ? { tokenExpiresAt: expires } : {}) };
}

function tokenState(expiresAt: Date, revokedAt: Date | null, now: number): NonNullable<Station['token']> {
  return {
    status: revokedAt ? 'revoked' : expiresAt.getTime() <= now ? 'expired' : 'active',
    expiresAt: iso(expiresAt)!,
    ...(revokedAt ? { revokedAt: iso(revokedAt)! } : {}),
  };
}
