import { API_TOKEN_DAYS, type ApiToken } from '../../api/organisation-schemas.ts';
import { forbidden, notFound } from '../../common/app-error.ts';
import { iso } from '../db/row-values.ts';
import type { HubContext } from '../hub-context.ts';
import { newId } from '../new-id.ts';
import { revokeStationTokensIssuedWith } from '../stations/station-tokens.ts';
import type { UserPrincipal } from './principal.ts';
import { newSecretToken } from './tokens.ts';

const DAY_MS = 86_400_000;

/**
 * A token for scripts; the secret is returned once and stored only as a hash. It expires after
 * `expiresInDays` (default 30, at most 90). Only a signed-in session may create one: an API token that
 * could make the next one would never expire.
 */
export async function createApiToken(
  ctx: HubContext,
  me: UserPrincipal,
  label: string,
  expiresInDays: number = API_TOKEN_DAYS.default,
): Promise<{ id: string; token: string; expiresAt: string }> {
  if (me.apiTokenId) {
    throw forbidden('an API token cannot create API tokens; sign in with your password', 'Authorization');
  }
  const { token, hash } = newSecretToken('user');
  const now = ctx.now();
  const days = Math.min(expiresInDays, API_TOKEN_DAYS.max);
  const expiresAt = new Date(now.getTime() + days * DAY_MS);
  const id = newId('tok');
  await ctx.db.query(
    'insert into api_tokens (id, user_id, token_hash, label, created_at, expires_at) values ($1, $2, $3, $4, $5, $6)',
    [id, me.userId, hash, label, now, expiresAt],
  );
  await ctx.audit.record({
    actor: `user:${me.userId}`,
    action: 'auth.api-token-created',
    subject: id,
    details: { expiresAt: expiresAt.toISOString() },
  });
  return { id, token, expiresAt: expiresAt.toISOString() };
}

interface TokenRow {
  id: string;
  user_id: string;
  label: string;
  created_at: Date;
  expires_at: Date | null;
  revoked_at: Date | null;
}

const COLUMNS = 'id, user_id, label, created_at, expires_at, revoked_at';

/** The caller's tokens, or with `all` (admins only) everyone's; newest first, never a secret or hash. */
export async function listApiTokens(ctx: HubContext, me: UserPrincipal, all: boolean): Promise<ApiToken[]> {
  if (all && me.role !== 'admin') throw forbidden('only an admin lists the tokens of all users', 'query.all');
  const rows = await ctx.db.query<TokenRow>(
    `select ${COLUMNS} from api_tokens where $1::text is null or user_id = $1 order by created_at desc, id`,
    [all ? null : me.userId],
  );
  const now = ctx.now();
  return rows.map((r) => view(r, now));
}

/**
 * Revokes one of the caller's tokens (an admin: anyone's). Every request checks the token afresh, so the
 * next request with it is refused. Revoking a revoked token changes nothing.
 */
export async function revokeApiToken(ctx: HubContext, me: UserPrincipal, id: string): Promise<ApiToken> {
  const now = ctx.now();
  const row = await ctx.db.transaction(async (tx) => {
    const rows = await tx.query<TokenRow>(
      `update api_tokens set revoked_at = coalesce(revoked_at, $3)
       where id = $1 and ($2::text is null or user_id = $2)
       returning ${COLUMNS}`,
      [id, me.role === 'admin' ? null : me.userId, now],
    );
    // Another user's token is "not found" to a non-admin: its existence is not theirs to know.
    if (!rows[0]) throw notFound('no such API token of yours', 'params.id');
    // Station credentials made with this token do not outlive it.
    const stations = await revokeStationTokensIssuedWith(tx, id, now);
    await ctx.audit.recordIn(tx, [
      {
        actor: `user:${me.userId}`,
        action: 'auth.api-token-revoked',
        subject: id,
        ...(stations.length ? { details: { stationTokensRevoked: stations } } : {}),
      },
    ]);
    return rows[0];
  });
  return view(row, now);
}

function view(r: TokenRow, now: Date): ApiToken {
  const expired = r.expires_at !== null && new Date(r.expires_at) <= now;
  return {
    id: r.id,
    userId: r.user_id,
    label: r.label,
    createdAt: iso(r.created_at)!,
    expiresAt: iso(r.expires_at) ?? null,
    revokedAt: iso(r.revoked_at) ?? null,
    status: r.revoked_at ? 'revoked' : expired ? 'expired' : 'active',
  };
}
