import { type Role, Roles } from '../../api/organisation-schemas.ts';
import { forbidden, unauthenticated } from '../../common/app-error.ts';

export { type Role, Roles };

/** Who is calling: a signed-in user (JWT or API token) or a station (station token). */
export type Principal =
  | {
      kind: 'user';
      userId: string;
      organisationId: string;
      role: Role;
      email: string;
      /** The API token the user called with; absent for a signed-in session (a JWT). */
      apiTokenId?: string;
    }
  | { kind: 'station'; stationId: string; organisationId: string };

export type UserPrincipal = Extract<Principal, { kind: 'user' }>;

/** Any signed-in user. */
export const anyRole: readonly Role[] = Roles;

/** Throws forbidden unless the caller is a user with one of `roles` (admin always passes). */
export function requireRole(p: Principal | undefined, roles: readonly Role[], where: string): UserPrincipal {
  if (!p) throw unauthenticated('sign in first');
  if (p.kind !== 'user') throw forbidden('this endpoint is for users, not stations', where);
  if (p.role !== 'admin' && !roles.includes(p.role)) {
    throw forbidden(
      `role ${p.role} may not do this; needs ${roles.length ? roles.join(' or ') : 'admin'}`,
      where,
    );
  }
  return p;
}

export function requireStation(
  p: Principal | undefined,
  where: string,
): Extract<Principal, { kind: 'station' }> {
  if (!p) throw unauthenticated('a station token is required');
  if (p.kind !== 'station') throw forbidden('this endpoint is for stations (use a station token)', where);
  return p;
}
