import { unauthenticated } from '../../common/app-error.ts';
import type { HubContext } from '../hub-context.ts';
import type { Principal, Role } from './principal.ts';
import { hashToken, TokenPrefix, verifyJwt } from './tokens.ts';

/** Resolves the bearer token of a request to a principal; the user or station is read fresh each time. */
export async function authenticate(ctx: HubContext, authorization: string | undefined): Promise<Principal> {
  const match = /^Bearer\s+(\S+)$/i.exec(authorization ?? '');
  if (!match) throw unauthenticated('missing bearer token in Authorization header');
  const token = match[1]!;
  const now = ctx.now();
  if (token.startsWith(TokenPrefix.station)) {
    // Read on every request: an expired or revoked station token (or one issued with an API token
    // that was revoked since) is refused from the next request on.
    const rows = await ctx.db.query<{ id: string; organisation_id: string }>(
      `select s.id, s.organisation_id from stations s left join api_tokens t on t.id = s.token_issued_with
       where s.token_hash = $1 and s.token_revoked_at is null and s.token_expires_at > $2
         and t.revoked_at is null`,
      [hashToken(token), now],
    );
    const s = rows[0];
    if (!s) throw unauthenticated('unknown, revoked or expired station token');
    return { kind: 'station', stationId: s.id, organisationId: s.organisation_id };
  }
  let userId: string;
  let apiTokenId: string | undefined;
  if (token.startsWith(TokenPrefix.user)) {
    // Read on every request: a revoked token is refused from the next request on.
    const rows = await ctx.db.query<{ id: string; user_id: string }>(
      `select id, user_id from api_tokens
       where token_hash = $1 and revoked_at is null and (expires_at is null or expires_at > $2)`,
      [hashToken(token), now],
    );
    if (!rows[0]) throw unauthenticated('unknown, revoked or expired API token');
    userId = rows[0].user_id;
    apiTokenId = rows[0].id;
  } else {
    userId = await verifyJwt(ctx.jwtSecret, token, now);
  }
  const users = await ctx.db.query<{ id: string; organisation_id: string; role: Role; email: string }>(
    'select id, organisation_id, role, email from users where id = $1',
    [userId],
  );
  const u = users[0];
  if (!u) throw unauthenticated('the user of this token no longer exists');
  return {
    kind: 'user',
    userId: u.id,
    organisationId: u.organisation_id,
    role: u.role,
    email: u.email,
    ...(apiTokenId ? { apiTokenId } : {}),
  };
}
