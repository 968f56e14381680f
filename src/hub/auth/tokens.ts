import { createHash, randomBytes } from 'node:crypto';
import { errors, jwtVerify, SignJWT } from 'jose';
import { unauthenticated } from '../../common/app-error.ts';

/** Access tokens live 15 minutes; scripts use API tokens instead. */
export const JWT_TTL_SECONDS = 15 * 60;

export const TokenPrefix = { user: 'ai4h_u_', station: 'ai4h_s_' } as const;

/** A random bearer secret; only its SHA-256 is stored (it has 256 bits of entropy, so no slow hash). */
export function newSecretToken(kind: keyof typeof TokenPrefix): { token: string; hash: string } {
  const token = TokenPrefix[kind] + randomBytes(32).toString('base64url');
  return { token, hash: hashToken(token) };
}

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

export async function issueJwt(
  secret: Uint8Array,
  userId: string,
  now: Date,
): Promise<{ token: string; expiresAt: string }> {
  const iat = Math.floor(now.getTime() / 1000);
  const token = await new SignJWT({})
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject(userId)
    .setIssuer('ai4h-hub')
    .setIssuedAt(iat)
    .setExpirationTime(iat + JWT_TTL_SECONDS)
    .sign(secret);
  return { token, expiresAt: new Date((iat + JWT_TTL_SECONDS) * 1000).toISOString() };
}

/** Returns the user id of a valid, unexpired token; throws unauthenticated otherwise. */
export async function verifyJwt(secret: Uint8Array, token: string, now: Date): Promise<string> {
  try {
    const { payload } = await jwtVerify(token, secret, {
      issuer: 'ai4h-hub',
      algorithms: ['HS256'],
      currentDate: now,
    });
    if (typeof payload.sub !== 'string') throw unauthenticated('token has no subject');
    return payload.sub;
  } catch (e) {
    if (e instanceof errors.JWTExpired) throw unauthenticated('token expired; sign in again');
    throw unauthenticated('invalid token');
  }
}
