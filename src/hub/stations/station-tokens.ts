import { STATION_TOKEN_DAYS } from '../../api/station-schemas.ts';
import { notFound } from '../../common/app-error.ts';
import type { UserPrincipal } from '../auth/principal.ts';
import { newSecretToken } from '../auth/tokens.ts';
import type { HubQueryable } from '../db/hub-db.ts';
import type { HubContext } from '../hub-context.ts';

const DAY_MS = 86_400_000;

/**
 * Gives a station a new token (the old one stops working at once): it expires after
 * `STATION_TOKEN_DAYS.lifetime` days and remembers the API token it was issued with (null: a signed-in
 * session or the station itself), so revoking that API token also ends this credential.
 */
export async function issueStationToken(
  tx: HubQueryable,
  stationId: string,
  issuedWith: string | null,
  now: Date,
): Promise<{ token: string; expiresAt: Date }> {
  const { token, hash } = newSecretToken('station');
  const expiresAt = new Date(now.getTime() + STATION_TOKEN_DAYS.lifetime * DAY_MS);
  await tx.query(
    `update stations set token_hash = $2, token_expires_at = $3, token_revoked_at = null, token_issued_with = $4
     where id = $1`,
    [stationId, hash, expiresAt, issuedWith],
  );
  return { token, expiresAt };
}

/**
 * A station renews its own token before it expires; the new one keeps the old one's origin (a token
 * made with a steward's API token stays bound to it), and the old one is refused from now on.
 */
export async function renewStationToken(
  ctx: HubContext,
  stationId: string,
): Promise<{ stationId: string; token: string; expiresAt: string }> {
  const now = ctx.now();
  const out = await ctx.db.transaction(async (tx) => {
    const rows = await tx.query<{ token_issued_with: string | null }>(
      'select token_issued_with from stations where id = $1 for update',
      [stationId],
    );
    const issued = await issueStationToken(tx, stationId, rows[0]?.token_issued_with ?? null, now);
    await ctx.audit.recordIn(tx, [
      {
        actor: `station:${stationId}`,
        action: 'station.token-renewed',
        subject: stationId,
        details: { expiresAt: issued.expiresAt.toISOString() },
      },
    ]);
    return issued;
  });
  return { stationId, token: out.token, expiresAt: out.expiresAt.toISOString() };
}

/** The station, when it is one of the caller's organisation (an admin: any); others learn nothing of it. */
async function ownStation(tx: HubQueryable, by: UserPrincipal, stationId: string): Promise<void> {
  const rows = await tx.query<{ organisation_id: string }>(
    'select organisation_id from stations where id = $1 for update',
    [stationId],
  );
  const s = rows[0];
  if (!s || (by.role !== 'admin' && s.organisation_id !== by.organisationId))
    throw notFound('no such station of your organisation', 'params.id');
}

/** A steward of the station's organisation gives it a new token (e.g. after a leak); audited. */
export async function rotateStationToken(
  ctx: HubContext,
  by: UserPrincipal,
  stationId: string,
): Promise<{ stationId: string; token: string; expiresAt: string }> {
  const now = ctx.now();
  const out = await ctx.db.transaction(async (tx) => {
    await ownStation(tx, by, stationId);
    const issued = await issueStationToken(tx, stationId, by.apiTokenId ?? null, now);
    await ctx.audit.recordIn(tx, [
      {
        actor: `user:${by.userId}`,
        action: 'station.token-rotated',
        subject: stationId,
        details: {
          expiresAt: issued.expiresAt.toISOString(),
          ...(by.apiTokenId ? { apiToken: by.apiTokenId } : {}),
        },
      },
    ]);
    return issued;
  });
  return { stationId, token: out.token, expiresAt: out.expiresAt.toISOString() };
}

/** A steward of the station's organisation revokes its token: refused from the next request on; audited. */
export async function revokeStationToken(
  ctx: HubContext,
  by: UserPrincipal,
  stationId: string,
): Promise<{ stationId: string; revokedAt: string }> {
  const now = ctx.now();
  const revokedAt = await ctx.db.transaction(async (tx) => {
    await ownStation(tx, by, stationId);
    const rows = await tx.query<{ token_revoked_at: Date }>(
      'update stations set token_revoked_at = coalesce(token_revoked_at, $2) where id = $1 returning token_revoked_at',
      [stationId, now],
    );
    await ctx.audit.recordIn(tx, [
      { actor: `user:${by.userId}`, action: 'station.token-revoked', subject: stationId },
    ]);
    return new Date(rows[0]!.token_revoked_at);
  });
  return { stationId, revokedAt: revokedAt.toISOString() };
}

/**
 * Revoking an API token ends the station tokens it issued (registered or rotated with it) in the same
 * transaction; returns their stations, for the audit entry.
 */
export async function revokeStationTokensIssuedWith(
  tx: HubQueryable,
  apiTokenId: string,
  now: Date,
): Promise<string[]> {
  const rows = await tx.query<{ id: string }>(
    `update stations set token_revoked_at = coalesce(token_revoked_at, $2)
     where token_issued_with = $1 returning id`,
    [apiTokenId, now],
  );
  return rows.map((r) => r.id).sort();
}
