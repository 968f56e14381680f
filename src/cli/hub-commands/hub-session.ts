import type { Command } from 'commander';
import { AppError, unauthenticated } from '../../common/index.ts';
import { HubClient } from '../../hub-client/index.ts';
import { loadCliConfig } from './cli-config.ts';

export const DEFAULT_HUB = 'http://127.0.0.1:8080';

/** The options every hub command takes. */
export interface HubOptions {
  hub?: string;
  token?: string;
  json?: boolean;
}

/** Adds `--hub` and `--token` (and `--json` unless `json` is false). */
export function withHubOptions(cmd: Command, options: { json?: boolean } = {}): Command {
  cmd
    .option(
      '--hub <url>',
      `hub base URL (default: env AI4H_HUB, else the hub of your last login, else ${DEFAULT_HUB})`,
    )
    .option('--token <token>', 'API token or JWT (default: env AI4H_TOKEN, else the token of `ai4h login`)');
  if (options.json !== false) cmd.option('--json', 'print JSON (for scripts)');
  return cmd;
}

const normalise = (url: string) => url.replace(/\/+$/, '');

/** The hub URL: `--hub`, env `AI4H_HUB`, the hub of the last `ai4h login`, or the local default. */
export async function resolveHubUrl(opts: HubOptions, env: NodeJS.ProcessEnv = process.env): Promise<string> {
  const given = opts.hub ?? env.AI4H_HUB;
  if (given) {
    try {
      return normalise(new URL(given).href);
    } catch {
      throw new AppError(
        'badInput',
        'not a URL (e.g. https://hub.example.nl)',
        opts.hub ? '--hub' : 'AI4H_HUB',
      );
    }
  }
  return (await loadCliConfig(env)).lastHub ?? DEFAULT_HUB;
}

/**
 * A HubClient for the command. With `auth`, a token must be found: `--token`, env `AI4H_TOKEN`, or the
 * unexpired session stored by `ai4h login` for this hub; otherwise it says how to sign in.
 */
export async function hubClient(
  opts: HubOptions,
  auth: boolean,
  env: NodeJS.ProcessEnv = process.env,
): Promise<HubClient> {
  const url = await resolveHubUrl(opts, env);
  if (!auth) return new HubClient(url);
  const explicit = opts.token ?? env.AI4H_TOKEN;
  if (explicit) return new HubClient(url, { token: explicit });
  const session = (await loadCliConfig(env)).sessions[url];
  if (!session)
    throw unauthenticated(
      `not signed in to ${url}: run \`ai4h login --hub ${url} --email <e-mail>\` or give --token`,
    );
  if (Date.parse(session.expiresAt) <= Date.now())
    throw unauthenticated(
      `your sign-in to ${url} has expired: run \`ai4h login\` again (or use an API token)`,
    );
  return new HubClient(url, { token: session.token });
}
