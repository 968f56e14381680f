import { tooManyRequests } from '../../common/app-error.ts';
import type { HubContext } from '../hub-context.ts';

/**
 * How many sign-in attempts an account and an address get before they are locked, and for how long.
 * An account: 5 failed attempts in 15 minutes lock it for 15 minutes (a success starts it afresh). An
 * address: 20 failed attempts (on any accounts) in 15 minutes lock it for 15 minutes.
 */
export const LoginLimits = {
  account: 5,
  address: 20,
  windowMs: 15 * 60_000,
  lockMs: 15 * 60_000,
} as const;

type Kind = 'account' | 'address';

/**
 * Counts one sign-in attempt against the account and the address, before the password is checked, and
 * refuses it (429, with when to try again) when either is locked or this attempt is one too many. The
 * attempt is counted first, in one atomic statement per key, so 40 guesses sent at once are not all
 * checked: only the first few reach the password, the rest are refused, and so is the right password
 * that follows them. The lock and refusals while locked are recorded in the hub's audit log (refusals at
 * the 1st, 10th, 100th… so a flood cannot flood the log).
 */
export async function claimLoginAttempt(ctx: HubContext, email: string, address: string): Promise<void> {
  for (const [kind, key] of keysOf(email, address)) {
    const now = ctx.now();
    const rows = await ctx.db.query<{ attempts: number; locked_until: Date | null; refused: number }>(
      `insert into login_throttle as t (key, attempts, window_start, locked_until, refused)
       values ($1, 1, $2, null, 0)
       on conflict (key) do update set
         refused = case when t.locked_until > $2 then t.refused + 1 else 0 end,
         attempts = case when t.locked_until > $2 then t.attempts
                         when t.window_start <= $3 or t.locked_until is not null then 1
                         else t.attempts + 1 end,
         window_start = case when t.locked_until > $2 then t.window_start
                             when t.window_start <= $3 or t.locked_until is not null then $2
                             else t.window_start end,
         locked_until = case when t.locked_until > $2 then t.locked_until
                             when t.window_start > $3 and t.locked_until is null and t.attempts + 1 > $4 then $5
                             else null end
       returning attempts, locked_until, refused`,
      [
        key,
        now,
        new Date(now.getTime() - LoginLimits.windowMs),
        LoginLimits[kind],
        new Date(now.getTime() + LoginLimits.lockMs),
      ],
    );
    const row = rows[0]!;
    const lockedUntil = row.locked_until ? new Date(row.locked_until) : undefined;
    if (!lockedUntil || lockedUntil <= now) continue;
    const refused = Number(row.refused);
    if (refused === 0 || isPowerOfTen(refused)) {
      await ctx.audit.record({
        actor: 'anonymous',
        action: refused === 0 ? 'auth.login-locked' : 'auth.login-refused-while-locked',
        subject: kind,
        details: { lockedUntil: lockedUntil.toISOString(), ...(refused > 0 ? { refused } : {}) },
      });
    }
    const seconds = Math.max(1, Math.ceil((lockedUntil.getTime() - now.getTime()) / 1000));
    const minutes = Math.ceil(seconds / 60);
    throw tooManyRequests(
      kind === 'account'
        ? `too many failed sign-ins for this account; try again in ${minutes} minute${minutes === 1 ? '' : 's'}`
        : `too many failed sign-ins from this address; try again in ${minutes} minute${minutes === 1 ? '' : 's'}`,
      seconds,
      'body.email',
    );
  }
}

/**
 * A successful sign-in: the account starts afresh, and the attempt no longer counts against the address
 * (which still keeps its failures, so signing in to one's own account between guesses does not help).
 */
export async function loginSucceeded(ctx: HubContext, email: string, address: string): Promise<void> {
  await ctx.db.query('delete from login_throttle where key = $1', [accountKey(email)]);
  await ctx.db.query(
    'update login_throttle set attempts = greatest(attempts - 1, 0) where key = $1 and locked_until is null',
    [addressKey(address)],
  );
}

/**
 * The account first: an attempt refused because its account is locked is not counted against the
 * address as well (40 guesses at one account lock that account, not the address the user shares).
 */
function keysOf(email: string, address: string): [Kind, string][] {
  return [
    ['account', accountKey(email)],
    ['address', addressKey(address)],
  ];
}

const accountKey = (email: string) => `account:${email.toLowerCase()}`;
const addressKey = (address: string) => `address:${address}`;

function isPowerOfTen(n: number): boolean {
  return n >= 1 && 10 ** Math.round(Math.log10(n)) === n;
}
