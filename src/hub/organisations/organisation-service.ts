import type {
  Organisation,
  OrganisationKind,
  Role,
  User,
  UserInput,
} from '../../api/organisation-schemas.ts';
import { conflict, notFound, unauthenticated } from '../../common/app-error.ts';
import { claimLoginAttempt, loginSucceeded } from '../auth/login-throttle.ts';
import { hashPassword, verifyPassword } from '../auth/passwords.ts';
import { issueJwt } from '../auth/tokens.ts';
import type { HubDb } from '../db/hub-db.ts';
import { iso } from '../db/row-values.ts';
import type { HubContext } from '../hub-context.ts';
import { newId } from '../new-id.ts';

export async function createOrganisation(
  db: HubDb,
  input: { name: string; kind: OrganisationKind },
  now: Date,
): Promise<Organisation> {
  const existing = await db.query('select 1 from organisations where name = $1', [input.name]);
  if (existing.length > 0) throw conflict('an organisation with this name exists', 'name');
  const org = { id: newId('org'), name: input.name, kind: input.kind, createdAt: now.toISOString() };
  await db.query('insert into organisations (id, name, kind, created_at) values ($1, $2, $3, $4)', [
    org.id,
    org.name,
    org.kind,
    now,
  ]);
  return org;
}

export async function listOrganisations(db: HubDb): Promise<Organisation[]> {
  const rows = await db.query<{ id: string; name: string; kind: OrganisationKind; created_at: Date }>(
    'select id, name, kind, created_at from organisations order by name',
  );
  return rows.map((r) => ({ id: r.id, name: r.name, kind: r.kind, createdAt: iso(r.created_at)! }));
}

export async function createUser(db: HubDb, input: UserInput, now: Date): Promise<User> {
  const email = input.email.toLowerCase();
  const org = await db.query('select 1 from organisations where id = $1', [input.organisationId]);
  if (org.length === 0) throw notFound('no such organisation', 'organisationId');
  const existing = await db.query('select 1 from users where email = $1', [email]);
  if (existing.length > 0) throw conflict('a user with this email exists', 'email');
  const user: User = {
    id: newId('usr'),
    email,
    name: input.name,
    organisationId: input.organisationId,
    role: input.role,
    createdAt: now.toISOString(),
  };
  await db.query(
    `insert into users (id, email, name, organisation_id, role, password_hash, created_at)
     values ($1, $2, $3, $4, $5, $6, $7)`,
    [user.id, email, user.name, user.organisationId, user.role, await hashPassword(input.password), now],
  );
  return user;
}

export async function listUsers(db: HubDb, organisationId?: string): Promise<User[]> {
  const rows = await db.query<{
    id: string;
    email: string;
    name: string;
    organisation_id: string;
    role: Role;
    created_at: Date;
  }>(
    `select id, email, name, organisation_id, role, created_at from users
     where $1::text is null or organisation_id = $1 order by email`,
    [organisationId ?? null],
  );
  return rows.map((r) => ({
    id: r.id,
    email: r.email,
    name: r.name,
    organisationId: r.organisation_id,
    role: r.role,
    createdAt: iso(r.created_at)!,
  }));
}

/**
 * Email + password → a 15-minute JWT. The message is the same for an unknown email and a wrong password.
 * Attempts are limited per account and per calling address ({@link claimLoginAttempt}): a 429 says when
 * to try again.
 */
export async function login(
  ctx: HubContext,
  email: string,
  password: string,
  address: string,
): Promise<{ token: string; expiresAt: string; user: User }> {
  await claimLoginAttempt(ctx, email, address);
  const rows = await ctx.db.query<{ id: string; password_hash: string }>(
    'select id, password_hash from users where email = $1',
    [email.toLowerCase()],
  );
  const row = rows[0];
  if (!row || !(await verifyPassword(row.password_hash, password))) {
    await ctx.audit.record({ actor: 'anonymous', action: 'auth.login-failed' });
    throw unauthenticated('wrong email or password');
  }
  await loginSucceeded(ctx, email, address);
  const user = (await listUsersById(ctx.db, row.id))!;
  const jwt = await issueJwt(ctx.jwtSecret, user.id, ctx.now());
  await ctx.audit.record({ actor: `user:${user.id}`, action: 'auth.login' });
  return { ...jwt, user };
}

export async function listUsersById(db: HubDb, id: string): Promise<User | undefined> {
  const all = await db.query<{
    id: string;
    email: string;
    name: string;
    organisation_id: string;
    role: Role;
    created_at: Date;
  }>('select id, email, name, organisation_id, role, created_at from users where id = $1', [id]);
  const r = all[0];
  return r
    ? {
        id: r.id,
        email: r.email,
        name: r.name,
        organisationId: r.organisation_id,
        role: r.role,
        createdAt: iso(r.created_at)!,
      }
    : undefined;
}
